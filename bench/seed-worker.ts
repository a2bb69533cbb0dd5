/**
 * The half of a bulk seed that runs in a worker thread (seed-thread.mjs) while the main
 * thread writes rows and indexes (bench-only, seed.ts):
 *
 * 1. keys: for comment number `seq` (1-based, in insertion order) its id (newId's format,
 *    server/store/ids.ts: ten base36 digits of its time, ten random base36 characters)
 *    and its dup_key (moderation/collate.ts duplicateKey: sha256 of the JSON of site,
 *    page, parent id, collated name and email, collated text, from the per-author JSON
 *    and the shared text's key that the main thread computed), into fixed-width slots
 *    of a SharedArrayBuffer; the main thread waits on a counter of rows done
 *    (`RowKeys.ready`) and checks the first row of each page against newId and
 *    duplicateKey themselves (seed-rows.ts).
 * 2. search: the FTS5 index (server/store/sqlite-search.ts) in a side file, the same
 *    virtual table (its CREATE statement read from the store) filled in one
 *    INSERT … SELECT with what the insert trigger would write: for comment `seq`
 *    (also its comment_search_ids rowid) the folded name of author `seq % names.length`
 *    and the folded text `body + " (seq)"`. Seed.ts checks that shortcut against
 *    majlis_fold before the build and on a sample of the finished store after the copy.
 *    FTS5's `hashsize` (pending terms kept in memory before a segment is written;
 *    default 1 MB) is raised to 32 MB for the build only, so the index is flushed tens
 *    of times rather than thousands; automerge stays on, so the segments end up on
 *    levels by size, and 'optimize' then leaves one segment on the top level, where the
 *    server's small segments do not reach it for a long time. (Built as one segment on
 *    level 0, the first writes after seeding merged the whole index: held POST at
 *    1,000,000 fell to ~30 req/s; left on several levels, the first thousands of writes
 *    merged the middle ones, p99 1–4 s.) The hashsize row is removed from the side file's config table,
 *    and only the index's data, idx, content and docsize tables are copied into the
 *    store (its config table stays as the store made it): the store's search index
 *    differs from one kept by the trigger only in how its segments are laid out, which
 *    FTS5 answers the same.
 */
import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export const ID_LEN = 20;
export const DUP_LEN = 43; // sha256 in base64url

export interface KeysJob {
  shared: SharedArrayBuffer;
  /** byte offsets of the id and dup_key slots in `shared` */
  idsAt: number;
  dupsAt: number;
  idLen: number;
  dupLen: number;
  rows: number;
  site: string;
  pages: Array<{ page: string; comments: number }>;
  /** created_at of comment 0 (comment `seq` is at start + seq × 1000), ms */
  start: number;
  /** per author: JSON of its collated name, a comma, JSON of its collated email */
  authorsDupJson: string[];
  /** JSON of the shared text's collation key without its closing quote */
  textJson: string;
}

export interface SearchJob {
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

export interface Timed {
  wallS: number;
  /** CPU seconds of the thread (null where /proc/thread-self is missing) */
  cpuS: number | null;
}

/** The ids and dup_keys of every row, filled by the worker in order. */
export interface RowKeys {
  ids: Buffer;
  dups: Buffer;
  /** Returns once the first `rows` rows are filled (throws if the worker failed). */
  ready(rows: number): void;
}

export interface SeedWorker {
  keys: RowKeys;
  /** both jobs' times, once the side file is written */
  done: Promise<{ keys: Timed; search: Timed }>;
  stop(): Promise<void>;
}

/** Longest wait for the worker's next page of keys before giving up, ms. */
const STALL_MS = 120_000;

export function startSeedWorker(keys: Omit<KeysJob, 'shared' | 'idsAt' | 'dupsAt' | 'idLen' | 'dupLen'>, search: SearchJob): SeedWorker {
  const idsAt = 8;
  const dupsAt = idsAt + keys.rows * ID_LEN;
  const shared = new SharedArrayBuffer(dupsAt + keys.rows * DUP_LEN);
  const ctl = new Int32Array(shared, 0, 2);
  const job: KeysJob = { ...keys, shared, idsAt, dupsAt, idLen: ID_LEN, dupLen: DUP_LEN };
  const worker = new Worker(new URL('./seed-thread.mjs', import.meta.url), { workerData: { keys: job, search } });
  const done = new Promise<{ keys: Timed; search: Timed }>((resolve, reject) => {
    let result: { keys: Timed; search: Timed } | null = null;
    worker.once('message', (m: { keys: Timed; search: Timed }) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`bench/seed-worker.ts: the seed worker exited with code ${code} before finishing`))));
  });
  done.catch(() => {}); // the caller awaits it; this keeps an early failure from going unhandled meanwhile
  return {
    keys: {
      ids: Buffer.from(shared, idsAt, keys.rows * ID_LEN),
      dups: Buffer.from(shared, dupsAt, keys.rows * DUP_LEN),
      ready(rows: number) {
        let waited = 0;
        for (let have = Atomics.load(ctl, 0); have < rows; have = Atomics.load(ctl, 0)) {
          if (Atomics.load(ctl, 1) !== 0) throw new Error('bench/seed-worker.ts: the seed worker failed (its error is the seed\'s)');
          if (waited >= STALL_MS) throw new Error('bench/seed-worker.ts: the seed worker stalled');
          Atomics.wait(ctl, 0, have, 100);
          waited += 100;
        }
      },
    },
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Replaces the store's (empty) search index with the side file's. The store's
 * connection must allow writing FTS5's shadow tables (`db.unsafeMode(true)`), and must
 * not have read comments_fts before (FTS5 caches its structure per connection).
 */
export function copySearchIndex(db: Database.Database, file: string): void {
  const empty = db.prepare('SELECT count(*) AS n FROM comments_fts_docsize').get() as { n: number };
  if (empty.n !== 0) throw new Error('bench/seed-worker.ts: the store already has a search index; seed a fresh store');
  db.prepare('ATTACH ? AS seed_search').run(file);
  try {
    db.transaction(() => {
      for (const t of ['data', 'idx', 'content', 'docsize']) {
        // Columns named (not *): SQLite's table-to-table transfer measured slower here on the data blobs.
        const cols = (db.prepare(`SELECT group_concat(name, ', ') AS c FROM pragma_table_info(?, 'seed_search')`).get(`comments_fts_${t}`) as { c: string }).c;
        db.exec(`DELETE FROM main.comments_fts_${t}; INSERT INTO main.comments_fts_${t} (${cols}) SELECT ${cols} FROM seed_search.comments_fts_${t};`);
      }
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
