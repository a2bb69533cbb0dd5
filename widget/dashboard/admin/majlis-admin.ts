import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { shared } from '../shared.styles.js';
import type { Me, SiteView } from '../types.js';
import { adminStyles } from './admin.styles.js';
import { at } from './strings.js';

/**
 * The admins' page: moderators, sites and privacy requests, one section each
 * (majlis-admin-moderators, majlis-admin-sites, majlis-admin-privacy). Shown to admins
 * only; every route behind it answers 403 to anyone else.
 *
 * @property api - the JSON client
 * @property i18n - strings for the current language
 * @property me - the signed-in admin
 * @property sites - every site
 */
export class MajlisAdmin extends LitElement {
  static override styles = [shared, adminStyles];

  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;
  @property({ attribute: false }) me!: Me;
  @property({ attribute: false }) sites: SiteView[] = [];

  override render() {
    return html`<h2>${at(this.i18n, 'title')}</h2>
      <majlis-admin-moderators .api=${this.api} .i18n=${this.i18n} .me=${this.me} .sites=${this.sites}></majlis-admin-moderators>
      <majlis-admin-sites .api=${this.api} .i18n=${this.i18n} .sites=${this.sites}></majlis-admin-sites>
      <majlis-admin-privacy .api=${this.api} .i18n=${this.i18n}></majlis-admin-privacy>`;
  }
}
