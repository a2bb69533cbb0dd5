// @ts-check
/**
 * The worker thread of a bulk seed (bench/seed-worker.ts says what it computes and why).
 * Plain JavaScript because Node 20's worker threads cannot load TypeScript without a
 * loader, and vitest's does not reach them; it needs nothing but better-sqlite3 and node.
 *
 * 1. keys: each comment's id and dup_key, page by page, into the shared buffer, counting
 *    the rows done in ctl[0] (ctl[1] = 1 if this thread failed) for the main thread;
 * 2. search: the FTS5 index side file.
 */
import Database from 'better-sqlite3';
import { hash, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

/** Options FTS5 keeps in its config table that only the build uses (removed before the copy). */
const BUILD_ONLY_CONFIG = ['hashsize'];
// byte → base36 character, as server/store/ids.ts newId maps its random bytes
const ID_CHARS = Array.from({ length: 256 }, (_, b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]);

/** @param {import('./seed-worker.ts').KeysJob} j */
function keys(j) {
  const ctl = new Int32Array(j.shared, 0, 2);
  const ids = Buffer.from(j.shared, j.idsAt, j.rows * j.idLen);
  const dups = Buffer.from(j.shared, j.dupsAt, j.rows * j.dupLen);
  const random = Buffer.alloc(Math.max(1, ...j.pages.map((p) => p.comments)) * 10);
  let seq = 1;
  for (const p of j.pages) {
    randomFillSync(random, 0, p.comments * 10);
    const head = `${JSON.stringify([j.site, p.page]).slice(0, -1)},"`;
    const t0 = j.start + seq * 1000;
    let root = '';
    for (let k = 0; k < p.comments; k++) {
      const r = k * 10;
      const id = (t0 + k * 1000).toString(36).padStart(10, '0') +
        ID_CHARS[random[r]] + ID_CHARS[random[r + 1]] + ID_CHARS[random[r + 2]] + ID_CHARS[random[r + 3]] + ID_CHARS[random[r + 4]] +
        ID_CHARS[random[r + 5]] + ID_CHARS[random[r + 6]] + ID_CHARS[random[r + 7]] + ID_CHARS[random[r + 8]] + ID_CHARS[random[r + 9]];
      const parent = k % 4 === 0 ? '' : root;
      if (k % 4 === 0) root = id;
      // duplicateKey's JSON: site, page, parent, collated name and email, collated text
      const dup = hash('sha256', `${head}${parent}",${j.authorsDupJson[(seq + k) % j.authorsDupJson.length]},${j.textJson} (${seq + k})"]`, 'base64url');
      ids.write(id, (seq - 1 + k) * j.idLen, 'latin1');
      dups.write(dup, (seq - 1 + k) * j.dupLen, 'latin1');
    }
    seq += p.comments;
    Atomics.store(ctl, 0, seq - 1);
    Atomics.notify(ctl, 0);
  }
}

/** @param {import('./seed-worker.ts').SearchJob} b */
function search(b) {
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
    db.transaction(() => {
      // CROSS JOIN keeps k the outer loop, so rowids go in ascending order.
      db.prepare(
        `WITH RECURSIVE k(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM k WHERE seq < @rows)
         INSERT INTO comments_fts (rowid, name, body)
         SELECT k.seq, a.name, @body || ' (' || k.seq || ')' FROM k CROSS JOIN seed_names a ON a.a = k.seq % @authors`,
      ).run({ rows: BigInt(b.rows), body: b.body, authors: BigInt(b.names.length) });
      // One segment on the top level, as 'optimize' leaves it: the server's small new segments are then
      // merged among themselves for a long time before they reach its size (levels go by size).
      db.exec(`INSERT INTO comments_fts (comments_fts) VALUES ('optimize')`);
      db.prepare(`DELETE FROM comments_fts_config WHERE k IN (${BUILD_ONLY_CONFIG.map(() => '?').join(', ')})`).run(...BUILD_ONLY_CONFIG);
    })();
  } finally {
    db.close();
  }
}

/** Wall and CPU seconds of this thread over `f` (CPU null where /proc/thread-self is missing). */
function timed(f) {
  const t0 = performance.now();
  const c0 = threadCpuS();
  f();
  const c1 = threadCpuS();
  return { wallS: (performance.now() - t0) / 1000, cpuS: c0 === null || c1 === null ? null : c1 - c0 };
}

function threadCpuS() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** @type {{ keys: import('./seed-worker.ts').KeysJob, search: import('./seed-worker.ts').SearchJob }} */
const job = workerData;
try {
  const k = timed(() => keys(job.keys));
  const s = timed(() => search(job.search));
  parentPort?.postMessage({ keys: k, search: s });
} catch (err) {
  const ctl = new Int32Array(job.keys.shared, 0, 2);
  Atomics.store(ctl, 1, 1);
  Atomics.notify(ctl, 0);
  // SQLite's errors lose their message crossing threads: send it as text.
  throw new Error(`bench/seed-thread.mjs: ${err instanceof Error ? err.message : String(err)}`);
}
