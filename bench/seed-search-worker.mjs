// @ts-check
/**
 * The worker thread of bench/seed-search.ts: builds a search index side file as
 * described there (SearchBuild in, SearchBuilt out). Plain JavaScript because Node 20's
 * worker threads cannot load TypeScript without a loader, and vitest's does not reach
 * them; it needs nothing but better-sqlite3.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/** Options FTS5 keeps in its config table that only the build uses (removed before the copy). */
const BUILD_ONLY_CONFIG = ['hashsize', 'automerge'];

/** @param {{ file: string, createSql: string, rows: number, names: string[], body: string, hashBytes: number }} b */
function build(b) {
  const t0 = performance.now();
  const c0 = threadCpuS();
  const db = new Database(b.file);
  try {
    db.unsafeMode(true); // journal_mode OFF and the config rows below need it (defensive mode refuses both)
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -262144');
    db.exec(b.createSql);
    db.exec(`CREATE TEMP TABLE seed_names (a INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
    const name = db.prepare('INSERT INTO seed_names (a, name) VALUES (?, ?)');
    b.names.forEach((n, a) => name.run(a, n));
    db.prepare(`INSERT INTO comments_fts (comments_fts, rank) VALUES ('hashsize', ?)`).run(BigInt(b.hashBytes));
    db.exec(`INSERT INTO comments_fts (comments_fts, rank) VALUES ('automerge', 0)`);
    db.transaction(() => {
      // CROSS JOIN keeps k the outer loop, so rowids go in ascending order.
      db.prepare(
        `WITH RECURSIVE k(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM k WHERE seq < @rows)
         INSERT INTO comments_fts (rowid, name, body)
         SELECT k.seq, a.name, @body || ' (' || k.seq || ')' FROM k CROSS JOIN seed_names a ON a.a = k.seq % @authors`,
      ).run({ rows: BigInt(b.rows), body: b.body, authors: BigInt(b.names.length) });
      db.prepare(`DELETE FROM comments_fts_config WHERE k IN (${BUILD_ONLY_CONFIG.map(() => '?').join(', ')})`).run(...BUILD_ONLY_CONFIG);
    })();
  } finally {
    db.close();
  }
  const c1 = threadCpuS();
  return { wallS: (performance.now() - t0) / 1000, cpuS: c0 === null || c1 === null ? null : c1 - c0 };
}

/** CPU seconds of this thread so far (Linux: /proc/thread-self/stat, in 1/100 s ticks), or null. */
function threadCpuS() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

try {
  parentPort?.postMessage(build(workerData));
} catch (err) {
  // SQLite's errors lose their message crossing threads: send it as text.
  throw new Error(`bench/seed-search-worker.mjs: ${err instanceof Error ? err.message : String(err)}`);
}
