import { createHash } from 'node:crypto';
import { HELD_AVATAR } from '../avatar.js';
import { pageJsonOf } from '../store/thread-bytes.js';
import type { CommentStatus, Site, StoredComment, ThreadSort } from '../domain/types.js';
import type { PublicComment, PublicSource } from '../domain/views.js';
import { notFound } from '../errors.js';
import type { SortPos } from '../store/readers-port.js';
import type { Deps } from '../usecases/context.js';
import { publicEntryHead, toPublic } from '../views.js';
import { ownStatus, type OwnStatus } from '../reader/thread-facts.js';
import { encodeSortCursor, type SortCursor } from './cursor.js';

/** Featured comments shown above a thread, at most. */
export const FEATURED_LIMIT = 10;

export interface ThreadPageQuery {
  site: Site;
  page: string;
  sort: ThreadSort;
  cursor: SortCursor | null;
  /** a comment id: answer the page that begins with its root thread (permalinks) */
  around: string | undefined;
  limit: number;
}

/** A reader's view of a comment under the site's settings: no likes shown while reactions are off. */
export function publicFor(site: Site, c: PublicSource): PublicComment {
  const p = toPublic(c);
  return site.settings.reactions ? p : { ...p, likes: 0 };
}

/**
 * What the author of a comment is shown of it (the POST answer, GET /api/comments/:id and /mine,
 * their edit's answer, the socket's `comment:status`): `view` as given, but with the neutral
 * HELD_AVATAR while the comment is not approved (avatar.ts says why). A placeholder's empty
 * avatar stays empty.
 */
export function ownAvatar<T extends PublicComment>(view: T, status: CommentStatus): T {
  if (status === 'approved' || view.author.avatar === '') return view;
  return { ...view, author: { ...view.author, avatar: HELD_AVATAR } };
}

/** What the author of `c` is shown of it (GET /api/comments/:id and /mine, their edit's answer, `comment:status`): `view` with ownAvatar, and their own status (ownStatus). */
export function ownView<T extends PublicComment>(view: T, c: StoredComment): T & { status: OwnStatus } {
  return { ...ownAvatar(view, c.status), status: ownStatus(c) };
}

/** publicFor with the comment's own site (realtime events): live equals a reload. */
export async function publicOf(deps: Deps, c: StoredComment): Promise<PublicComment> {
  const site = await deps.store.getSite(c.site);
  return site ? publicFor(site, c) : toPublic(c);
}

/** The root of a visible comment of this page; 404 comment_unavailable when it or an ancestor is not approved. */
async function visibleRoot(deps: Deps, site: Site, page: string, id: string): Promise<StoredComment> {
  let c = id.length <= 64 ? await deps.store.getComment(id) : null;
  if (!c || c.site !== site.id || c.page !== page) throw notFound('comment_unavailable');
  for (let depth = 0; depth <= 50; depth++) {
    if (c.status !== 'approved') throw notFound('comment_unavailable');
    if (c.parentId === null) return c;
    const parent: StoredComment | null = await deps.store.getComment(c.parentId);
    if (!parent) throw notFound('comment_unavailable');
    c = parent;
  }
  throw notFound('comment_unavailable');
}

/**
 * The comments part of GET /api/comments: a page of threads in the chosen order (after or
 * before a cursor, or beginning with the permalinked comment's root), the cursors both
 * ways, the total and the page's featured comments (independent of order and cursor).
 */
export async function threadPage(deps: Deps, q: ThreadPageQuery) {
  const { site, page, sort } = q;
  // With reactions off likes are hidden, so "popular" would order by what readers cannot see: oldest instead.
  const order: ThreadSort = sort === 'popular' && !site.settings.reactions ? 'oldest' : sort;
  let from: SortPos | null = null;
  let around: string | null = null;
  if (q.around !== undefined) {
    const root = await visibleRoot(deps, site, page, q.around);
    from = { createdAt: root.createdAt, id: root.id, likes: root.likes };
    around = root.id;
  }
  const query = {
    site: site.id,
    page,
    sort: order,
    from,
    after: !from && q.cursor?.dir === 'after' ? q.cursor.pos : null,
    before: !from && q.cursor?.dir === 'before' ? q.cursor.pos : null,
    limit: q.limit,
  };
  // Thread bytes show likes; with reactions off they are built here with 0 likes instead.
  const [list, featured] = await Promise.all([
    site.settings.reactions
      ? deps.store.readers.listThreadsJson(query)
      : deps.store.readers.listThreads(query).then((l) => pageJsonOf(l, false)),
    deps.store.readers.listFeatured(site.id, page, FEATURED_LIMIT),
  ]);
  // The root may have moved (popular order) or gone between the two reads: say so rather than answer another page.
  if (around && !list.ids.includes(around)) throw notFound('comment_unavailable');
  return {
    likesShown: site.settings.reactions,
    threads: { json: list.json, tags: list.tags },
    nextCursor: encodeSortCursor(list.next ? { sort, dir: 'after', pos: list.next } : null),
    prevCursor: encodeSortCursor(list.prev ? { sort, dir: 'before', pos: list.prev } : null),
    total: list.total,
    sort,
    around,
    featured,
  };
}

export type ThreadPage = Awaited<ReturnType<typeof threadPage>>;

/**
 * The body of GET /api/comments as UTF-8 JSON bytes, shape { comments, nextCursor,
 * prevCursor, total, sort, around?, featured, thread }, and its weak ETag. The threads' bytes
 * (thread-bytes.ts) go in as they are; each featured comment is its counters (views.ts
 * publicEntryHead) followed by the members of its stored body. The ETag hashes the threads'
 * tags (each a hash of that thread's bytes) and every other byte of the page, so it changes
 * whenever any byte does, without hashing the threads' bytes again.
 */
export function threadPageBytes(p: ThreadPage, thread: unknown): { identity: Buffer; etag: string } {
  const parts: Buffer[] = [];
  const hash = createHash('sha1');
  const text = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    parts.push(b);
    hash.update(b);
  };
  text('{"comments":[');
  parts.push(p.threads.json);
  hash.update(p.threads.tags);
  const head = JSON.stringify({ nextCursor: p.nextCursor, prevCursor: p.prevCursor, total: p.total, sort: p.sort, ...(p.around ? { around: p.around } : {}) });
  text(`],${head.slice(1, -1)},"featured":[`);
  p.featured.forEach((e, i) => {
    text(i === 0 ? publicEntryHead(e, p.likesShown) : `,${publicEntryHead(e, p.likesShown)}`);
    const body = e.json.subarray(1);
    parts.push(body);
    hash.update(body);
  });
  text(`],"thread":${JSON.stringify(thread)}}`);
  return { identity: Buffer.concat(parts), etag: `W/"${hash.digest('base64url')}"` };
}

/** When the author's edit window closes (ISO), or null when the site turned it off or the comment is deleted. */
export function editableUntil(site: Site, c: StoredComment): string | null {
  const minutes = site.settings.editWindowMinutes;
  if (minutes <= 0 || c.deletedAt !== null) return null;
  return new Date(c.createdAt + minutes * 60_000).toISOString();
}
