/**
 * Child process of import.memory.test.ts (run with --expose-gc): imports a generated
 * export (bench/import.ts, the benchmark's data) into a fresh SQLite store and prints, per
 * comment, how much the old generation grew during the import (no GC forced inside it),
 * what stayed after a full GC, and how many full GCs V8 made on its own meanwhile.
 * Usage: node --expose-gc --import tsx test/helpers/import-heap.ts wordpress|disqus|json [N]
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import { generateDisqus, generateMajlisJson, generateWxr } from '../../bench/import.js';
import { EventBus } from '../../server/events/bus.js';
import { importFile } from '../../server/import/run-import.js';
import { SqliteStore } from '../../server/store/sqlite.js';

const format = process.argv[2] === 'disqus' ? 'disqus' : process.argv[2] === 'json' ? 'json' : 'wordpress';
const comments = Number(process.argv[3] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc!;
const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;

const dir = mkdtempSync(path.join(tmpdir(), 'majlis-import-heap-'));
try {
  const file = path.join(dir, 'export.xml');
  const n = await { disqus: generateDisqus, json: generateMajlisJson, wordpress: generateWxr }[format](file, comments);
  const store = new SqliteStore(path.join(dir, 'majlis.sqlite'));
  await store.open();
  let majorGcs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
    }
  });
  gc();
  obs.observe({ entryTypes: ['gc'] });
  const before = oldSpace();
  const heapBefore = process.memoryUsage().heapUsed;
  const { summary } = await importFile(
    { store, secret: 'heap-test', bus: new EventBus(), clock: Date.now },
    { site: 'heap', format, chunks: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }), dryRun: false },
  );
  const grown = oldSpace() - before;
  await new Promise((r) => setImmediate(r)); // let the observer report
  obs.disconnect();
  gc();
  const kept = process.memoryUsage().heapUsed - heapBefore;
  await store.close();
  console.log(JSON.stringify({ imported: summary.imported, expected: n, oldGrowthPerComment: grown / n, keptPerComment: kept / n, majorGcs }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
