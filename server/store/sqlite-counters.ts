import type Database from 'better-sqlite3';
import type { CommentStatus } from '../domain/types.js';
import { countVisibleByPage } from './threads.js';

/** A prepared statement by its SQL text (the store's per-connection cache). */
export type Sql = (text: string) => Database.Statement;

/**
 * Counter upkeep for the SQLite adapter. Two tables answer every count without
 * reading comments: `comment_counts` (site, status → n), what moderators see,
 * and `page_counts` (site, page → visible), what readers see: approved comments
 * whose every ancestor is approved too (the rule of threads.ts, so a reply under
 * a held parent counts only once the parent is back).
 *
 * THE RULE FOR EVERY WRITE: whatever inserts a comment calls `countInsert`, and
 * whatever changes a comment's status calls `countStatusChange`, inside the same
 * transaction as the write. Bulk writers may instead call `rebuildCounters` for the
 * sites they touched, in their transaction; imports call `countImported` per chunk.
 *
 * Each of these also bumps the site's counts version (`comment_counts_version`,
 * migration 15) in the same transaction, so a snapshot read with
 * `readStatusCountsVersioned` says how new it is: moderators' dashboards keep the
 * newest of the counts they get over HTTP and the socket (several processes,
 * one storage), instead of whichever arrived last.
 */
export function countInsert(sql: Sql, c: { site: string; page: string; status: CommentStatus; parentId: string | null }): void {
  bumpStatus(sql, c.site, c.status, 1);
  bumpCountsVersion(sql, c.site);
  if (c.status === 'approved' && ancestorsApproved(sql, c.parentId)) bumpPage(sql, c.site, c.page, 1);
}

/**
 * Call after the UPDATE that moved comment `id` (of thread `threadId`) from
 * `from` to `to`. When approval changes, the comment's visible subtree appears
 * or disappears with it, so the page's count moves by that subtree's size.
 */
export function countStatusChange(
  sql: Sql,
  c: { id: string; site: string; page: string; threadId: string },
  from: CommentStatus,
  to: CommentStatus,
): void {
  if (from === to) return;
  bumpStatus(sql, c.site, from, -1);
  bumpStatus(sql, c.site, to, 1);
  bumpCountsVersion(sql, c.site);
  if (from !== 'approved' && to !== 'approved') return;
  const parentId = parentOf(sql, c.id);
  if (!sql('SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1').get(c.id)) {
    // A leaf (the common case): only the comment itself appears or disappears.
    if (ancestorsApproved(sql, parentId)) bumpPage(sql, c.site, c.page, to === 'approved' ? 1 : -1);
    return;
  }
  const after = sql(`SELECT id, parent_id AS parentId, page FROM comments WHERE thread_id = ? AND status = 'approved'`).all(
    c.threadId,
  ) as VisibleRow[];
  // The same thread as it was before the update: with or without this comment.
  const before =
    to === 'approved' ? after.filter((r) => r.id !== c.id) : [...after, { id: c.id, parentId, page: c.page }];
  const delta = visibleIn(after, c.page) - visibleIn(before, c.page);
  if (delta !== 0) bumpPage(sql, c.site, c.page, delta);
}

/**
 * Counts rows an import has just inserted, in the same transaction and in insertion
 * order (every parent before its replies): exactly what `countInsert` row by row would
 * do, in one counter update per status and per page and one version bump. A row is
 * visible when it is approved and every ancestor is: read from this call's own rows,
 * else from the store (memoised, so a thread's replies walk their stored ancestors once).
 * Why: an import writes in short transactions (sqlite-import-write.ts), and counting each
 * one with its rows keeps the counters exact after every commit, so an import stopped
 * part-way leaves nothing to repair.
 */
export function countImported(sql: Sql, site: string, rows: Array<{ id: string; page: string; status: CommentStatus; parentId: string | null }>): void {
  if (rows.length === 0) return;
  const byStatus = new Map<CommentStatus, number>();
  const byPage = new Map<string, number>();
  const visible = new Map<string, boolean>();
  for (const r of rows) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    let shown = false;
    if (r.status === 'approved') {
      if (r.parentId === null) shown = true;
      else {
        let above = visible.get(r.parentId);
        if (above === undefined) visible.set(r.parentId, (above = ancestorsApproved(sql, r.parentId)));
        shown = above;
      }
    }
    visible.set(r.id, shown);
    if (shown) byPage.set(r.page, (byPage.get(r.page) ?? 0) + 1);
  }
  for (const [status, n] of byStatus) bumpStatus(sql, site, status, n);
  for (const [page, n] of byPage) bumpPage(sql, site, page, n);
  bumpCountsVersion(sql, site);
}

/**
 * Recounts every counter from the comments (bulk imports, repairs, tests) and bumps
 * the counts version of the sites recounted. Pass a site to recount only it.
 */
export function rebuildCounters(db: Database.Database, site?: string): void {
  recountCounters(db, site);
  if (site !== undefined) {
    db.prepare('INSERT INTO comment_counts_version (site, v) VALUES (?, 1) ON CONFLICT (site) DO UPDATE SET v = v + 1').run(site);
    return;
  }
  db.prepare('UPDATE comment_counts_version SET v = v + 1').run();
  db.prepare('INSERT INTO comment_counts_version (site, v) SELECT DISTINCT site, 1 FROM comment_counts WHERE true ON CONFLICT (site) DO NOTHING').run();
}

/**
 * The recount alone, without the counts version: for migration 4, which runs before
 * the version table exists (migration 15). Everything else calls `rebuildCounters`.
 */
export function recountCounters(db: Database.Database, site?: string): void {
  const where = site === undefined ? '' : 'WHERE site = @site';
  const params = site === undefined ? {} : { site };
  db.prepare(`DELETE FROM comment_counts ${where}`).run(params);
  db.prepare(`INSERT INTO comment_counts (site, status, n) SELECT site, status, count(*) FROM comments ${where} GROUP BY site, status`).run(params);
  db.prepare(`DELETE FROM page_counts ${where}`).run(params);
  const insert = db.prepare('INSERT INTO page_counts (site, page, visible) VALUES (?, ?, ?)');
  const pages = db
    .prepare(`SELECT DISTINCT site, page FROM comments WHERE status = 'approved' ${site === undefined ? '' : 'AND site = @site'}`)
    .all(params) as Array<{ site: string; page: string }>;
  // Page by page, so memory holds one page's approved rows at a time.
  const rowsOf = db.prepare(`SELECT id, parent_id AS parentId, page FROM comments WHERE site = ? AND page = ? AND status = 'approved'`);
  for (const p of pages) insert.run(p.site, p.page, visibleIn(rowsOf.all(p.site, p.page) as VisibleRow[], p.page));
}

/** Counts per status on a site, from the counters. */
export function readStatusCounts(sql: Sql, site: string): Array<{ status: CommentStatus; n: number }> {
  return sql('SELECT status, n FROM comment_counts WHERE site = ?').all(site) as Array<{ status: CommentStatus; n: number }>;
}

/**
 * Counts per status on a site with their version, read by one statement (so one
 * snapshot, even while other processes write): `version` is 0 before the site's
 * first counted write and grows with every one after; a higher version is a later
 * state, and one version always comes with the same counts.
 */
export function readStatusCountsVersioned(sql: Sql, site: string): { rows: Array<{ status: CommentStatus; n: number }>; version: number } {
  const all = sql(
    `SELECT status, n FROM comment_counts WHERE site = ?
     UNION ALL SELECT NULL AS status, v AS n FROM comment_counts_version WHERE site = ?`,
  ).all(site, site) as Array<{ status: CommentStatus | null; n: number }>;
  const rows = all.filter((r): r is { status: CommentStatus; n: number } => r.status !== null);
  return { rows, version: all.find((r) => r.status === null)?.n ?? 0 };
}

/** One more change of the site's status counts (in the caller's transaction). */
export function bumpCountsVersion(sql: Sql, site: string): void {
  sql('INSERT INTO comment_counts_version (site, v) VALUES (?, 1) ON CONFLICT (site) DO UPDATE SET v = v + 1').run(site);
}

/** Visible counts of the given pages, from the counters (pages never seen are absent). */
export function readPageCounts(sql: Sql, site: string, pages: string[]): Array<{ page: string; visible: number }> {
  return sql(`SELECT page, visible FROM page_counts WHERE site = ? AND page IN (SELECT value FROM json_each(?))`).all(
    site,
    JSON.stringify(pages),
  ) as Array<{ page: string; visible: number }>;
}

type VisibleRow = { id: string; parentId: string | null; page: string };

const visibleIn = (rows: VisibleRow[], page: string) => countVisibleByPage(rows).get(page) ?? 0;

function bumpStatus(sql: Sql, site: string, status: CommentStatus, by: number): void {
  sql(`INSERT INTO comment_counts (site, status, n) VALUES (?, ?, ?) ON CONFLICT (site, status) DO UPDATE SET n = n + excluded.n`).run(
    site,
    status,
    by,
  );
}

function bumpPage(sql: Sql, site: string, page: string, by: number): void {
  sql(`INSERT INTO page_counts (site, page, visible) VALUES (?, ?, ?) ON CONFLICT (site, page) DO UPDATE SET visible = visible + excluded.visible`).run(
    site,
    page,
    by,
  );
}

function parentOf(sql: Sql, id: string): string | null {
  const row = sql('SELECT parent_id FROM comments WHERE id = ?').get(id) as { parent_id: string | null } | undefined;
  return row?.parent_id ?? null;
}

/** Is every ancestor from `parentId` up to the root approved? (A missing parent or a cycle hides the reply.) */
function ancestorsApproved(sql: Sql, parentId: string | null): boolean {
  const seen = new Set<string>();
  let id = parentId;
  while (id !== null) {
    if (seen.has(id)) return false;
    seen.add(id);
    const row = sql('SELECT parent_id, status FROM comments WHERE id = ?').get(id) as { parent_id: string | null; status: string } | undefined;
    if (!row || row.status !== 'approved') return false;
    id = row.parent_id;
  }
  return true;
}
