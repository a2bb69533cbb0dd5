import mongoose from 'mongoose';
import { STATUSES, type CommentStatus, type CursorPos, type StatusCounts, type StoredComment, type VersionedCounts } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { readCounters, readCountsVersion } from './mongo-counters.js';
import { toComment } from './mongo-docs.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { positionAfter } from './mongo-public.js';
import { layOutThreads } from './threads.js';

// The comment lists of the MongoDB adapter and their counts: a page of approved
// threads as readers see it, a moderation queue by status, and the counters
// (mongo-counters.ts) that answer "how many" without reading comments.

const { trusted } = mongoose;
const EMAIL = '+authorEmail';
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

/** A page of approved threads (keyset after `after`), the replies of each, and the page's visible total. */
export async function listVisible(
  m: Models,
  given: { site: string; page: string; after: CursorPos | null; limit: number },
): Promise<{ comments: StoredComment[]; next: CursorPos | null; total: number }> {
  const q = { ...given, page: canonicalPageKey(given.page) };
  const { Comment } = m;
  const base = { site: q.site, page: q.page, status: 'approved' as CommentStatus };
  const rootDocs = await Comment.find({ ...base, parentId: null, ...(q.after ? positionAfter(q.after) : {}) })
    .select(EMAIL)
    .sort(OLDEST_FIRST)
    .limit(q.limit + 1)
    .lean<CommentDoc[]>();
  const more = rootDocs.length > q.limit;
  const roots = rootDocs.slice(0, q.limit).map(toComment);
  const replies = roots.length
    ? await Comment.find({
        threadId: trusted({ $in: roots.map((r) => r.id) }),
        status: 'approved' as CommentStatus,
        parentId: trusted({ $ne: null }),
      })
        .select(EMAIL)
        .sort(OLDEST_FIRST)
        .lean<CommentDoc[]>()
    : [];
  const total = (await readCounters(m, q.site, 'page', [q.page])).get(q.page) ?? 0;
  const last = roots[roots.length - 1];
  return {
    comments: layOutThreads(roots, replies.map(toComment)),
    next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
    total,
  };
}

/** Visible comments per page (canonical keys), 0 for a page with none. */
export async function countVisible(m: Models, site: string, pages: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.create(null); // "__proto__" is a page key like any other
  const keys = pages.map(canonicalPageKey);
  for (const p of keys) counts[p] = 0;
  if (keys.length === 0) return counts;
  for (const [page, n] of await readCounters(m, site, 'page', keys)) counts[page] = n;
  return counts;
}

/** A moderation queue: the site's comments in `status`, newest first, keyset before `before`. */
export async function listByStatus(
  m: Models,
  q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number },
): Promise<{ comments: StoredComment[]; next: CursorPos | null }> {
  const docs = await m.Comment.find({ site: q.site, status: q.status, ...(q.before ? positionBefore(q.before) : {}) })
    .select(EMAIL)
    .sort(NEWEST_FIRST)
    .limit(q.limit + 1)
    .lean<CommentDoc[]>();
  const more = docs.length > q.limit;
  const comments = docs.slice(0, q.limit).map(toComment);
  const last = comments[comments.length - 1];
  return { comments, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function countByStatus(m: Models, site: string): Promise<StatusCounts> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const [status, n] of await readCounters(m, site, 'status')) counts[status as CommentStatus] = n;
  return counts;
}

/** The site's counts by status with a counts version they are at least as new as. */
export async function countsSnapshot(m: Models, site: string): Promise<VersionedCounts> {
  // the version first: the counters read after it are at least that new (mongo-counters.ts)
  const version = await readCountsVersion(m, site);
  return { counts: await countByStatus(m, site), version };
}

/** Strictly before a (createdAt, id) position; operators marked trusted so sanitizeFilter keeps them. */
function positionBefore(p: CursorPos) {
  return { $or: [{ createdAt: trusted({ $lt: p.createdAt }) }, { createdAt: p.createdAt, _id: trusted({ $lt: p.id }) }] };
}
