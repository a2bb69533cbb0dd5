/**
 * The moderator dashboard (served as /moderate.js): defines its elements.
 * The page shell is page.html, which holds a single <majlis-dashboard>.
 */
import { MajlisCommentItem } from './majlis-comment-item.js';
import { MajlisDashboard } from './majlis-dashboard.js';
import { MajlisLogin } from './majlis-login.js';
import { MajlisNotifySettings } from './majlis-notify-settings.js'; // [notify]
import { MajlisQueue } from './majlis-queue.js';
import { MajlisSettings } from './majlis-settings.js';
import { MajlisShortcutsHelp } from './majlis-shortcuts-help.js';
import { MajlisTransfer } from './majlis-transfer.js';
import { MajlisCommenterPanel } from './commenter/majlis-commenter-panel.js'; // [modtools]
import { MajlisEditDialog } from './edit/majlis-edit-dialog.js'; // [modtools]
import { MajlisWorkspace } from './modtools/majlis-workspace.js'; // [modtools]
import { MajlisRuleDialog } from './rules/majlis-rule-dialog.js'; // [modtools]
import { MajlisRules } from './rules/majlis-rules.js'; // [modtools]
import { MajlisSearchResults } from './search/majlis-search-results.js'; // [modtools]

const ELEMENTS: Record<string, CustomElementConstructor> = {
  'majlis-comment-item': MajlisCommentItem,
  'majlis-shortcuts-help': MajlisShortcutsHelp,
  'majlis-login': MajlisLogin,
  'majlis-settings': MajlisSettings,
  'majlis-notify-settings': MajlisNotifySettings,
  'majlis-transfer': MajlisTransfer,
  'majlis-queue': MajlisQueue,
  'majlis-search-results': MajlisSearchResults,
  'majlis-commenter-panel': MajlisCommenterPanel,
  'majlis-rule-dialog': MajlisRuleDialog,
  'majlis-rules': MajlisRules,
  'majlis-edit-dialog': MajlisEditDialog,
  'majlis-workspace': MajlisWorkspace,
  'majlis-dashboard': MajlisDashboard,
};

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'majlis-comment-item': MajlisCommentItem;
    'majlis-shortcuts-help': MajlisShortcutsHelp;
    'majlis-login': MajlisLogin;
    'majlis-settings': MajlisSettings;
    'majlis-notify-settings': MajlisNotifySettings;
    'majlis-transfer': MajlisTransfer;
    'majlis-queue': MajlisQueue;
    'majlis-search-results': MajlisSearchResults;
    'majlis-commenter-panel': MajlisCommenterPanel;
    'majlis-rule-dialog': MajlisRuleDialog;
    'majlis-rules': MajlisRules;
    'majlis-edit-dialog': MajlisEditDialog;
    'majlis-workspace': MajlisWorkspace;
    'majlis-dashboard': MajlisDashboard;
  }
}
