import type Database from 'better-sqlite3';
import { STATUSES, type CommentStatus, type CursorPos, type StatusCounts, type StoredComment, type VersionedCounts } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { readPageCounts, readStatusCounts, readStatusCountsVersioned, type Sql } from './sqlite-counters.js';
import { toComment, type Row } from './sqlite-rows.js';
import { layOutThreads } from './threads.js';

// The comment lists of the SQLite adapter and their counts: a page of approved
// threads as readers see it, a moderation queue by status, and the counters
// (sqlite-counters.ts) that answer "how many" without reading comments.

/** A page of approved threads (keyset after `after`), the replies of each, and the page's visible total. */
export function listVisible(
  db: Database.Database,
  sql: Sql,
  given: { site: string; page: string; after: CursorPos | null; limit: number },
): { comments: StoredComment[]; next: CursorPos | null; total: number } {
  const q = { ...given, page: canonicalPageKey(given.page) };
  const rootsAfter = sql(
    `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL AND (created_at, id) > (?, ?)
       ORDER BY created_at, id LIMIT ?`,
  );
  const rootsFirst = sql(
    `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL
       ORDER BY created_at, id LIMIT ?`,
  );
  const repliesOf = sql(
    `SELECT * FROM comments
       WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL
       ORDER BY created_at, id`,
  );
  // One read transaction, so roots, replies and total come from the same snapshot.
  const read = db.transaction(() => {
    const rootRows = (
      q.after
        ? rootsAfter.all(q.site, q.page, q.after.createdAt, q.after.id, q.limit + 1)
        : rootsFirst.all(q.site, q.page, q.limit + 1)
    ) as Row[];
    const roots = rootRows.map(toComment);
    const more = roots.length > q.limit;
    if (more) roots.pop();
    const replies = roots.length ? (repliesOf.all(JSON.stringify(roots.map((r) => r.id))) as Row[]).map(toComment) : [];
    const last = roots[roots.length - 1];
    return {
      comments: layOutThreads(roots, replies),
      next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
      total: readPageCounts(sql, q.site, [q.page])[0]?.visible ?? 0,
    };
  });
  return read();
}

/** Visible comments per page (canonical keys), 0 for a page with none. */
export function countVisible(sql: Sql, site: string, pages: string[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null); // "__proto__" is a page key like any other
  const keys = pages.map(canonicalPageKey);
  for (const p of keys) counts[p] = 0;
  if (keys.length === 0) return counts;
  for (const r of readPageCounts(sql, site, keys)) counts[r.page] = r.visible;
  return counts;
}

/** A moderation queue: the site's comments in `status`, newest first, keyset before `before`. */
export function listByStatus(
  sql: Sql,
  q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number },
): { comments: StoredComment[]; next: CursorPos | null } {
  const rows = (
    q.before
      ? sql(
          `SELECT * FROM comments WHERE site = ? AND status = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
        ).all(q.site, q.status, q.before.createdAt, q.before.id, q.limit + 1)
      : sql(
          `SELECT * FROM comments WHERE site = ? AND status = ?
             ORDER BY created_at DESC, id DESC LIMIT ?`,
        ).all(q.site, q.status, q.limit + 1)
  ) as Row[];
  const comments = rows.map(toComment);
  const more = comments.length > q.limit;
  if (more) comments.pop();
  const last = comments[comments.length - 1];
  return { comments, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export function countByStatus(sql: Sql, site: string): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of readStatusCounts(sql, site)) counts[r.status] = r.n;
  return counts;
}

/** The site's counts by status with the counts version they were read at (one statement). */
export function countsSnapshot(sql: Sql, site: string): VersionedCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  const { rows, version } = readStatusCountsVersioned(sql, site);
  for (const r of rows) counts[r.status] = r.n;
  return { counts, version };
}
