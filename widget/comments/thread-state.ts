import type { CommentPage, PublicComment, ShownComment, Sort, ThreadInfo } from './types.js';

type Key = { createdAt: string; id: string; likes?: number };
/** (createdAt, id), oldest first. ISO dates of one format compare as strings. */
const byAge = (a: Key, b: Key) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The server's order of top-level threads for each sort (ISSUE14-API.md): `oldest` (createdAt, id)
 * ascending, `newest` descending, `popular` likes descending then oldest first. Negative: a before b.
 */
export const rootOrder =
  (sort: Sort) =>
  (a: Key, b: Key): number =>
    sort === 'newest' ? byAge(b, a) : sort === 'popular' ? (b.likes ?? 0) - (a.likes ?? 0) || byAge(a, b) : byAge(a, b);

/**
 * What one widget knows of its thread, kept equal to what a fresh load with the
 * same number of pages would show: the approved comments of the loaded pages,
 * the reader's own comments awaiting moderation, the count and the cursor.
 * Live events are applied here; anything it cannot place (a thread beyond the
 * loaded pages) is only counted, and "load more" brings it in order.
 */
export class ThreadState {
  approved = new Map<string, PublicComment>();
  /** The reader's own comments shown as awaiting moderation. */
  own = new Map<string, PublicComment>();
  total = 0;
  nextCursor: string | null = null;
  info: ThreadInfo | null = null;
  /** How many pages of threads are loaded (what a re-sync reloads). */
  pages = 0;
  /** The cursor of the page before the first one loaded (a permalink opened mid-thread); null at the start. */
  prevCursor: string | null = null;
  /** The page's featured comments, as the answer's `featured` (newest featured first, at most 10). */
  featured: PublicComment[] = [];
  /** A comment left a full featured list (10) live: a reload would show one more, so the list must be fetched again (`takeFeatured`). */
  featuredStale = false;
  /** The order of top-level threads these pages were fetched in. */
  sort: Sort = 'oldest';
  /** Threads per page, as the server sent them (a full page's top-level count); 0 until one is seen. */
  pageSize = 0;
  /** The last top-level comment of the last loaded page: live roots up to here are shown in place. */
  private boundary: Key | null = null;
  /** The first top-level comment of the first loaded page: with `prevCursor`, live roots before it belong to pages not loaded. */
  private first: Key | null = null;

  private before(a: Key, b: Key): boolean {
    return rootOrder(this.sort)(a, b) <= 0;
  }

  /**
   * Whether these freshly fetched pages show at least every thread shown now:
   * all of them when everything was loaded, else up to the current boundary.
   */
  covers(pages: CommentPage[]): boolean {
    const last = pages[pages.length - 1];
    if (!last?.nextCursor) return true; // the fetch reached the end
    if (!this.nextCursor) return false; // everything was shown: so must it be again
    const roots = pages.flatMap((p) => p.comments.filter((c) => !c.parentId));
    const end = roots[roots.length - 1];
    return !this.boundary || (!!end && this.before(this.boundary, end));
  }

  /** Replaces everything with freshly fetched pages (first load, or a re-sync after missed events). */
  reset(pages: CommentPage[]): void {
    this.approved = new Map();
    this.pages = 0;
    this.takeFeatured(pages[0]?.featured ?? []);
    pages.forEach((p) => this.append(p));
    for (const id of this.approved.keys()) this.own.delete(id);
  }

  /**
   * Fetches the thread again for a re-sync: at least the pages loaded, and on
   * until every thread shown now is shown again (threads approved meanwhile may
   * have pushed some to later pages), so nothing the reader saw vanishes.
   */
  async refetch(fetchPage: (cursor?: string) => Promise<CommentPage>): Promise<CommentPage[]> {
    const pages: CommentPage[] = [];
    let cursor: string | undefined;
    do {
      const r = await fetchPage(cursor);
      pages.push(r);
      cursor = r.nextCursor ?? undefined;
    } while (cursor && pages.length < 100 && (pages.length < this.pages || !this.covers(pages)));
    return pages;
  }

  /** The next page ("load more"). */
  append(p: CommentPage): void {
    this.take(p);
    const roots = p.comments.filter((c) => !c.parentId);
    if (p.nextCursor) this.pageSize = Math.max(this.pageSize, roots.length);
    const last = roots[roots.length - 1];
    if (last) this.boundary = last;
    if (this.pages === 1) {
      this.prevCursor = p.prevCursor ?? null;
      this.first = roots[0] ?? null;
    }
    this.nextCursor = p.nextCursor;
  }

  /**
   * How "load more" asks for the next threads. Oldest and newest: the keyset cursor. Popular
   * from the start: likes move threads across any keyset cursor (a thread liked past the cursor
   * would never come), so the list is fetched again from the start, `limit` = threads loaded +
   * one page (at most 200, the server's cap), and `replace` takes it.
   */
  morePlan(): { cursor: string; limit?: undefined } | { cursor?: undefined; limit: number } | null {
    if (!this.nextCursor) return null;
    if (this.sort !== 'popular' || this.prevCursor) return { cursor: this.nextCursor };
    const roots = [...this.approved.values()].filter((c) => !c.parentId).length;
    return { limit: Math.min(200, roots + (this.pageSize || roots || 1)) };
  }

  /** The answer of a `morePlan()` limit fetch: it replaces what was loaded (as many pages as it holds threads). */
  replace(p: CommentPage): void {
    const size = this.pageSize;
    this.reset([p]);
    this.pageSize = size;
    const roots = p.comments.filter((c) => !c.parentId).length;
    this.pages = Math.max(1, Math.ceil(roots / (size || roots || 1)));
  }

  /** The page before the first loaded one («تعليقات أقدم» after a permalink). */
  prepend(p: CommentPage): void {
    this.take(p);
    const roots = p.comments.filter((c) => !c.parentId);
    this.first = roots[0] ?? this.first;
    this.prevCursor = p.prevCursor ?? null;
  }

  private take(p: CommentPage): void {
    for (const c of p.comments) this.approved.set(c.id, c);
    for (const c of p.comments) if (this.approved.has(c.id)) this.own.delete(c.id);
    this.total = p.total;
    this.info = p.thread;
    this.pages += 1;
  }

  /** The featured list as the server answered it (newest featured first, at most 10). */
  takeFeatured(list: PublicComment[]): void {
    this.featured = list;
    this.featuredStale = false;
  }

  /** Drops comments from the featured list; from a full one (10) that leaves it short of what a reload shows. */
  private unfeature(gone: (id: string) => boolean): void {
    const left = this.featured.filter((f) => !gone(f.id));
    if (left.length < this.featured.length && this.featured.length >= 10) this.featuredStale = true;
    this.featured = left;
  }

  /** Applies a change to a comment wherever it is shown (the list and the featured section). */
  private patch(id: string, change: (c: PublicComment) => PublicComment): void {
    const c = this.approved.get(id);
    if (c) this.approved.set(id, change(c));
    this.featured = this.featured.map((f) => (f.id === id ? change(f) : f));
  }

  /** `comment:edited`: new text, the edited mark, or the «تعليق محذوف» placeholder. Only comments shown change. */
  edit(c: PublicComment): void {
    if (this.approved.has(c.id)) this.patch(c.id, (b) => ({ ...b, ...c }));
    else this.featured = this.featured.map((f) => (f.id === c.id ? { ...f, ...c } : f));
    if (c.deleted) this.unfeature((id) => id === c.id);
  }

  /** `comment:reactions`: the like count. */
  like(id: string, likes: number): void {
    this.patch(id, (c) => ({ ...c, likes }));
    // In popular order the ends of what is loaded move with likes: keep them the loaded threads' last and first.
    if (this.sort !== 'popular') return;
    const roots = [...this.approved.values()].filter((c) => !c.parentId).sort(rootOrder('popular'));
    if (this.boundary) this.boundary = roots[roots.length - 1] ?? this.boundary;
    if (this.first) this.first = roots[0] ?? this.first;
  }

  /** `comment:featured`: the section gains it first (as the server lists newest featured first) or loses it. */
  feature(c: PublicComment, featured: boolean): void {
    if (featured) this.featured = [{ ...c, featured }, ...this.featured.filter((f) => f.id !== c.id)].slice(0, 10);
    else this.unfeature((id) => id === c.id);
    this.patch(c.id, (b) => ({ ...b, featured }));
  }

  /**
   * A comment that became visible again (held by reports, sent back for review…) keeps its pick:
   * the section shows it, wherever the thread places it. Alone it is the list; among others its
   * place follows when it was featured, which readers are not told, so the list is fetched again.
   */
  private refeature(c: PublicComment): void {
    if (!c.featured || this.featured.some((f) => f.id === c.id)) return;
    if (this.featured.length) this.featuredStale = true;
    else this.featured = [c];
  }

  /** Whether a visible comment belongs to what is loaded: its parent is shown, or it is a thread no later than the loaded ones. */
  private placeable(c: PublicComment): boolean {
    if (c.parentId) return this.approved.has(c.parentId);
    return (!this.nextCursor || (this.boundary !== null && this.before(c, this.boundary))) && (!this.prevCursor || (this.first !== null && this.before(this.first, c)));
  }

  /**
   * A comment became visible. `shown` when it now appears (`wasOwn`: it was the
   * reader's own pending one), `counted` when it belongs to pages not loaded yet,
   * `known` when it was already there. `always` shows it even then (the reader's
   * own comment, approved as it was posted: they must see it; "load more" will not repeat it).
   */
  approve(c: PublicComment, always = false): { result: 'shown' | 'counted' | 'known'; wasOwn: boolean } {
    this.refeature(c);
    if (this.approved.has(c.id)) return { result: 'known', wasOwn: false };
    this.total += 1;
    const wasOwn = this.own.delete(c.id);
    if (!always && !this.placeable(c)) return { result: 'counted', wasOwn };
    this.approved.set(c.id, c);
    return { result: 'shown', wasOwn };
  }

  /** A comment stopped being visible: it goes with its replies (the server hides them too). Returns how many went. */
  remove(id: string): number {
    this.unfeature((f) => f === id);
    if (!this.approved.has(id)) {
      // Its thread is not loaded: a featured reply in it goes with it (the server hides it too);
      // a deeper one's ancestry is unknown here, so the list is fetched again.
      const replies = new Set(this.featured.filter((f) => f.parentId === id).map((f) => f.id));
      this.unfeature((f) => replies.has(f));
      if (this.featured.some((f) => f.parentId !== null && !this.approved.has(f.parentId))) this.featuredStale = true;
      return 0;
    }
    const gone = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.approved.values()) {
        if (c.parentId && gone.has(c.parentId) && !gone.has(c.id)) {
          gone.add(c.id);
          grew = true;
        }
      }
    }
    for (const g of gone) this.approved.delete(g);
    this.unfeature((f) => gone.has(f));
    this.total = Math.max(0, this.total - gone.size);
    return gone.size;
  }

  /** What the reader's own comment now is. Approved ones are left to the public list (and its events). */
  setOwn(c: PublicComment, status: 'pending' | 'approved' | 'removed'): void {
    if (status === 'pending' && !this.approved.has(c.id)) this.own.set(c.id, c);
    else this.own.delete(c.id);
  }

  /** Everything shown, own pending comments marked. */
  shown(): ShownComment[] {
    return [...this.approved.values(), ...[...this.own.values()].map((c) => ({ ...c, pending: true }))];
  }

  /** The heading's number: the page's count plus the reader's own comments awaiting moderation shown with it. */
  get count(): number {
    return this.total + this.own.size;
  }
}
