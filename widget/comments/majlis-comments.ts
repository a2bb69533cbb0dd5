import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { plural } from '../shared/plural.js';
import { fetchComments, fetchFormToken, type Posted } from './api.js';
import { ClockController } from './clock-controller.js';
import { commentView, type ViewContext } from './comment-view.js';
import { fillText, pickLang, strings } from './i18n/index.js';
import { LiveController } from './live-controller.js';
import type { FormDraft } from './majlis-comment-form.js';
import { styles } from './majlis-comments.styles.js';
import { OwnComments } from './own-comments.js';
import { keepScroll } from './scroll-anchor.js';
import { addPending, loadAuthor } from './storage.js';
import { buildThread } from './thread.js';
import type { PublicComment, ShownComment, ThreadInfo } from './types.js';

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
 * when loading or sending fails.
 *
 * CSS parts: `count`, `comment`, `author`, `content`, `reply`, `load-more`, `notice`, `retry`,
 * and from the form: `form`, `heading`, `field`, `input`, `submit`.
 *
 * Custom properties: `--majlis-accent`, `--majlis-on-accent`, `--majlis-bg`, `--majlis-fg`,
 * `--majlis-muted`, `--majlis-border`, `--majlis-field-bg`, `--majlis-error`,
 * `--majlis-pending-bg`, `--majlis-radius`, `--majlis-space`, `--majlis-padding`, `--majlis-font`.
 */
export class MajlisComments extends LitElement {
  static override styles = styles;
  static override properties = {
    site: {},
    page: {},
    state: { state: true },
    replyTo: { state: true },
    announce: { state: true },
  };
  // lang and dir stay native attributes: watch them without shadowing HTMLElement's own properties.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang', 'dir'];
  }

  site = '';
  page = location.pathname;
  state: 'loading' | 'ready' | 'error' = 'loading';
  replyTo: string | null = null;
  announce = '';

  comments = new Map<string, ShownComment>();
  private total = 0;
  private nextCursor: string | null = null;
  private thread: ThreadInfo | null = null;
  private moreState: 'idle' | 'loading' | 'error' = 'idle';
  private token = '';
  private fresh = new Set<string>();
  private focusForm = false;
  private generation = 0;
  private loadedKey = '';
  private draft: FormDraft;
  private tokenAt = 0;
  private readonly clock = new ClockController(this, () => {
    // Tokens expire after two hours; renew well before, never at submit time (that would look too fast).
    if (this.thread && !this.thread.closed && Date.now() - this.tokenAt > TOKEN_RENEW_MS) void this.refreshToken();
  });
  private readonly own = new OwnComments(this);
  private readonly live = new LiveController(this, {
    approved: (c) => void this.approved(c),
    removed: (id) => this.removed(id),
    edited: (c) => this.edited(c),
    joined: () => void this.own.refresh(),
  });

  constructor() {
    super();
    const a = loadAuthor();
    this.draft = { content: '', name: a?.name ?? '', email: a?.email ?? '', url: a?.url ?? '', remember: !!a };
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' || name === 'dir') this.requestUpdate();
  }

  get langInfo() {
    const host = this.getAttribute('lang') || this.parentElement?.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    return pickLang(host);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('site') || changed.has('page')) && this.site) void this.load();
  }

  protected override firstUpdated(): void {
    // The live client is fetched only after the first paint.
    requestAnimationFrame(() => setTimeout(() => this.live.start()));
  }

  /** (Re)loads the first page of the thread; answers for a page no longer shown are ignored. */
  async load(): Promise<void> {
    const gen = ++this.generation;
    const { site, page } = this;
    this.state = 'loading';
    this.replyTo = null;
    if (this.loadedKey !== `${site}\n${page}`) {
      // Another thread: nothing of the previous one may stay on screen (nor its form token).
      this.thread = null;
      this.comments = new Map();
      this.token = '';
    }
    try {
      const r = await fetchComments(site, page, this.langInfo.tag);
      if (gen !== this.generation) return;
      this.loadedKey = `${site}\n${page}`;
      this.comments = new Map(r.comments.map((c) => [c.id, c]));
      this.total = r.total;
      this.nextCursor = r.nextCursor;
      this.thread = r.thread;
      this.moreState = 'idle';
      this.state = 'ready';
      this.live.sync();
      void this.own.restore(site, page, () => gen === this.generation);
      if (!r.thread.closed) void this.refreshToken();
      void this.revealLinked(gen); // [notify]
    } catch (e) {
      if (gen !== this.generation) return;
      this.state = 'error';
      this.thread = null;
      this.emit('majlis-error', { code: 'load_failed', status: (e as { status?: number }).status ?? 0, message: strings(this.langInfo.lang).loadError });
    }
  }

  /** [notify] A link from a reply email (`pageUrl#comment-<id>`) shows that comment, loading more threads to reach it. */
  private async revealLinked(gen: number): Promise<void> {
    const id = /^#comment-([0-9a-z]{1,40})$/.exec(location.hash)?.[1];
    if (!id) return;
    for (let i = 0; i < 20 && !this.comments.has(id) && this.nextCursor && gen === this.generation; i++) await this.loadMore();
    if (!this.comments.has(id) || gen !== this.generation) return;
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(id)}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor || this.moreState === 'loading') return;
    const gen = this.generation;
    this.moreState = 'loading';
    this.requestUpdate();
    try {
      const r = await fetchComments(this.site, this.page, this.langInfo.tag, this.nextCursor);
      if (gen !== this.generation) return;
      for (const c of r.comments) if (!this.comments.get(c.id)?.pending) this.comments.set(c.id, c);
      this.nextCursor = r.nextCursor;
      this.total = r.total;
      this.moreState = 'idle';
      // The button may vanish (last page): keep keyboard users in place on the first new comment.
      const first = r.comments.find((c) => !c.parentId) ?? r.comments[0];
      this.requestUpdate();
      await this.updateComplete;
      if (first) this.focusComment(first.id);
      return;
    } catch {
      this.moreState = 'error';
    }
    this.requestUpdate();
  }

  private focusComment(id: string): void {
    const el = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-id]')].find((e) => e.dataset.id === id);
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  }

  private async refreshToken(): Promise<void> {
    this.tokenAt = Date.now();
    this.token = await fetchFormToken(this.site, this.page, this.langInfo.tag).catch(() => '');
    this.requestUpdate();
  }

  /** A comment became visible: the reader's own pending one turns normal, others slide in without moving the reader. */
  async approved(c: PublicComment): Promise<void> {
    const before = this.comments.get(c.id);
    if (before && !before.pending) return;
    if (!before && (c.parentId ? !this.comments.has(c.parentId) : this.nextCursor)) {
      // Its thread is not loaded yet (or it comes after threads not loaded yet): "load more" brings it.
      this.total += 1;
      return this.requestUpdate();
    }
    this.own.forget(c.id);
    const s = strings(this.langInfo.lang);
    await keepScroll(this.renderRoot, () => {
      this.comments.set(c.id, c);
      this.total += 1;
      this.fresh.add(c.id);
      return this.rendered();
    });
    this.say(before ? s.approvedNow : fillText(s.newComment, { name: c.author.name }));
  }

  /** A moderator edited a comment shown here: the new text replaces the old in place (nothing moves). */
  edited(c: PublicComment): void {
    const before = this.comments.get(c.id);
    if (!before || before.pending) return;
    void keepScroll(this.renderRoot, () => {
      this.comments.set(c.id, { ...before, ...c });
      return this.rendered();
    });
  }

  /** A comment stopped being visible: it goes, and so do its replies (the server hides them too). */
  removed(id: string): void {
    const c = this.comments.get(id);
    if (!c || c.pending) return;
    const gone = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const other of this.comments.values()) {
        if (other.parentId && gone.has(other.parentId) && !gone.has(other.id) && !other.pending) {
          gone.add(other.id);
          grew = true;
        }
      }
    }
    void keepScroll(this.renderRoot, () => {
      for (const g of gone) this.comments.delete(g);
      this.total = Math.max(0, this.total - gone.size);
      return this.rendered();
    });
  }

  /** Shows the reader's own pending comment in place (used after posting and after a reload). */
  showPending(c: PublicComment): void {
    const shown = this.comments.get(c.id);
    if (shown && !shown.pending) return;
    this.comments.set(c.id, { ...c, pending: true });
    this.requestUpdate();
  }

  dropShown(id: string): void {
    if (this.comments.delete(id)) this.requestUpdate();
  }

  private async posted(e: CustomEvent<Posted>): Promise<void> {
    const { comment, editToken } = e.detail;
    const { status, ...view } = comment;
    const s = strings(this.langInfo.lang);
    this.replyTo = null;
    this.focusForm = false;
    this.fresh.add(comment.id);
    if (status === 'approved') {
      // The live event may have brought it first.
      if (!this.comments.has(comment.id)) this.total += 1;
      this.comments.set(comment.id, view);
      this.say(s.published);
    } else {
      addPending({ site: this.site, editToken, savedAt: Date.now(), comment: view });
      this.showPending(view);
      this.say(s.awaiting);
    }
    this.emit('majlis-posted', { comment });
    void this.refreshToken();
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(comment.id)}`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }

  private rendered(): Promise<boolean> {
    this.requestUpdate();
    return this.updateComplete;
  }

  private say(text: string): void {
    // Cleared first so the same sentence twice is announced twice.
    this.announce = '';
    requestAnimationFrame(() => (this.announce = text));
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  private setReply(id: string | null): void {
    this.replyTo = id;
    this.focusForm = true;
  }

  private form(parent: ShownComment | null) {
    const { lang, tag } = this.langInfo;
    return html`<majlis-comment-form exportparts=${FORM_PARTS} .site=${this.site} .page=${this.page} .locale=${tag}
      .s=${strings(lang)} .parent=${parent ? { id: parent.id, name: parent.author.name } : null} .draft=${this.draft}
      .token=${this.token} .focusOnOpen=${this.focusForm} .offerReplies=${this.thread?.replyNotifications === true} @posted=${this.posted} @cancel=${() => this.setReply(null)}></majlis-comment-form>`;
  }

  protected override render() {
    const { lang, tag } = this.langInfo;
    const s = strings(lang);
    const dir = this.getAttribute('dir') || (lang === 'ar' ? 'rtl' : 'ltr');
    const t = this.thread;
    // A reply target that disappeared (removed live) sends the form back to the bottom.
    const target = this.replyTo ? this.comments.get(this.replyTo) : undefined;
    const ctx: ViewContext = {
      s,
      tag,
      now: this.clock.now,
      maxDepth: t?.threadDepth ?? 5,
      closed: !!t?.closed,
      replyTo: target ? target.id : null,
      fresh: this.fresh,
      reply: (id) => this.setReply(id),
      form: () => this.form(target ?? null),
    };
    const tree = buildThread(this.comments.values(), ctx.maxDepth);
    return html`<div class="root" lang=${tag} dir=${dir}>
      ${this.state === 'error'
        ? html`<div part="notice" class="notice error" role="alert">
            <p>${s.loadError}</p>
            <button part="retry" class="retry" type="button" @click=${() => this.load()}>${s.retry}</button>
          </div>`
        : nothing}
      ${!t && this.state === 'loading' ? html`<p class="muted" role="status">${s.loading}</p>` : nothing}
      ${t
        ? html`<h2 part="count" id="count">${plural(tag, this.total, s.count)}</h2>
            <ol class="list">${repeat(tree, (n) => n.comment.id, (n) => commentView(n, ctx))}</ol>
            ${this.moreState === 'error' ? html`<p part="notice" class="notice error" role="alert">${s.loadError}</p>` : nothing}
            ${this.nextCursor
              ? html`<button part="load-more" class="more" type="button" aria-disabled=${this.moreState === 'loading' ? 'true' : 'false'}
                  @click=${this.loadMore}>${this.moreState === 'loading' ? s.loading : s.loadMore}</button>`
              : nothing}
            ${t.closed ? html`<p part="notice" class="notice">${s.closed}</p>` : target ? nothing : this.form(null)}`
        : nothing}
      <div class="sr" role="status" aria-live="polite">${this.announce}</div>
      <span class="end"></span>
    </div>`;
  }
}
