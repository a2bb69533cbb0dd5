import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { serverNow } from '../../shared/server-clock.js';
import { ApiError, type Api } from '../api.js';
import type { I18n, Key } from '../i18n/i18n.js';
import { mt } from '../modtools/strings.js';
import type { ModeratorComment, SearchAnswer } from '../modtools/types.js';
import { shared } from '../shared.styles.js';
import { isNewer } from '../reader-signals/freshness.js';
import { LiveLogs, type LiveLog } from '../live-log.js';
import type { DashAction } from '../reader-signals/model.js';

/**
 * Search results (GET /api/moderation/comments with `q`: words and operators, every
 * status unless `status:` says otherwise) or one page's every comment (`page`), newest
 * first, 50 at a time with «المزيد» (the server's cursor). The number found is announced
 * politely; comments shown here that change live are updated in place and announced, and
 * in the per-page view a new comment on the page slides in.
 *
 * @property q - the search as typed (the API's `q` syntax)
 * @property pageKey - a thread key: the per-page view (then `q` is ignored)
 * @property pageLabel - the page's title, for the heading
 * @fires majlis-announce - `{ text }` for live changes
 */
export class MajlisSearchResults extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.2rem;
        margin-block: 0 0.5rem;
        overflow-wrap: anywhere;
      }
      .summary {
        color: var(--m-muted);
        margin-block: 0 0.75rem;
      }
      .list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      .more {
        display: block;
        margin-block: 1rem;
        margin-inline: auto;
      }
    `,
  ];

  @property() site = '';
  @property() q = '';
  @property() pageKey = '';
  @property() pageLabel = '';
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) i18n!: I18n;

  @state() private comments: ModeratorComment[] = [];
  @state() private nextCursor: string | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private summary = '';
  @state() private busy = new Set<string>();
  @state() private notices = new Map<string, string>();
  private generation = 0;
  /** what arrives live while a search or «more» is on its way (its answer may be older) */
  private readonly inFlight = new LiveLogs();

  override willUpdate(changed: PropertyValues): void {
    if ((changed.has('q') || changed.has('pageKey') || changed.has('site')) && this.site) void this.load();
  }

  private url(cursor?: string | null): string {
    const what = this.pageKey ? `page=${encodeURIComponent(this.pageKey)}` : `q=${encodeURIComponent(this.q)}`;
    return `/api/moderation/comments?site=${encodeURIComponent(this.site)}&${what}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  }

  private async load() {
    const gen = ++this.generation;
    this.loading = true;
    this.error = '';
    this.summary = mt(this.i18n, 'searching');
    this.comments = [];
    this.nextCursor = null;
    const live = this.inFlight.start();
    try {
      const res = await this.api.get<SearchAnswer>(this.url());
      if (gen !== this.generation) return;
      this.comments = this.merged(res.comments, res.nextCursor, live);
      this.nextCursor = res.nextCursor;
      this.summarise();
    } catch (e) {
      if (gen !== this.generation) return;
      this.error = mt(this.i18n, 'searchFailed', { message: e instanceof ApiError ? (Object.values(e.fields)[0] ?? e.message) : (e as Error).message });
      this.summary = this.error;
    } finally {
      this.inFlight.stop(live);
      if (gen === this.generation) this.loading = false;
    }
  }

  /**
   * The answer corrected by what arrived live while it was on its way: newer versions
   * replace the ones read, comments deleted meanwhile go, and in the per-page view a
   * comment of the page written meanwhile (newer than the answer's last, or the answer is
   * the whole page) is added. A search cannot tell whether a live comment matches it.
   */
  private merged(fetched: ModeratorComment[], next: string | null, live: LiveLog): ModeratorComment[] {
    const out = fetched.map((c) => live.fresher(c)).filter((c): c is ModeratorComment => c !== null);
    if (this.pageKey) {
      const have = new Set(out.map((c) => c.id));
      const oldest = next ? fetched.at(-1)?.createdAt : undefined;
      for (const c of live.comments.values()) {
        if (c.page === this.pageKey && !have.has(c.id) && !live.deleted.has(c.id) && (oldest === undefined || c.createdAt >= oldest)) out.push(c);
      }
      out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)); // stable: the answer's own order stays
    }
    return out;
  }

  private async more() {
    if (!this.nextCursor || this.loading) return;
    const gen = this.generation;
    const firstNew = this.comments.length;
    this.loading = true;
    const live = this.inFlight.start();
    try {
      const res = await this.api.get<SearchAnswer>(this.url(this.nextCursor));
      if (gen !== this.generation) return;
      const have = new Set(this.comments.map((c) => c.id));
      const added = res.comments.filter((c) => !have.has(c.id)).map((c) => live.fresher(c));
      this.comments = [...this.comments, ...added.filter((c): c is ModeratorComment => c !== null)];
      this.nextCursor = res.nextCursor;
      this.summarise();
      // the first new comment takes the focus, so reading carries on where it stopped
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('majlis-comment-item')[firstNew]?.focus();
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      this.inFlight.stop(live);
      if (gen === this.generation) this.loading = false;
    }
  }

  private summarise() {
    this.summary = mt(this.i18n, this.nextCursor ? 'resultsMore' : 'results', { count: this.comments.length });
  }

  /** A comment seen live or changed here: a newer version replaces the one shown; a new one on this page is added. */
  apply(c: ModeratorComment, isNew = false): void {
    if (c.site !== this.site) return;
    this.inFlight.note(c);
    const i = this.comments.findIndex((x) => x.id === c.id);
    if (i >= 0) {
      const old = this.comments[i]!;
      if (!isNewer(c, old)) return;
      const next = this.comments.slice();
      next[i] = c;
      this.comments = next;
      if (old.status !== c.status) this.announce(mt(this.i18n, 'liveChanged', { name: c.author.name, status: this.i18n.t(`status_${c.status}` as Key) }));
      return;
    }
    if (isNew && this.pageKey && c.page === this.pageKey) {
      this.comments = [c, ...this.comments];
      this.announce(mt(this.i18n, 'liveArrived', { name: c.author.name }));
    }
  }

  /** Comments deleted for good: they leave the results, and an answer on its way cannot bring them back. */
  removeDeleted(ids: readonly string[]): void {
    this.inFlight.gone(ids);
    const gone = new Set(ids);
    if (this.comments.some((c) => gone.has(c.id))) this.comments = this.comments.filter((c) => !gone.has(c.id));
  }

  override render() {
    const t = this.i18n;
    const heading = this.pageKey ? mt(t, 'pageTitle', { page: this.pageLabel || this.pageKey }) : mt(t, 'resultsTitle', { q: this.q });
    const now = serverNow();
    return html`<h2 id="results-title" tabindex="-1">${heading}</h2>
      <p class="summary" role="status" aria-live="polite">${this.summary}</p>
      ${this.error && this.comments.length ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ol class="list" aria-labelledby="results-title" @majlis-action=${this.onAction}>
        ${repeat(
          this.comments,
          (c) => c.id,
          (c) => html`<li>
            <majlis-comment-item
              role="article"
              aria-label=${t.t('itemLabel', { name: c.author.name })}
              tabindex="0"
              data-id=${c.id}
              .comment=${c}
              .i18n=${t}
              tab=${c.status}
              .now=${now}
              showStatus
              ?busy=${this.busy.has(c.id)}
              .notice=${this.notices.get(c.id) ?? null}
            ></majlis-comment-item>
          </li>`,
        )}
      </ol>
      ${this.nextCursor ? html`<button type="button" class="more" ?disabled=${this.loading} @click=${this.more}>${mt(t, 'more')}</button>` : nothing}`;
  }

  /** A decision from an item's buttons, over HTTP with the version seen; a lost race shows the server's words. */
  private async onAction(e: CustomEvent<{ id: string; action: DashAction }>) {
    const c = this.comments.find((x) => x.id === e.detail.id);
    if (!c || this.busy.has(c.id)) return;
    this.busy = new Set([...this.busy, c.id]);
    const notices = new Map(this.notices);
    notices.delete(c.id);
    try {
      const res = await this.api.send<{ comment: ModeratorComment }>('POST', `/api/moderation/comments/${encodeURIComponent(c.id)}/actions`, { action: e.detail.action, version: c.version });
      this.apply({ ...res.comment, replyTo: c.replyTo });
    } catch (err) {
      const current = err instanceof ApiError ? (err.body.comment as ModeratorComment | undefined) : undefined;
      if (current) this.apply({ ...current, replyTo: c.replyTo });
      notices.set(c.id, (err as Error).message);
      this.announce((err as Error).message);
    } finally {
      this.notices = notices;
      const busy = new Set(this.busy);
      busy.delete(c.id);
      this.busy = busy;
    }
  }

  private announce(text: string) {
    this.dispatchEvent(new CustomEvent('majlis-announce', { detail: { text }, bubbles: true, composed: true }));
  }
}
