import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Api } from './api.js';
import { decide } from './decide.js';
import type { I18n, Key } from './i18n/i18n.js';
import { commandFor, type Command } from './keyboard.js';
import { LiveController } from './live-controller.js';
import type { MajlisShortcutsHelp } from './majlis-shortcuts-help.js';
import { styles } from './majlis-queue.styles.js';
import { QueueController } from './queue-controller.js';
import { actionsFor, changes } from './queue-model.js';
import { shared } from './shared.styles.js';
import { renderTabs } from './status-tabs.js';
import { tabStyles } from './status-tabs.styles.js';
import type { CommentStatus, ModerationAction, ModeratorComment } from './types.js';
import { reportsNews } from './reader-signals/announce.js';
import { featureToggle, isSignalAction, willChange, type DashAction } from './reader-signals/model.js';
import { rs } from './reader-signals/strings.js';

/**
 * The live moderation queue of one site: status tabs with counts, the list,
 * selection and bulk actions, keyboard shortcuts and the connection status.
 *
 * @property site - the site id
 * @property api - the JSON client
 * @property i18n - strings for the current language
 * @fires majlis-counts - `{ counts }` whenever the status counts change (bubbles, composed)
 * @fires majlis-session-lost - when the server refuses the session
 * @fires majlis-live-comment - `{ comment, isNew }` for every comment seen live, so the moderator tools' views follow it
 * @fires majlis-live-deleted - `{ ids }` for comments of this site deleted for good, for the same views
 */
export class MajlisQueue extends LitElement {
  static override styles = [shared, tabStyles, styles];

  @property() site = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private tab: CommentStatus = 'pending';
  @state() private focusedId: string | null = null;
  @state() private selected = new Set<string>();
  @state() private busy = new Set<string>();
  @state() private announcement = '';
  @query('majlis-shortcuts-help') private help!: MajlisShortcutsHelp;

  private burst = 0;
  private burstTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly queue = new QueueController(this, () => this.api, {
    counts: (counts) => this.dispatchEvent(new CustomEvent('majlis-counts', { detail: { counts }, bubbles: true, composed: true })),
    arrived: (c) => this.announceArrival(c),
  });

  private readonly live = new LiveController(this, {
    // every (re)connect: the list and counts again, events missed while away included
    onConnect: () => void this.queue.reload(true),
    onNew: (c) => (this.queue.apply(c, true), this.forward(c, true)),
    onUpdated: (c) => {
      // readers' reports arriving (or dismissed by another moderator) on a comment in view are said politely
      const news = reportsNews(this.i18n, this.queue.rows.find((r) => r.c.id === c.id)?.c, c);
      this.queue.apply(c);
      this.forward(c, false);
      if (news) this.announce(news);
    },
    onCounts: (c) => this.queue.applyCounts(c),
    onDeleted: (e) => {
      this.queue.removeDeleted(e.site, e.ids);
      if (e.site === this.site) this.dispatchEvent(new CustomEvent('majlis-live-deleted', { detail: { ids: e.ids }, bubbles: true, composed: true }));
    },
    onImported: (info) => {
      if (info.site === this.site) void this.queue.reload();
    },
    onRefused: () => this.dispatchEvent(new CustomEvent('majlis-session-lost', { bubbles: true, composed: true })),
  });

  private forward(comment: ModeratorComment, isNew: boolean) {
    this.dispatchEvent(new CustomEvent('majlis-live-comment', { detail: { comment, isNew }, bubbles: true, composed: true }));
  }

  /** Re-opens the live connection after the host confirmed the session is still valid. */
  reconnect(): void {
    this.live.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    clearTimeout(this.burstTimer);
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') || changed.has('tab')) this.queue.show(this.site, this.tab);
    // Selection and focus only ever point at comments still waiting in this tab.
    const open = new Set(this.queue.rows.filter((r) => r.decidedAt === null).map((r) => r.c.id));
    if ([...this.selected].some((id) => !open.has(id))) this.selected = new Set([...this.selected].filter((id) => open.has(id)));
    if (this.focusedId && !this.queue.rows.some((r) => r.c.id === this.focusedId)) this.focusedId = null;
  }

  override render() {
    const t = this.i18n;
    const q = this.queue;
    const rows = q.rows;
    const open = rows.filter((r) => r.decidedAt === null);
    const rovingId = this.focusedId ?? rows[0]?.c.id;
    return html`
      <div class="bar">
        ${renderTabs({ i18n: t, selected: this.tab, counts: q.counts, panel: 'panel', choose: (st, focus) => this.selectTab(st, focus) })}
        <p class="conn conn-${this.live.state}" role="status">
          <span class="dot" aria-hidden="true"></span><span class="sr-only">${t.t('connLabel')}:</span>
          ${t.t(`conn_${this.live.state}` as Key)}
        </p>
        <button type="button" class="help-btn" aria-keyshortcuts="?" @click=${() => this.help.show()}>
          <span aria-hidden="true">?</span><span class="sr-only">${t.t('shortcutsButton')}</span>
        </button>
      </div>
      <section role="tabpanel" id="panel" aria-labelledby="tab-${this.tab}">
        ${open.length ? this.renderBulk(open.length) : nothing}
        ${q.error ? html`<p class="error" role="alert">${t.t('loadError')} ${q.error} <button type="button" @click=${() => q.reload()}>${t.t('retry')}</button></p>` : nothing}
        ${q.loading && !rows.length ? html`<p class="quiet">${t.t('loading')}</p>` : nothing}
        ${!q.loading && !q.error && !rows.length ? html`<p class="quiet empty">${t.t(`empty_${this.tab}` as Key)}</p>` : nothing}
        <ol class="list" @focusin=${this.onFocusIn} @majlis-action=${this.onItemAction} @majlis-select=${this.onItemSelect}>
          ${repeat(
            rows,
            (r) => r.c.id,
            (r) => html`<li>
              <majlis-comment-item
                role="article"
                aria-label=${t.t('itemLabel', { name: r.c.author.name })}
                tabindex=${r.c.id === rovingId ? 0 : -1}
                data-id=${r.c.id}
                .comment=${r.c}
                .i18n=${t}
                tab=${this.tab}
                .now=${q.now}
                ?selected=${this.selected.has(r.c.id)}
                ?busy=${this.busy.has(r.c.id)}
                ?decided=${r.decidedAt !== null}
                ?fresh=${r.fresh}
                .notice=${r.notice}
              ></majlis-comment-item>
            </li>`,
          )}
        </ol>
        ${q.nextCursor
          ? html`<button type="button" class="more" ?disabled=${q.loadingMore} @click=${() => q.loadMore()}>${t.t('loadMore')}</button>`
          : nothing}
      </section>
      <div class="sr-only" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <majlis-shortcuts-help .i18n=${t}></majlis-shortcuts-help>
    `;
  }

  private renderBulk(openCount: number) {
    const t = this.i18n;
    const n = this.selected.size;
    return html`<div class="bulk" role="toolbar" aria-label=${t.t('bulkLabel')}>
      <label class="all">
        <input
          type="checkbox"
          .checked=${n > 0 && n === openCount}
          .indeterminate=${n > 0 && n < openCount}
          @change=${this.onSelectAll}
        />
        ${t.t('selectAll')}
      </label>
      <span class="selected-count" aria-live="polite">${n ? t.t('selectedCount', { count: n }) : ''}</span>
      ${actionsFor(this.tab).map(
        (a) => html`<button type="button" class="act-${a}" ?disabled=${n === 0} @click=${() => this.act([...this.selected], a)}>
          ${t.t(`action_${a}` as Key)}
        </button>`,
      )}
    </div>`;
  }

  private selectTab(s: CommentStatus, focus = false) {
    if (s !== this.tab) {
      this.tab = s;
      this.selected = new Set();
      this.focusedId = null;
    }
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${s}`)?.focus());
  }

  private onKey = (e: KeyboardEvent) => {
    if (this.hidden || !this.isConnected) return;
    const cmd = commandFor(e);
    if (!cmd) return;
    if (this.help?.open && cmd.kind !== 'help') return;
    // Decisions need the focus in the queue, so a key pressed elsewhere never decides on a comment out of sight.
    if ((cmd.kind === 'act' || cmd.kind === 'select' || cmd.kind === 'feature') && !e.composedPath().includes(this)) return;
    e.preventDefault();
    this.run(cmd);
  };

  private run(cmd: Command) {
    const rows = this.queue.rows;
    const i = rows.findIndex((r) => r.c.id === this.focusedId);
    if (cmd.kind === 'help') return this.help.open ? this.help.close() : this.help.show();
    if (cmd.kind === 'move') {
      const next = rows[i < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, i + cmd.by))];
      if (next) this.focusItem(next.c.id);
      return;
    }
    const row = rows[i];
    if (!row) return;
    if (cmd.kind === 'select') {
      if (row.decidedAt === null) this.toggle(row.c.id, !this.selected.has(row.c.id));
      return;
    }
    if (cmd.kind === 'feature') {
      // the comment stays in its tab, so the focus stays on it
      const a = row.decidedAt === null ? featureToggle(row.c) : null;
      if (a) void this.act([row.c.id], a);
      return;
    }
    this.decideAndMoveOn(row.c.id, cmd.action);
  }

  /**
   * One decision from a key or a button; like WordPress, focus moves on to the
   * next comment still waiting, so the next key or Tab acts on it.
   */
  private decideAndMoveOn(id: string, action: ModerationAction) {
    const rows = this.queue.rows;
    const i = rows.findIndex((r) => r.c.id === id);
    const row = rows[i];
    if (!row || !changes(action, row.c.status)) return;
    void this.act([id], action);
    const nextOpen = rows.slice(i + 1).find((r) => r.decidedAt === null && r.c.id !== id) ?? rows.slice(0, i).reverse().find((r) => r.decidedAt === null);
    if (nextOpen) this.focusItem(nextOpen.c.id);
  }

  private focusItem(id: string) {
    this.focusedId = id;
    void this.updateComplete.then(() => {
      const el = this.renderRoot.querySelector<HTMLElement>(`majlis-comment-item[data-id="${CSS.escape(id)}"]`);
      el?.focus();
      el?.scrollIntoView({ block: 'nearest' });
    });
  }

  private onFocusIn(e: FocusEvent) {
    const item = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === 'majlis-comment-item');
    if (item?.dataset.id) this.focusedId = item.dataset.id;
  }

  private onItemAction(e: CustomEvent<{ id: string; action: DashAction }>) {
    const action = e.detail.action;
    // feature / unfeature / dismiss_reports leave the comment in its tab: the focus stays
    if (isSignalAction(action)) return void this.act([e.detail.id], action);
    // The undo button of a decided item stays where it is; a decision moves on.
    const row = this.queue.rows.find((r) => r.c.id === e.detail.id);
    if (row && row.decidedAt !== null) void this.act([e.detail.id], action);
    else this.decideAndMoveOn(e.detail.id, action);
  }

  private onItemSelect(e: CustomEvent<{ id: string; selected: boolean }>) {
    this.toggle(e.detail.id, e.detail.selected);
  }

  private onSelectAll(e: Event) {
    const all = (e.target as HTMLInputElement).checked;
    this.selected = all ? new Set(this.queue.rows.filter((r) => r.decidedAt === null).map((r) => r.c.id)) : new Set();
  }

  private toggle(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  /** Decides on several comments at once; each succeeds or loses its race on its own. */
  private async act(ids: string[], action: DashAction) {
    const targets = this.queue.rows.filter((r) => ids.includes(r.c.id) && !this.busy.has(r.c.id) && willChange(action, r.c));
    if (!targets.length) return;
    this.busy = new Set([...this.busy, ...targets.map((r) => r.c.id)]);
    let ok = 0;
    await Promise.all(
      targets.map(async ({ c }) => {
        const out = await decide({ live: this.live, api: this.api, i18n: this.i18n }, c, action);
        if (out.comment) this.queue.apply(out.comment);
        this.queue.notice(c.id, out.ok ? null : out.notice);
        if (out.ok) ok += 1;
        else this.announce(out.notice);
      }),
    );
    const done = new Set(targets.map((r) => r.c.id));
    this.busy = new Set([...this.busy].filter((id) => !done.has(id)));
    if (ok) this.announce(isSignalAction(action) ? rs(this.i18n, `done_${action}`) : this.i18n.t(`done_${action}` as Key, { count: ok }));
  }

  /** Several arrivals in quick succession are announced once, with their number. */
  private announceArrival(c: ModeratorComment) {
    this.burst += 1;
    clearTimeout(this.burstTimer);
    this.burstTimer = setTimeout(() => (this.burst = 0), 4000);
    this.announce(this.i18n.t('newComments', { count: this.burst, name: c.author.name }));
  }

  private announce(text: string) {
    // Clearing first makes a repeated message be read again (a timer, not a frame: background tabs get no frames).
    this.announcement = '';
    setTimeout(() => (this.announcement = text), 30);
  }
}
