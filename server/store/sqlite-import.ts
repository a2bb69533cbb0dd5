/**
 * SQLite side of import and export (issue 11). A whole file is written in one
 * IMMEDIATE transaction: it lands entirely or not at all, and a dry run is the
 * same transaction rolled back, so its counts are exact.
 */
import type Database from 'better-sqlite3';
import type { ExportedComment, ImportBatch, ImportPage, ImportWriteResult } from '../domain/import.js';
import type { PageInfo } from '../domain/types.js';
import { authorKey } from '../moderation/collate.js';
import { linkBatch, type LinkedComment, type LinkTarget } from './import-link.js';
import { duplicateKeyOf } from './sqlite-comments.js';
import { publicBodyJson } from '../views.js';
import { withSearchDeferred } from './sqlite-search.js';
import { rebuildCounters } from './sqlite-counters.js';
import { toComment, toPage, type Row } from './sqlite-rows.js';

class DryRun extends Error {
  constructor(readonly result: ImportWriteResult) {
    super('dry run');
  }
}

const EXPORT_PAGE = 1000;
/** Page cache during a large import (negative: KiB), 16 MiB. */
const IMPORT_CACHE_KIB = -16384;

export function importIntoSqlite(db: Database.Database, batch: ImportBatch): ImportWriteResult {
  const bySource = db.prepare('SELECT id, thread_id, page FROM comments WHERE site = ? AND source_site = ? AND source_id = ?');
  const byId = db.prepare('SELECT id, site, thread_id, page FROM comments WHERE id = ?');
  const target = (row: Row | undefined): LinkTarget | null =>
    row ? { id: String(row.id), threadId: String(row.thread_id), page: String(row.page) } : null;
  const sameSite = (row: Row | undefined) => (row && row.site === batch.site ? row : undefined);

  const run = db.transaction(() => {
    if (batch.newSite) {
      const n = batch.newSite;
      db.prepare('INSERT OR IGNORE INTO sites (id, origins, settings, created_at) VALUES (?, ?, ?, ?)').run(n.id, JSON.stringify(n.origins), JSON.stringify(n.settings), n.createdAt);
    }
    const { rows, result } = linkBatch(batch, {
      existing: (c) =>
        (c.id !== null ? target(sameSite(byId.get(c.id) as Row | undefined)) : null) ??
        (c.source ? target(bySource.get(batch.site, c.source.site, c.source.id) as Row | undefined) : null),
      parentInStore: (c) =>
        c.id !== null
          ? target(sameSite(byId.get(c.parentKey!) as Row | undefined))
          : c.source
            ? target(bySource.get(batch.site, c.source.site, c.parentKey!) as Row | undefined)
            : null,
      idTaken: (id) => byId.get(id) !== undefined,
    });
    writeImportedPages(db, batch.site, batch.pages);
    // Indexed for search together at the end, not one FTS5 segment per comment (sqlite-search.ts withSearchDeferred).
    withSearchDeferred(db, () => insertImportedComments(db, batch.site, rows));
    // The counters of the site, recounted in this transaction (one pass instead of a counter update per row).
    if (rows.length > 0) rebuildCounters(db, batch.site);
    if (batch.dryRun) throw new DryRun(result);
    return result;
  });
  // A bigger page cache while the batch is written: index pages stay in memory instead of churning through the WAL.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  if (batch.comments.length > 1000) db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    return run.immediate();
  } catch (e) {
    if (e instanceof DryRun) return e.result;
    throw e;
  } finally {
    db.pragma(`cache_size = ${cacheBefore}`);
  }
}

/**
 * Creates the pages an import brings. A page that exists keeps everything a
 * moderator set (closed or reopened); only a missing title or URL is filled in.
 */
function writeImportedPages(db: Database.Database, site: string, pages: ImportPage[]): void {
  const insert = db.prepare(
    `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site, page) DO UPDATE SET title = COALESCE(pages.title, excluded.title), url = COALESCE(pages.url, excluded.url)`,
  );
  for (const p of pages) insert.run(site, p.page, p.title, p.url, p.closed ? 1 : 0, p.createdAt);
}

/**
 * The bulk insert of an import: every row of the batch, inside the caller's
 * transaction, with the collation keys insertCommentRow writes (author_key for
 * "previously approved", dup_key for the duplicate rule). It does not count:
 * the caller recounts the site's counters in the same transaction
 * (sqlite-counters.ts, "bulk writers").
 */
export function insertImportedComments(db: Database.Database, site: string, rows: LinkedComment[]): void {
  const insert = db.prepare(
    `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, author_url,
       avatar_key, content, status, prev_status, version, ip, user_agent, reasons, history,
       page_title, page_url, created_at, edited_at, source_site, source_id, author_key, dup_key, public_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { c, id, parentId, threadId } of rows) {
    insert.run(
      id, site, c.page, parentId, threadId, c.authorName, c.authorEmail, c.authorUrl,
      c.avatarKey, c.content, c.status, c.prevStatus, c.version, c.ip, c.userAgent, JSON.stringify(c.reasons),
      JSON.stringify(c.history), c.pageTitle, c.pageUrl, c.createdAt, c.editedAt, c.source?.site ?? null, c.source?.id ?? null,
      authorKey(c.authorName, c.authorEmail), duplicateKeyOf({ site, page: c.page, parentId, authorName: c.authorName, authorEmail: c.authorEmail, content: c.content }),
      // the public body written with the row (else the insert trigger rewrites the row to add it)
      publicBodyJson({ id, parentId, page: c.page, authorName: c.authorName, authorUrl: c.authorUrl, avatarKey: c.avatarKey, content: c.content, createdAt: c.createdAt, editedAt: c.editedAt, deletedAt: null }),
    );
  }
}

export function listSitePages(db: Database.Database, site: string): PageInfo[] {
  return (db.prepare('SELECT * FROM pages WHERE site = ? ORDER BY page').all(site) as Row[]).map(toPage);
}

/**
 * Every comment of a site, oldest first (or page by page), a thousand at a time
 * by keyset: no statement stays open between batches, so writes go on while a
 * slow client downloads.
 */
export async function* exportFromSqlite(db: Database.Database, site: string, byPage: boolean): AsyncGenerator<ExportedComment> {
  if (!byPage) {
    yield* keyset(db, 'site = ?', [site]);
    return;
  }
  const pages = (db.prepare('SELECT DISTINCT page FROM comments WHERE site = ? ORDER BY page').all(site) as Array<{ page: string }>).map((r) => r.page);
  for (const page of pages) yield* keyset(db, 'site = ? AND page = ?', [site, page]);
}

async function* keyset(db: Database.Database, where: string, args: unknown[]): AsyncGenerator<ExportedComment> {
  const first = db.prepare(`SELECT * FROM comments WHERE ${where} ORDER BY created_at, id LIMIT ?`);
  const next = db.prepare(`SELECT * FROM comments WHERE ${where} AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`);
  let last: { createdAt: number; id: string } | null = null;
  for (;;) {
    const rows = (last ? next.all(...args, last.createdAt, last.id, EXPORT_PAGE) : first.all(...args, EXPORT_PAGE)) as Row[];
    for (const row of rows) {
      const { avatarKey: _avatar, ...c } = toComment(row);
      yield { ...c, source: row.source_id === null || row.source_id === undefined ? null : { site: String(row.source_site), id: String(row.source_id) } };
    }
    if (rows.length < EXPORT_PAGE) return;
    const tail = rows[rows.length - 1]!;
    last = { createdAt: Number(tail.created_at), id: String(tail.id) };
  }
}
