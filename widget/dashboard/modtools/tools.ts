/**
 * The moderator tools' views and dialogs, loaded by <majlis-workspace> after the queue's
 * first paint (a separate chunk, so the dashboard's first download stays the queue's).
 */
import { MajlisCommenterPanel } from '../commenter/majlis-commenter-panel.js';
import { MajlisEditDialog } from '../edit/majlis-edit-dialog.js';
import { MajlisRuleDialog } from '../rules/majlis-rule-dialog.js';
import { MajlisRules } from '../rules/majlis-rules.js';
import { MajlisSearchResults } from '../search/majlis-search-results.js';

const ELEMENTS: Record<string, CustomElementConstructor> = {
  'majlis-search-results': MajlisSearchResults,
  'majlis-commenter-panel': MajlisCommenterPanel,
  'majlis-rule-dialog': MajlisRuleDialog,
  'majlis-rules': MajlisRules,
  'majlis-edit-dialog': MajlisEditDialog,
};

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'majlis-search-results': MajlisSearchResults;
    'majlis-commenter-panel': MajlisCommenterPanel;
    'majlis-rule-dialog': MajlisRuleDialog;
    'majlis-rules': MajlisRules;
    'majlis-edit-dialog': MajlisEditDialog;
  }
}
