/**
 * Writing a planned import (sqlite-import.ts) into SQLite in short IMMEDIATE
 * transactions. Why: better-sqlite3 is synchronous, so one transaction for a whole
 * file blocked the server's event loop for all of it (about 11-15 s for 100,000
 * comments) and, from the CLI, held the write lock so long that the server's own
 * writes timed out in SQLite's busy handler. Each chunk here takes about CHUNK_MS and
 * is followed by a PAUSE_MS pause, in which this process serves its requests and other
 * processes' writers, waiting in SQLite's busy handler, take the lock; when no other process
 * has the file open (sqlite-presence.ts), by one turn of the event loop instead.
 *
 * Each chunk commits its comments, their search index and their counters together
 * (sqlite-counters.ts countImported), in the linker's order (parents first), so at
 * every commit the store holds whole threads down to some comment, counted exactly.
 */
import type Database from 'better-sqlite3';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { ImportBatch, ImportPage, ImportWriteResult } from '../domain/import.js';
import type { CommentStatus } from '../domain/types.js';
import { authorKey } from '../moderation/collate.js';
import { publicBodyJson } from '../views.js';
import type { LinkedComment, LinkTarget } from './import-link.js';
import { duplicateKeyOf } from './sqlite-comments.js';
import { countImported, type Sql } from './sqlite-counters.js';
import type { Row } from './sqlite-rows.js';
import { withSearchDeferred } from './sqlite-search.js';

/**
 * How long one chunk's transaction should take, ms: rows per chunk are sized from the last
 * chunk's (wall) time. It bounds this process's event-loop blocks and how long another
 * process's writer waits (synchronously, in its busy handler). 40 rather than 50: on a
 * loaded two-core machine a chunk's wall time, stretched by preemption, is what those
 * waits become; 80 gave ~15 % more comments/s and blocks of 130-160 ms.
 */
export const CHUNK_MS = 40;
/**
 * The pause after each chunk, ms. SQLite's busy handler retries a waiting writer at
 * most 25 ms apart during its first 128 ms of waiting, so a writer that began waiting
 * during a chunk of ≤ 100 ms polls within a 25 ms pause and gets the lock; with no
 * pause it would almost never find the lock free, and fail after its busy timeout.
 */
export const PAUSE_MS = 25;
const FIRST_ROWS = 100;
const MIN_ROWS = 10;
const MAX_ROWS = 5000;
/** Pages upserted per transaction. */
const PAGE_SLICE = 500;
/** Page cache while a large import is written (negative: KiB), 16 MiB: index pages stay in memory. */
const IMPORT_CACHE_KIB = -16384;

/**
 * Writes the site (when new), the pages, then `rows` (linkBatch's order, parents first)
 * in chunks, each followed by PAUSE_MS while `othersPresent()` (another process has the
 * file open: sqlite-presence.ts), else by one turn of the event loop; the first transaction holds the site, up to PAGE_SLICE pages and the first
 * FIRST_ROWS comments, so a small file still lands entirely or not at all. A row another run wrote meanwhile (same source or id: the unique indexes) is
 * not written again: `result` counts it as skipped instead of imported, and its replies
 * link to the stored comment. Rejects with the error of a chunk that fails (that chunk is
 * rolled back, the earlier ones stay).
 */
export async function writeInChunks(
  db: Database.Database,
  batch: ImportBatch,
  rows: LinkedComment[],
  result: ImportWriteResult,
  othersPresent: () => boolean = () => true,
): Promise<void> {
  const cache = new Map<string, Database.Statement>();
  const sql: Sql = (text) => {
    let s = cache.get(text);
    if (!s) cache.set(text, (s = db.prepare(text)));
    return s;
  };
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  if (rows.length > 1000) db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    const moved = new Map<string, LinkTarget>();
    let size = FIRST_ROWS;
    // The first transaction also creates the site; pages go before comments, PAGE_SLICE per transaction.
    for (let i = 0, p = 0, first = true; first || p < batch.pages.length || i < rows.length; first = false) {
      const withSite = first && batch.newSite;
      const pages = batch.pages.slice(p, (p += PAGE_SLICE));
      const chunk = p >= batch.pages.length ? rows.slice(i, i + size) : [];
      const started = performance.now();
      const raced = db.transaction(() => {
        if (withSite) {
          const n = batch.newSite!;
          sql('INSERT OR IGNORE INTO sites (id, origins, settings, created_at) VALUES (?, ?, ?, ?)').run(n.id, JSON.stringify(n.origins), JSON.stringify(n.settings), n.createdAt);
        }
        writeImportedPages(sql, batch.site, pages);
        return withSearchDeferred(db, () => writeChunk(sql, batch.site, chunk, moved));
      }).immediate();
      const ms = performance.now() - started;
      for (const row of raced) {
        result.imported -= 1;
        result.skipped += 1;
        result.byStatus[row.c.status] -= 1;
      }
      if (chunk.length > 0) {
        i += chunk.length;
        size = Math.max(MIN_ROWS, Math.min(MAX_ROWS, size * 2, Math.round((chunk.length * CHUNK_MS) / Math.max(ms, 1))));
      }
      // Alone with the file, a turn of the event loop is enough; with others, they get PAUSE_MS.
      if (p < batch.pages.length || i < rows.length) await (othersPresent() ? sleep(PAUSE_MS) : nextTurn());
    }
  } finally {
    if (db.open) db.pragma(`cache_size = ${cacheBefore}`);
  }
}

/**
 * One chunk, inside the caller's transaction: inserts the rows and counts them. `moved`
 * (kept across chunks) holds the planned comments that are stored under another id or
 * thread (written by another run meanwhile, or under such a comment), so that their
 * replies follow. Returns the rows another run had written.
 */
function writeChunk(sql: Sql, site: string, chunk: LinkedComment[], moved: Map<string, LinkTarget>): LinkedComment[] {
  const raced: LinkedComment[] = [];
  const counted: Array<{ id: string; page: string; status: CommentStatus; parentId: string | null }> = [];
  for (const row of chunk) {
    const parent = row.parentId === null ? undefined : moved.get(row.parentId);
    const planned = row.threadId;
    if (parent) {
      row.parentId = parent.id;
      row.threadId = parent.threadId;
    }
    if (insertImportedComment(sql, site, row)) {
      counted.push({ id: row.id, page: row.page, status: row.c.status, parentId: row.parentId });
      if (row.threadId !== planned) moved.set(row.id, { id: row.id, threadId: row.threadId, page: row.page });
      continue;
    }
    const stored = storedTwin(sql, site, row);
    if (!stored) throw new Error(`import: comment ${row.id} (page ${row.page}) conflicts with a stored comment that is not its own earlier import`);
    moved.set(row.id, stored);
    raced.push(row);
  }
  countImported(sql, site, counted);
  return raced;
}

/** The stored comment of this site that is this row's earlier import (same source, else same id). */
function storedTwin(sql: Sql, site: string, row: LinkedComment): LinkTarget | null {
  const { c } = row;
  const r = (
    c.source
      ? sql('SELECT id, thread_id, page FROM comments WHERE site = ? AND source_site = ? AND source_id = ?').get(site, c.source.site, c.source.id)
      : sql('SELECT id, thread_id, page FROM comments WHERE site = ? AND id = ?').get(site, row.id)
  ) as Row | undefined;
  return r ? { id: String(r.id), threadId: String(r.thread_id), page: String(r.page) } : null;
}

/**
 * Creates the pages an import brings. A page that exists keeps everything a
 * moderator set (closed or reopened). A title or link the export gives (WordPress's
 * post, Disqus's thread, Majlis's page) is the site's own and wins over any comment's
 * claim: it becomes the page's authoritative name (sqlite-page-names.ts).
 */
function writeImportedPages(sql: Sql, site: string, pages: ImportPage[]): void {
  const insert = sql(
    `INSERT INTO pages (site, page, title, url, fixed_title, fixed_url, closed, created_at) VALUES (@site, @page, @title, @url, @title, @url, @closed, @createdAt)
     ON CONFLICT (site, page) DO UPDATE SET
       fixed_title = COALESCE(excluded.fixed_title, pages.fixed_title), fixed_url = COALESCE(excluded.fixed_url, pages.fixed_url),
       title = COALESCE(excluded.fixed_title, pages.title), url = COALESCE(excluded.fixed_url, pages.url)`,
  );
  for (const p of pages) insert.run({ site, page: p.page, title: p.title, url: p.url, closed: p.closed ? 1 : 0, createdAt: p.createdAt });
}

/**
 * Inserts one imported row, inside the caller's transaction, with the collation keys
 * insertCommentRow writes (author_key for "previously approved", dup_key for the
 * duplicate rule) and its public body. Returns false, writing nothing, when the row's
 * id or source is already stored (a uniqueness conflict); other failures throw. It does
 * not count: the caller does (countImported).
 */
function insertImportedComment(sql: Sql, site: string, row: LinkedComment): boolean {
  const { c, id, parentId, threadId } = row;
  const insert = sql(
    `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, author_url,
       avatar_key, content, status, prev_status, version, ip, user_agent, reasons, history,
       page_title, page_url, created_at, edited_at, source_site, source_id, author_key, dup_key, public_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const info = insert.run(
    id, site, c.page, parentId, threadId, c.authorName, c.authorEmail, c.authorUrl,
    c.avatarKey, c.content, c.status, c.prevStatus, c.version, c.ip, c.userAgent, JSON.stringify(c.reasons),
    JSON.stringify(c.history), c.pageTitle, c.pageUrl, c.createdAt, c.editedAt, c.source?.site ?? null, c.source?.id ?? null,
    authorKey(c.authorName, c.authorEmail), duplicateKeyOf({ site, page: c.page, parentId, authorName: c.authorName, authorEmail: c.authorEmail, content: c.content }),
    // the public body written with the row (else the insert trigger rewrites the row to add it)
    publicBodyJson({ id, parentId, page: c.page, authorName: c.authorName, authorUrl: c.authorUrl, avatarKey: c.avatarKey, content: c.content, createdAt: c.createdAt, editedAt: c.editedAt, deletedAt: null }),
  );
  return info.changes > 0;
}
