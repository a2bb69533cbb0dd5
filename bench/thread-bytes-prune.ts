/**
 * What bounding the kept thread bytes costs (server/store/sqlite-thread-bytes-prune.ts) at
 * `rows` kept threads of 300 B to 16 KiB (about 4 KiB on average): each kind of pass, its
 * total time and its longest single statement (what it holds the event loop for), against one
 * SUM(length(json)) over the table. Run alone: `npx tsx bench/thread-bytes-prune.ts [rows]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../server/store/sqlite.js';
import { ThreadBytesPruner } from '../server/store/sqlite-thread-bytes-prune.js';

export async function measureThreadBytesPrune(rows = 100_000) {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-prune-'));
  const file = path.join(dir, 'majlis.sqlite');
  try {
    const store = new SqliteStore(file); // migrations make the tables
    await store.open();
    await store.close();
    const db = new Database(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // as the server runs: checkpoints in a thread of their own (sqlite-checkpoint.ts), not in the pruner's commits
    if (process.env.BENCH_INLINE_CHECKPOINTS !== '1') db.pragma('wal_autocheckpoint = 0');
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const insert = db.prepare('INSERT INTO thread_bytes (thread_id, gen, json, tag) VALUES (?, 1, ?, ?)');
    let next = 0;
    const keep = (n: number) =>
      db.transaction(() => {
        for (let i = 0; i < n; i++, next++) insert.run(`01J${String(next).padStart(23, '0')}`, Buffer.alloc(Math.floor(300 * Math.exp(rnd() * 4)), 120), 'abcdefghij012345');
      })();
    keep(rows);
    db.pragma('wal_checkpoint(TRUNCATE)');

    const ms = (run: () => unknown) => {
      const start = performance.now();
      const value = run();
      return { ms: +(performance.now() - start).toFixed(2), value };
    };
    const sum = ms(() => db.prepare('SELECT sum(length(json) + length(tag) + length(thread_id)) FROM thread_bytes').pluck().get() as number);
    const count = ms(() => db.prepare('SELECT count(*) FROM thread_bytes').pluck().get());
    const total = sum.value as number;
    const pass = async (pruner: ThreadBytesPruner) => {
      const start = performance.now();
      const o = await pruner.prune();
      return {
        'pass ms': +(performance.now() - start).toFixed(1),
        statements: o.statements,
        'mean statement ms': +(o.statementsMs / Math.max(1, o.statements)).toFixed(2),
        'longest statement ms': +o.longestBatchMs.toFixed(2), exact: o.exact, 'deleted rows': o.deletedRows, 'kept MB': +(o.keptBytes / 2 ** 20).toFixed(1) };
    };
    const under = new ThreadBytesPruner(() => db, { budgetBytes: total * 2, firstAfterMs: null });
    const over = new ThreadBytesPruner(() => db, { budgetBytes: Math.floor(total / 2), firstAfterMs: null });
    const result = {
      rows,
      'kept MB': +(total / 2 ** 20).toFixed(1),
      'one SUM(length(json)) ms': sum.ms,
      'count(*) ms': count.ms,
      'first pass, under budget (walks every row)': await pass(under),
      'next pass, nothing kept since (estimate only)': await pass(under),
      'next pass, 1,000 kept since (estimate only)': (keep(1000), await pass(under)),
      'pass over budget (walks the newest half, deletes the rest)': await pass(over),
      'next pass after it (estimate only)': await pass(over),
    };
    await under.close();
    await over.close();
    db.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('thread-bytes-prune.ts')) {
  const r = await measureThreadBytesPrune(Number(process.argv[2] ?? 100_000));
  console.log(JSON.stringify(r, null, 2));
}
