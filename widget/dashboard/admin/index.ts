/**
 * The admins' page and the audit view, loaded by the dashboard only when opened
 * (a chunk of their own): defines their elements.
 */
import { MajlisAudit } from '../audit/majlis-audit.js';
import { MajlisAdmin } from './majlis-admin.js';
import { MajlisAdminModerators } from './majlis-admin-moderators.js';
import { MajlisAdminPrivacy } from './majlis-admin-privacy.js';
import { MajlisAdminSites } from './majlis-admin-sites.js';

const ELEMENTS: Record<string, CustomElementConstructor> = {
  'majlis-admin-moderators': MajlisAdminModerators,
  'majlis-admin-sites': MajlisAdminSites,
  'majlis-admin-privacy': MajlisAdminPrivacy,
  'majlis-admin': MajlisAdmin,
  'majlis-audit': MajlisAudit,
};

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
