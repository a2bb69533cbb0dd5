/**
 * The search index (FTS5, server/store/sqlite-search.ts) of a bulk-seeded store, built
 * in a worker thread while the main thread writes the comments (bench-only, seed.ts).
 *
 * The worker creates the same virtual table (its CREATE statement read from the store)
 * in a side file and fills it in one INSERT … SELECT with what the insert trigger
 * would write: for comment number `seq` (1-based, in insertion order, which is also its
 * comment_search_ids rowid) the folded name of author `seq % names.length` and the
 * folded text `body + " (seq)"`. Seed.ts checks that shortcut against majlis_fold
 * before the build and on a sample of the finished store after the copy.
 *
 * FTS5's own settings are raised for the build only: `hashsize` (pending terms kept in
 * memory before a segment is written; default 1 MB, here `hashBytes`) and
 * `automerge` 0, so the index is written once as a few big segments instead of being
 * flushed and merged thousands of times. Those two rows are removed from the side
 * file's config table afterwards, and only the index's data, idx, content and
 * docsize tables are copied into the store (its config table is left as the store
 * made it), so the store's search index differs from one kept by the trigger only in
 * how its segments are laid out, which FTS5 answers the same.
 */
import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface SearchBuild {
  /** the side file to create (removed by the caller) */
  file: string;
  /** `CREATE VIRTUAL TABLE comments_fts …` exactly as the store has it */
  createSql: string;
  rows: number;
  /** folded author names; comment `seq` is by author `seq % names.length` */
  names: string[];
  /** the folded shared text; comment `seq`'s folded text is `${body} (${seq})` */
  body: string;
  /** FTS5 hashsize during the build, bytes */
  hashBytes: number;
}

export interface SearchBuilt {
  wallS: number;
  /** CPU seconds of the thread that built it (null where /proc/thread-self is missing) */
  cpuS: number | null;
}

/** The shadow tables copied into the store (FTS5's documented %_data, %_idx, %_content, %_docsize). */
const COPIED = ['data', 'idx', 'content', 'docsize'] as const;

/** Builds the side file in a worker thread (seed-search-worker.mjs). */
export function startSearchBuild(b: SearchBuild): Promise<SearchBuilt> {
  const worker = new Worker(new URL('./seed-search-worker.mjs', import.meta.url), { workerData: b });
  return new Promise((resolve, reject) => {
    let result: SearchBuilt | null = null;
    worker.once('message', (m: SearchBuilt) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`bench/seed-search.ts: the search worker exited with code ${code} before building the index`))));
  });
}

/**
 * Replaces the store's (empty) search index with the side file's. The store's
 * connection must allow writing FTS5's shadow tables (`db.unsafeMode(true)`), and must
 * not have read comments_fts before (FTS5 caches its structure per connection).
 */
export function copySearchIndex(db: Database.Database, file: string): void {
  const empty = db.prepare('SELECT count(*) AS n FROM comments_fts_docsize').get() as { n: number };
  if (empty.n !== 0) throw new Error('bench/seed-search.ts: the store already has a search index; seed a fresh store');
  db.prepare('ATTACH ? AS seed_search').run(file);
  try {
    db.transaction(() => {
      for (const t of COPIED) db.exec(`DELETE FROM main.comments_fts_${t}; INSERT INTO main.comments_fts_${t} SELECT * FROM seed_search.comments_fts_${t};`);
    })();
  } finally {
    db.exec('DETACH seed_search');
  }
}

/** CPU seconds of the calling thread so far (Linux: /proc/thread-self/stat, in 1/100 s ticks), or null. */
export function threadCpuS(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
