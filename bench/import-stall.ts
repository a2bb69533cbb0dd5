/**
 * How long an import blocks its process's event loop (the server's, for an upload):
 * generates a WXR of N comments (default 100,000), imports it in this process into a
 * fresh SQLite store through importFile, as the upload route does, and reports the
 * longest event-loop block (ms; a 1 ms timer's largest lateness and the histogram's
 * max), the import's wall time and comments/s, peak RSS (MB), and whether the
 * counters equal a full recount afterwards (DRY=1: a dry run; AGAIN=1: the file's second
 * import, everything skipped). Not part of `bench/run.ts`: run alone with
 * `npx tsx bench/import-stall.ts [N]`.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchEventLoop } from './loop-watch.js';
import Database from 'better-sqlite3';
import { generateWxr } from './import.js';
import { EventBus } from '../server/events/bus.js';
import { importFile } from '../server/import/run-import.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { countersMatchRecount } from '../test/helpers/counters-check.js';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(path.join(tmpdir(), 'majlis-import-stall-'));
try {
  const file = path.join(dir, 'export.xml');
  const n = await generateWxr(file, N);
  const dbFile = path.join(dir, 'majlis.sqlite');
  // As the server opens it (main.ts): WAL checkpoints in a thread of their own.
  const store = new SqliteStore(dbFile, { backgroundCheckpoints: true });
  await store.open();
  let writeMs = 0;
  const importComments = store.importComments.bind(store);
  store.importComments = async (batch) => {
    const t = performance.now();
    try {
      return await importComments(batch);
    } finally {
      writeMs = performance.now() - t;
    }
  };
  // AGAIN=1: measure a second import of the same file (everything skipped: the lookups alone).
  if (process.env.AGAIN === '1') {
    await importFile(
      { store, secret: 'stall', bus: new EventBus(), clock: Date.now },
      { site: 'bench', format: 'wordpress', chunks: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }), dryRun: false },
    );
  }
  const loop = watchEventLoop();
  const t0 = performance.now();
  const { summary } = await importFile(
    { store, secret: 'stall', bus: new EventBus(), clock: Date.now },
    { site: 'bench', format: 'wordpress', chunks: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }), dryRun: process.env.DRY === '1' },
  );
  const seconds = (performance.now() - t0) / 1000;
  const blocks = await loop.stop();
  await store.close();
  const db = new Database(dbFile);
  const counters = countersMatchRecount(db, 'bench');
  db.close();
  console.log(
    JSON.stringify({
      comments: n,
      imported: summary.imported,
      seconds: +seconds.toFixed(2),
      storeWriteMs: Math.round(writeMs),
      commentsPerSec: Math.round(n / seconds),
      ...blocks,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      countersMatchRecount: counters,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
