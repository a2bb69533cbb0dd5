import { html, nothing, type ReactiveController } from 'lit';
import { strings } from './i18n/index.js';
import type { MajlisComments } from './majlis-comments.js';
import { keepScroll } from './scroll-anchor.js';

/** The comment id of a `#comment-<id>` address (as the time links, copied links and reply emails carry), if any. */
export const linkedId = (): string | undefined => /^#comment-([0-9a-z]{1,40})$/i.exec(location.hash)?.[1];

/**
 * Permalinks for <majlis-comments> (issue 14 point 1): the widget loads the page
 * of threads holding a linked comment (`around`); this reveals it (scrolled to,
 * focused, highlighted 3 s, no animation with prefers-reduced-motion), follows
 * later `#comment-<id>` changes of the address, and loads the pages before the
 * first one loaded («تعليقات أقدم», or «تعليقات أحدث» in newest order).
 */
export class Permalinks implements ReactiveController {
  /** the comment highlighted now */
  linked: string | null = null;
  /** the last comment revealed (kept in place when the reader actions render above it) */
  revealed: string | null = null;
  /** the comment the thread was opened around (a re-sync fetches around it again) */
  anchor: string | undefined;
  private prevState: 'idle' | 'loading' | 'error' = 'idle';
  private readonly onHash = () => this.follow();

  constructor(private readonly host: MajlisComments) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('hashchange', this.onHash);
  }

  hostDisconnected(): void {
    removeEventListener('hashchange', this.onHash);
  }

  /** After a (re)load: `around` is the answer's root when it was an around answer. */
  loaded(id: string | undefined, around: string | undefined): void {
    this.anchor = around ? id : undefined;
    this.revealed = null;
    this.prevState = 'idle';
  }

  /**
   * Shows comment `id`. A server without `around` is helped by loading more
   * threads to reach it; `missing` (the server said 404) says it is not available.
   */
  async reveal(id: string, gen: number, missing: boolean): Promise<void> {
    const h = this.host;
    const has = () => h.thread.approved.has(id) || h.thread.own.has(id);
    for (let i = 0; i < 20 && !has() && !missing && h.thread.nextCursor && gen === h.generation; i++) await h.loadMore();
    if (gen !== h.generation) return;
    if (!has()) return h.say(strings(h.langInfo.lang).linkMissing);
    this.linked = id;
    this.revealed = id;
    await h.rendered();
    const el = h.renderRoot.querySelector<HTMLElement>(`#c-${CSS.escape(id)}`);
    el?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    el?.focus({ preventScroll: true });
    setTimeout(() => {
      if (this.linked === id) this.linked = null;
      h.requestUpdate();
    }, 3000);
  }

  /** The address's `#comment-<id>` changed (a time link clicked): shown already → reveal it, else load around it. */
  private follow(): void {
    const id = linkedId();
    const h = this.host;
    if (!id || h.state !== 'ready') return;
    if (h.thread.approved.has(id) || h.thread.own.has(id)) void this.reveal(id, h.generation, false);
    else void h.load();
  }

  /** The page before the first one loaded, added above without moving the reader; focus goes to its last thread. */
  private async loadPrev(): Promise<void> {
    const h = this.host;
    const cursor = h.thread.prevCursor;
    if (!cursor || this.prevState === 'loading') return;
    const gen = h.generation;
    this.prevState = 'loading';
    h.requestUpdate();
    try {
      const r = await h.fetchPage(cursor);
      if (gen !== h.generation) return;
      await keepScroll(h.renderRoot, () => {
        h.thread.prepend(r);
        return h.rendered();
      });
      this.prevState = 'idle';
      const roots = r.comments.filter((c) => !c.parentId);
      const last = roots[roots.length - 1];
      if (last) h.focusComment(last.id);
    } catch {
      this.prevState = 'error';
    }
    h.requestUpdate();
  }

  /** The «تعليقات أقدم» button (and its error) above the list, when there are pages before. */
  render() {
    const h = this.host;
    const s = strings(h.langInfo.lang);
    const busy = this.prevState === 'loading';
    return html`${h.thread.prevCursor
      ? html`<button part="load-more" class="more prev" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.loadPrev()}>
          ${busy ? s.loading : h.thread.sort === 'newest' ? s.newer : s.older}
        </button>`
      : nothing}
    ${this.prevState === 'error' ? html`<p part="notice" class="notice error" role="alert">${s.loadError}</p>` : nothing}`;
  }
}
