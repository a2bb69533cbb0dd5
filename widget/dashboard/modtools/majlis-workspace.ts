import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Api } from '../api.js';
import type { MajlisCommenterPanel } from '../commenter/majlis-commenter-panel.js';
import type { MajlisEditDialog } from '../edit/majlis-edit-dialog.js';
import type { I18n } from '../i18n/i18n.js';
import { toolKeyFor } from '../keyboard.js';
import type { MajlisRuleDialog } from '../rules/majlis-rule-dialog.js';
import type { MajlisRules } from '../rules/majlis-rules.js';
import type { MajlisSearchResults } from '../search/majlis-search-results.js';
import { shared } from '../shared.styles.js';
import { formStyles } from './forms.styles.js';
import { mt, type ToolKey } from './strings.js';
import type { ModeratorComment } from './types.js';
import { styles } from './majlis-workspace.styles.js';

type Mode = 'queue' | 'search' | 'page' | 'rules';
type CommentDetail = CustomEvent<{ comment: ModeratorComment }>;
const SYNTAX: ToolKey[] = ['syntax_words', 'syntax_email', 'syntax_name', 'syntax_ip', 'syntax_page', 'syntax_url', 'syntax_status'];

/**
 * The moderator tools around the live queue (slotted): a search box (the API's `q`
 * syntax) whose results replace the queue until «العودة», the per-page view, the
 * rules view, the commenter's history in a side panel at the inline end, and the
 * dialogs for rules (`b`), edits and replies. Comments shown in results or the panel
 * follow live events forwarded by the queue (`majlis-live-comment`, and `majlis-live-deleted`
 * for deletions for good), including those that arrive while their answer is on its way. Those views and dialogs
 * are a separate chunk (./tools.ts), imported once the workspace is connected; every action
 * that needs one waits for it.
 *
 * @slot - the <majlis-queue>
 * @property site - the site id
 */
export class MajlisWorkspace extends LitElement {
  static override styles = [shared, formStyles, styles];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private mode: Mode = 'queue';
  @state() private q = '';
  @state() private pageKey = '';
  @state() private pageLabel = '';
  @state() private panelEmail = '';
  @state() private announcement = '';
  @query('majlis-search-results') private results?: MajlisSearchResults;
  @query('majlis-commenter-panel') private panel?: MajlisCommenterPanel;
  @query('majlis-rules') private rules?: MajlisRules;
  @query('majlis-rule-dialog') private ruleDialog!: MajlisRuleDialog;
  @query('majlis-edit-dialog') private editDialog!: MajlisEditDialog;
  @query('#q') private input!: HTMLInputElement;
  private panelOpener: HTMLElement | null = null;
  private lastSite = '';
  private tools: Promise<unknown> | null = null;

  /** The tools' chunk, imported once (and again after a failed attempt). */
  private loadTools(): Promise<unknown> {
    this.tools ??= import('./tools.js').catch((e: unknown) => {
      this.tools = null;
      this.announce((e as Error).message);
      throw e;
    });
    return this.tools;
  }

  constructor() {
    super();
    // on the host: events from the slotted queue and from this shadow root alike
    this.addEventListener('majlis-commenter', (e) => this.openPanel((e as CustomEvent<{ email: string }>).detail.email, opener(e)));
    this.addEventListener('majlis-open-page', (e) => this.openPage((e as CustomEvent<{ page: string; label: string }>).detail));
    this.addEventListener('majlis-edit', (e) => void this.showEdit((e as CommentDetail).detail.comment, 'edit', opener(e)));
    this.addEventListener('majlis-reply', (e) => void this.showEdit((e as CommentDetail).detail.comment, 'reply', opener(e)));
    this.addEventListener('majlis-rule', (e) => void this.showRule((e as CommentDetail).detail.comment, opener(e)));
    this.addEventListener('majlis-rule-saved', (e) => this.onRuleSaved(e as CustomEvent<{ message: string }>));
    this.addEventListener('majlis-comment-changed', (e) => this.onChanged(e as CustomEvent<{ comment: ModeratorComment; message: string }>));
    this.addEventListener('majlis-live-comment', (e) => this.onLive(e as CustomEvent<{ comment: ModeratorComment; isNew: boolean }>));
    this.addEventListener('majlis-live-deleted', (e) => {
      const { ids } = (e as CustomEvent<{ ids: string[] }>).detail;
      this.results?.removeDeleted?.(ids);
      this.panel?.removeDeleted?.(ids);
    });
    this.addEventListener('majlis-announce', (e) => this.announce((e as CustomEvent<{ text: string }>).detail.text));
    this.addEventListener('majlis-close-panel', () => this.closePanel());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    void this.loadTools().catch(() => undefined); // retried on first use
  }

  private async showEdit(comment: ModeratorComment, mode: 'edit' | 'reply', from: HTMLElement | null) {
    await this.loadTools();
    await this.editDialog.show(comment, mode, from);
  }

  private async showRule(comment: ModeratorComment, from: HTMLElement | null) {
    await this.loadTools();
    await this.ruleDialog.show(comment, from);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    // another site: its own queue, no search or history of the last one
    if (this.site !== this.lastSite) {
      if (this.lastSite) {
        this.mode = 'queue';
        this.q = '';
        this.panelEmail = '';
      }
      this.lastSite = this.site;
    }
  }

  override render() {
    const t = this.i18n;
    return html`<div class="tools">
        <form role="search" class="search" aria-label=${mt(t, 'searchLabel')} @submit=${this.onSearch}>
          <label for="q">${mt(t, 'searchLabel')}</label>
          <input id="q" name="q" type="search" dir="auto" maxlength="500" autocomplete="off" aria-describedby="q-hint" aria-keyshortcuts="/" .value=${this.q} />
          <button type="submit" class="primary">${mt(t, 'searchButton')}</button>
        </form>
        <button type="button" class="rules-btn" aria-pressed=${this.mode === 'rules' ? 'true' : 'false'} @click=${this.toggleRules}>${mt(t, 'rulesNav')}</button>
        ${this.mode === 'queue' ? nothing : html`<button type="button" class="back" @click=${this.backToQueue}>${mt(t, 'backToQueue')}</button>`}
      </div>
      <p id="q-hint" class="hint">${mt(t, 'searchHint')} <code dir="ltr">email: name: ip: page: url: status:</code></p>
      <details class="syntax">
        <summary>${mt(t, 'syntaxSummary')}</summary>
        <ul>
          ${SYNTAX.map((k) => html`<li>${mt(t, k)}</li>`)}
        </ul>
      </details>
      <div class="layout ${this.panelEmail ? 'with-panel' : ''}">
        <div class="main">
          <div class="queue" ?hidden=${this.mode !== 'queue'}><slot></slot></div>
          ${this.mode === 'search' || this.mode === 'page'
            ? html`<majlis-search-results
                .site=${this.site}
                .api=${this.api}
                .i18n=${t}
                .q=${this.mode === 'search' ? this.q : ''}
                .pageKey=${this.mode === 'page' ? this.pageKey : ''}
                .pageLabel=${this.pageLabel}
              ></majlis-search-results>`
            : nothing}
          ${this.mode === 'rules' ? html`<majlis-rules .site=${this.site} .api=${this.api} .i18n=${t}></majlis-rules>` : nothing}
        </div>
        ${this.panelEmail
          ? html`<aside aria-label=${mt(t, 'panelTitle')}>
              <majlis-commenter-panel .site=${this.site} .email=${this.panelEmail} .api=${this.api} .i18n=${t}></majlis-commenter-panel>
            </aside>`
          : nothing}
      </div>
      <majlis-rule-dialog .site=${this.site} .api=${this.api} .i18n=${t}></majlis-rule-dialog>
      <majlis-edit-dialog .api=${this.api} .i18n=${t}></majlis-edit-dialog>
      <div class="sr-only" role="status">${this.announcement}</div>`;
  }

  private async onSearch(e: SubmitEvent) {
    e.preventDefault();
    const q = this.input.value.trim();
    await this.loadTools();
    if (!q) return this.backToQueue();
    // `page:/news/1` alone is the per-page view
    const page = /^page:(\S+)$/i.exec(q);
    if (page) return this.openPage({ page: page[1]!, label: '' }, q, false);
    this.q = q;
    this.mode = 'search';
  }

  private async openPage(p: { page: string; label: string }, typed = `page:${p.page}`, focus = true) {
    await this.loadTools();
    this.q = typed;
    this.pageKey = p.page;
    this.pageLabel = p.label;
    this.mode = 'page';
    await this.updateComplete;
    if (focus) this.focusIn(this.results, '#results-title');
  }

  private async toggleRules() {
    await this.loadTools();
    this.mode = this.mode === 'rules' ? 'queue' : 'rules';
    await this.updateComplete;
    if (this.mode === 'rules') this.focusIn(this.rules, '#rules-title');
  }

  private async backToQueue() {
    this.mode = 'queue';
    this.q = '';
    await this.updateComplete;
    this.input.value = '';
    this.input.focus();
  }

  private async focusIn(el: LitElement | undefined, selector: string) {
    await el?.updateComplete;
    el?.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async openPanel(email: string, from: HTMLElement | null) {
    await this.loadTools();
    this.panelOpener = from;
    this.panelEmail = email;
    await this.updateComplete;
    await this.panel?.updateComplete;
    this.panel?.focusHeading();
  }

  private closePanel() {
    if (!this.panelEmail) return;
    this.panelEmail = '';
    const back = this.panelOpener;
    this.panelOpener = null;
    if (back?.isConnected) back.focus();
    else this.input.focus();
  }

  private onKey = (e: KeyboardEvent) => {
    if (this.hidden || !this.isConnected || this.ruleDialog.open === true || this.editDialog.open === true) return;
    if (e.key === 'Escape' && this.panelEmail && !e.defaultPrevented) {
      e.preventDefault();
      this.closePanel();
      return;
    }
    const key = toolKeyFor(e);
    if (key === 'search') {
      e.preventDefault();
      this.input.focus();
      return;
    }
    if (key !== 'rule') return;
    const item = e.composedPath().find((n): n is HTMLElement & { comment: ModeratorComment } => n instanceof HTMLElement && n.localName === 'majlis-comment-item');
    if (!item?.comment) return;
    e.preventDefault();
    void this.showRule(item.comment, item);
  };

  private onRuleSaved(e: CustomEvent<{ message: string }>) {
    this.announce(e.detail.message);
    void this.rules?.load?.();
    void this.panel?.reload?.();
  }

  private onChanged(e: CustomEvent<{ comment: ModeratorComment; message: string }>) {
    if (e.detail.message) this.announce(e.detail.message);
    this.results?.apply?.(e.detail.comment, true);
    this.panel?.apply?.(e.detail.comment);
  }

  private onLive(e: CustomEvent<{ comment: ModeratorComment; isNew: boolean }>) {
    // before the tools' chunk is in, these are not upgraded yet (nothing shown to update)
    this.results?.apply?.(e.detail.comment, e.detail.isNew);
    this.panel?.apply?.(e.detail.comment);
  }

  private announce(text: string) {
    // cleared first so the same words are read again (a timer: background tabs get no frames)
    this.announcement = '';
    setTimeout(() => (this.announcement = text), 30);
  }
}

/** The element that sent a tool event (a button inside an item's shadow root), to return the focus to. */
function opener(e: Event): HTMLElement | null {
  const first = e.composedPath()[0];
  return first instanceof HTMLElement ? first : null;
}
