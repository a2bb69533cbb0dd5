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
import { MajlisWorkspace } from './modtools/majlis-workspace.js'; // [modtools] its views load lazily (modtools/tools.ts)

const ELEMENTS: Record<string, CustomElementConstructor> = {
  'majlis-comment-item': MajlisCommentItem,
  'majlis-shortcuts-help': MajlisShortcutsHelp,
  'majlis-login': MajlisLogin,
  'majlis-settings': MajlisSettings,
  'majlis-notify-settings': MajlisNotifySettings,
  'majlis-transfer': MajlisTransfer,
  'majlis-queue': MajlisQueue,
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
    'majlis-workspace': MajlisWorkspace;
    'majlis-dashboard': MajlisDashboard;
  }
}
