/**
 * SQLite side of import and export (issue 11). An import is planned first (what is
 * already there is read in slices, between which the event loop runs, then linkBatch
 * orders the new comments parents first), then written in short transactions
 * (sqlite-import-write.ts): the server keeps answering while a large file goes in, and
 * other processes' writers get the lock between chunks. A run stopped part-way leaves
 * whole chunks, parents before replies, with their counters; running it again skips
 * what is there (the unique source index, comments_source) and writes the rest. A dry
 * run is the plan alone: it writes nothing and its counts are those of the real run.
 */
import type Database from 'better-sqlite3';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';
import type { PageInfo } from '../domain/types.js';
import { linkBatchYielding, storeKeysOf, type LinkTarget } from './import-link.js';
import { yielder } from '../event-loop.js';
import { writeInChunks } from './sqlite-import-write.js';
import { toComment, toPage, type Row } from './sqlite-rows.js';

const EXPORT_PAGE = 1000;
/** Comments whose stored twins and parents are looked up per pair of statements while planning. */
const LOOKUP_SLICE = 500;

/**
 * Imports a batch (ImportBatch: comments in any order) into the site and resolves with
 * the counts (imported, skipped, orphans, by status, pages), or on a dry run with the
 * counts it would have. Rejects with the SQLite error of a chunk that cannot be written
 * (SQLITE_BUSY after the busy timeout, a full disk): the chunks before it stay, and
 * running the import again completes it.
 */
export async function importIntoSqlite(db: Database.Database, batch: ImportBatch, othersPresent: () => boolean = () => true): Promise<ImportWriteResult> {
  const found = await lookUpStored(db, batch);
  const sourced = (site: string, id: string) => found.bySource.get(`${site}\u0000${id}`) ?? null;
  const sameSite = (id: string) => {
    const t = found.byId.get(id);
    return t && t.site === batch.site ? t.target : null;
  };
  const pause = yielder();
  const { rows, result } = await linkBatchYielding(batch, {
    existing: (c) => (c.id !== null ? sameSite(c.id) : null) ?? (c.source ? sourced(c.source.site, c.source.id) : null),
    parentInStore: (c) => (c.id !== null ? sameSite(c.parentKey!) : c.source ? sourced(c.source.site, c.parentKey!) : null),
    idTaken: (id) => found.byId.has(id),
  }, pause);
  if (batch.dryRun) return result;
  await writeInChunks(db, batch, rows, result, othersPresent);
  return result;
}

interface Stored {
  /** by id, of any site (an id of another site is taken) */
  byId: Map<string, { site: string; target: LinkTarget }>;
  /** of this site, by source site and id joined with NUL */
  bySource: Map<string, LinkTarget>;
}

/**
 * Everything linkBatch may ask the store about, read LOOKUP_SLICE comments at a time
 * outside any transaction, yielding to the event loop between slices: ids (and parent
 * ids) of a Majlis export, sources (and parent sources) of the others. Only what is
 * found is kept, so a first import holds nothing here.
 */
async function lookUpStored(db: Database.Database, batch: ImportBatch): Promise<Stored> {
  const byIdSql = db.prepare('SELECT id, site, thread_id, page FROM comments WHERE id IN (SELECT value FROM json_each(?))');
  const bySourceSql = db.prepare(
    'SELECT id, thread_id, page, source_id FROM comments WHERE site = ? AND source_site = ? AND source_id IN (SELECT value FROM json_each(?))',
  );
  const target = (r: Row): LinkTarget => ({ id: String(r.id), threadId: String(r.thread_id), page: String(r.page) });
  const out: Stored = { byId: new Map(), bySource: new Map() };
  const pause = yielder();
  for (let i = 0; i < batch.comments.length; i += LOOKUP_SLICE) {
    const { ids, sources } = storeKeysOf(batch.comments.slice(i, i + LOOKUP_SLICE));
    if (ids.size > 0) for (const r of byIdSql.all(JSON.stringify([...ids])) as Row[]) out.byId.set(String(r.id), { site: String(r.site), target: target(r) });
    for (const [site, list] of sources) {
      for (const r of bySourceSql.all(batch.site, site, JSON.stringify([...list])) as Row[]) out.bySource.set(`${site}\u0000${String(r.source_id)}`, target(r));
    }
    await pause();
  }
  return out;
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
