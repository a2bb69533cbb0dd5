import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { plural } from '../shared/plural.js';
import { fetchComments, fetchFormToken, type Posted } from './api.js';
import { ClockController } from './clock-controller.js';
import { commentView, type CommentExtras, type ViewContext } from './comment-view.js';
import { fillText, hasStrings, loadStrings, pickLang, strings } from './i18n/index.js';
import { LiveController } from './live-controller.js';
import type { FormDraft } from './majlis-comment-form.js';
import { styles } from './majlis-comments.styles.js';
import { defineLater } from './no-globals.js';
import { OwnComments } from './own-comments.js';
import { Permalinks } from './permalinks.js';
import { keepScroll } from './scroll-anchor.js';
import { loadAuthor, loadSort, saveSort } from './storage.js';
import { buildThread } from './thread.js';
import { rootOrder, ThreadState } from './thread-state.js';
import { loadMoreThreads, loadThread, refillFeatured, resyncThread } from './thread-sync.js';
import type { CommentPage, PublicComment, ShownComment, Sort } from './types.js';

/** What the reader-actions chunk (reader/index.ts) gives the widget once loaded after first paint. */
export interface ReaderExtras extends CommentExtras {
  /** the sort choice and the «تعليقات مختارة» section, above the thread */
  top(): unknown;
}


const FORM_PARTS = 'form,heading,field,input,submit,notice';
const TOKEN_RENEW_MS = 60 * 60_000;

/**
 * `<majlis-comments>`: a page's comment thread and the form to join it.
 *
 * Attributes: `site` (required), `page` (thread key; default `location.pathname`; changing it
 * reloads the thread), `lang` (default: the nearest `[lang]`, else `ar`), `dir` (default from
 * the language), `theme` (`auto` default | `light` | `dark`).
 *
 * Events (bubbling, composed): `majlis-posted` `{ comment }` after a comment is accepted
 * (`comment.status` is `pending` or `approved`); `majlis-error` `{ code, status, message }`
 * when loading or sending fails. A load the server refused (4xx: an unknown site…) shows its
 * reason and no retry button; unreached or 5xx shows the network sentence and «إعادة المحاولة».
 * On `window`: `majlis:count` `{ site, page, total }` after a load and on every live
 * `page:count` (count.js updates its `<majlis-count>` elements from it).
 *
 * Issue 14 (ISSUE14-API.md): the time links to `#comment-<id>` and such a link opens the
 * thread around that comment (permalinks.ts); the order is the reader's remembered choice
 * or the site's `defaultSort`; likes, copy-link, the author's edit/delete window, reports,
 * the sort choice and «تعليقات مختارة» come from reader/ (a chunk loaded on idle).
 *
 * CSS parts: `count`, `comment`, `author`, `content`, `reply`, `load-more`, `notice`, `retry`,
 * `permalink`, `like`, `sort`, `featured`,
 * and from the form: `form`, `heading`, `field`, `input`, `submit`.
 *
 * Custom properties: `--majlis-accent`, `--majlis-on-accent`, `--majlis-bg`, `--majlis-fg`,
 * `--majlis-muted`, `--majlis-border`, `--majlis-field-bg`, `--majlis-error`,
 * `--majlis-pending-bg`, `--majlis-radius`, `--majlis-space`, `--majlis-padding`, `--majlis-font`.
 *
 * What it shows after any sequence of live events equals a fresh load of the same
 * pages (ThreadState); after a lost connection it reloads those pages and the
 * reader's own comments.
 */
export class MajlisComments extends LitElement {
  static override styles = styles;
  static override properties = {
    site: {},
    page: {},
    state: { state: true },
    replyTo: { state: true },
    announce: { state: true },
    extras: { state: true },
  };
  // lang and dir stay native attributes: watch them without shadowing HTMLElement's own properties.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang', 'dir'];
  }

  site = '';
  page = location.pathname;
  state: 'loading' | 'ready' | 'error' = 'loading';
  /** Why the last load failed when the server refused it (a 4xx message, in the widget's language); '' when it was not reached or failed (5xx). */
  refused = '';
  replyTo: string | null = null;
  announce = '';
  /** The reader actions (likes, edit, report, sort, featured): undefined until their chunk loads. */
  extras?: ReaderExtras;
  /** The order the reader chose (remembered in localStorage); '' follows the site's `defaultSort`. */
  sort: Sort | '' = loadSort();

  thread = new ThreadState();
  // Not private: thread-sync.ts and live-events.ts work on these.
  moreState: 'idle' | 'loading' | 'error' = 'idle';
  readonly links = new Permalinks(this);
  token = '';
  /** comments that arrived while the page is open (highlighted once) */
  fresh = new Set<string>();
  private focusForm = false;
  /** Bumped by every (re)load: answers for an earlier one are ignored. */
  generation = 0;
  /** `site\npage` of the thread last loaded */
  loadedKey = '';
  private draft: FormDraft;
  private tokenAt = 0;
  /** the re-sync in flight, and whether something happened meanwhile that makes it fetch again */
  syncing: Promise<void> | null = null;
  syncAgain = false;
  /** a live event came while «load more» was fetching: its answer may predate it (thread-sync.ts) */
  moreRaced = false;
  /** «تعليقات مختارة» is being fetched again (thread-sync.ts refillFeatured) */
  refilling = false;
  readonly clock = new ClockController(
    this,
    () => Math.max(0, ...[...this.thread.approved.values(), ...this.thread.own.values()].map((c) => Date.parse(c.createdAt))),
    () => {
      // Tokens expire after two hours; renew well before, never at submit time (that would look too fast).
      if (this.thread.info && !this.thread.info.closed && Date.now() - this.tokenAt > TOKEN_RENEW_MS) void this.refreshToken();
    },
  );
  private readonly own: OwnComments = new OwnComments(this);
  // What each live event does (live-events.ts) comes with the live client, after first paint.
  readonly live = new LiveController(this, () => import('./live-events.js').then((m) => m.liveHandlers(this)));

  constructor() {
    super();
    const a = loadAuthor();
    this.draft = { content: '', name: a?.name ?? '', email: a?.email ?? '', url: a?.url ?? '', remember: !!a };
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' || name === 'dir') {
      this.requestUpdate();
      void loadStrings(this.langInfo.lang).then(() => this.requestUpdate());
    }
  }

  /** The sentence shown (and sent in `majlis-error`) when the thread could not be loaded. */
  get loadFailure(): string {
    const s = strings(this.langInfo.lang);
    return this.refused ? fillText(s.refused, { message: this.refused }) : s.loadError;
  }

  get langInfo() {
    const host = this.getAttribute('lang') || this.parentElement?.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    return pickLang(host);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('site') || changed.has('page')) && this.site) void this.load();
  }

  protected override firstUpdated(): void {
    // The live client, the form and the reader actions are fetched only after the first paint.
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.live.start();
        void import('./majlis-comment-form.js').then((m) => defineLater('majlis-comment-form', m.MajlisCommentForm));
        const idle = (globalThis as { requestIdleCallback?: (f: () => void, o: object) => void }).requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50));
        idle(() => void import('./reader/index.js').then((m) => this.addExtras(m.readerExtras), () => undefined), { timeout: 2000 });
      }),
    );
  }

  /**
   * The reader-actions chunk arrived: the sort menu and «تعليقات مختارة» appear above the
   * thread, and action rows in each comment. The reader's place is kept (the comment a
   * permalink revealed first, else the first one on screen), so nothing they look at moves.
   */
  private addExtras(make: (h: MajlisComments) => ReaderExtras): Promise<void> {
    const id = this.links.revealed;
    const linked = id ? this.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(id)}`) : null;
    return keepScroll(
      this.renderRoot,
      () => {
        this.extras = make(this);
        return this.rendered();
      },
      linked,
    );
  }

  protected override updated(): void {
    if (this.thread.featuredStale && !this.refilling) void refillFeatured(this);
  }

  /** A page of threads in the current order (`around`: the one holding that comment; `limit`: that many threads). */
  fetchPage(cursor?: string, around?: string, limit?: number): Promise<CommentPage> {
    return fetchComments(this.site, this.page, this.langInfo.tag, cursor, this.sort, around, limit);
  }

  /** The reader chose an order: remembered, and the thread reloads from its start in it. */
  setSort(sort: Sort): void {
    saveSort(sort);
    this.sort = sort;
    void this.load(false);
  }

  /** Tells `<majlis-count>` elements on the page (count.js) the thread's count: window event `majlis:count` `{ site, page, total }`. */
  countChanged(): void {
    dispatchEvent(new CustomEvent('majlis:count', { detail: { site: this.site, page: this.page, total: this.thread.total } }));
  }

  /** (Re)loads the thread (thread-sync.ts loadThread); `useHash`: open it around a `#comment-<id>` permalink. */
  load(useHash = true): Promise<void> {
    return loadThread(this, useHash);
  }

  /** After a lost connection: fetches again what is shown (thread-sync.ts resyncThread). */
  resync(): Promise<void> {
    return resyncThread(this);
  }

  loadMore(): Promise<void> {
    return loadMoreThreads(this);
  }

  focusComment(id: string, selector = ''): void {
    const el = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-id]')].find((e) => e.dataset.id === id);
    const target = selector ? el?.querySelector<HTMLElement>(selector) : el;
    if (!target) return;
    if (!selector && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }

  async refreshToken(): Promise<void> {
    this.tokenAt = Date.now();
    this.token = await fetchFormToken(this.site, this.page, this.langInfo.tag).catch(() => '');
    this.requestUpdate();
  }

  /** A comment shown here was edited (by a moderator or its author) or deleted by its author with replies kept: replaced in place (nothing moves). */
  edited(c: PublicComment): void {
    void keepScroll(this.renderRoot, () => {
      this.thread.edit(c);
      return this.rendered();
    });
  }

  /** A comment stopped being visible: it goes, and so do its replies (the server hides them too). */
  removed(id: string): void {
    if (!this.thread.approved.has(id)) {
      this.thread.remove(id); // perhaps featured, on a page not loaded
      return this.requestUpdate();
    }
    void keepScroll(this.renderRoot, () => {
      this.thread.remove(id);
      return this.rendered();
    });
  }

  /** OwnComments: the reader's own comments (with their edit tokens). */
  get ownComments(): OwnComments {
    return this.own;
  }

  /** OwnComments: the thread state changed. */
  changed(): void {
    this.requestUpdate();
  }

  /** OwnComments: follow these comments live. */
  claim(claims: string[]): void {
    this.live.claim(claims);
  }

  private async posted(e: CustomEvent<Posted>): Promise<void> {
    const { comment, editToken } = e.detail;
    const { status, ...view } = comment;
    const s = strings(this.langInfo.lang);
    this.replyTo = null;
    this.focusForm = false;
    this.fresh.add(comment.id);
    // The edit token is kept either way: the author may edit or delete within the site's window.
    this.own.posted(this.site, editToken, view, status, e.detail.editableUntil ?? null);
    if (status === 'approved') {
      // The live event may have brought it first.
      this.thread.approve(view, true);
      this.say(s.published);
    } else this.say(s.awaiting);
    this.clock.refresh();
    this.emit('majlis-posted', { comment });
    void this.refreshToken();
    await this.rendered();
    const el = this.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(comment.id)}`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  rendered(): Promise<boolean> {
    this.requestUpdate();
    return this.updateComplete;
  }

  say(text: string): void {
    // Cleared first so the same sentence twice is announced twice.
    this.announce = '';
    requestAnimationFrame(() => (this.announce = text));
  }

  emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  private setReply(id: string | null): void {
    this.replyTo = id;
    this.focusForm = true;
  }

  /** «إلغاء الرد»: the form goes back to the bottom and focus returns to the «رد» button that opened it. */
  private async cancelReply(): Promise<void> {
    const from = this.replyTo;
    this.replyTo = null;
    this.focusForm = false;
    await this.rendered();
    if (from) this.focusComment(from, '.reply');
  }

  private form(parent: ShownComment | null) {
    const { lang, tag } = this.langInfo;
    const info = this.thread.info;
    return html`<majlis-comment-form exportparts=${FORM_PARTS} .site=${this.site} .page=${this.page} .locale=${tag}
      .s=${strings(lang)} .parent=${parent ? { id: parent.id, name: parent.author.name } : null} .draft=${this.draft}
      .limits=${{ minLength: info?.minLength ?? 1, maxLength: info?.maxLength ?? 5000 }}
      .token=${this.token} .focusOnOpen=${this.focusForm} .offerReplies=${info?.replyNotifications === true}
      @posted=${this.posted} @cancel=${this.cancelReply}></majlis-comment-form>`;
  }

  protected override render() {
    const { lang, tag } = this.langInfo;
    const s = strings(lang);
    const dir = this.getAttribute('dir') || (lang === 'ar' ? 'rtl' : 'ltr');
    const t = this.thread.info;
    // English words arrive with the thread (a separate chunk): show nothing in the wrong language meanwhile.
    if (!hasStrings(lang) && this.state === 'loading') return html`<div class="root" lang=${tag} dir=${dir}></div>`;
    const shown = new Map(this.thread.shown().map((c) => [c.id, c]));
    // A reply target that disappeared (removed live) sends the form back to the bottom.
    const target = this.replyTo && !t?.closed ? shown.get(this.replyTo) : undefined;
    const ctx: ViewContext = {
      s,
      tag,
      now: this.clock.now,
      maxDepth: t?.threadDepth ?? 5,
      closed: !!t?.closed,
      replyTo: target ? target.id : null,
      fresh: this.fresh,
      linked: this.links.linked,
      extras: this.extras,
      reply: (id) => this.setReply(id),
      form: () => this.form(target ?? null),
    };
    const tree = buildThread(shown.values(), ctx.maxDepth, rootOrder(this.thread.sort));
    return html`<div class="root" lang=${tag} dir=${dir}>
      ${this.state === 'error'
        ? html`<div part="notice" class="notice error" role="alert">
            <p>${this.loadFailure}</p>
            ${this.refused ? nothing : html`<button part="retry" class="retry" type="button" @click=${() => this.load()}>${s.retry}</button>`}
          </div>`
        : nothing}
      ${!t && this.state === 'loading' ? html`<p class="muted" role="status">${s.loading}</p>` : nothing}
      ${t
        ? html`<h2 part="count" id="count" tabindex="-1">${plural(tag, this.thread.count, s.count)}</h2>
            ${this.extras?.top() ?? nothing}
            ${this.links.render()}
            <ol class="list">${repeat(tree, (n) => n.comment.id, (n) => commentView(n, ctx))}</ol>
            ${this.moreState === 'error' ? html`<p part="notice" class="notice error" role="alert">${s.loadError}</p>` : nothing}
            ${this.thread.nextCursor
              ? html`<button part="load-more" class="more" type="button" aria-disabled=${this.moreState === 'loading' ? 'true' : 'false'}
                  @click=${this.loadMore}>${this.moreState === 'loading' ? s.loading : s.loadMore}</button>`
              : nothing}
            ${t.closed ? html`<p part="notice" class="notice closed">${s.closed}</p>` : target ? nothing : this.form(null)}`
        : nothing}
      <div class="sr" role="status" aria-live="polite">${this.announce}</div>
      <span class="end"></span>
    </div>`;
  }
}
