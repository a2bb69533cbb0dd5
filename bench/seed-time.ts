/**
 * Times the bench's bulk seeder (seed.ts) on a store of N comments laid out as the
 * growth table's big store (growth.ts: pages of 10, 100, 1,000 and 5,000 comments,
 * the rest on pages of ~100, 10,000 pages at 1,000,000), and prints each phase's
 * wall and CPU seconds (CPU of every thread of this process: the machine is shared,
 * so wall time alone says little).
 *
 *   npx tsx bench/seed-time.ts [comments=1000000] [pages=comments/100]
 *
 * Prints each step (wall s, CPU s of the process, CPU s of the main thread), the search
 * worker's wall and CPU s, the machine's load, then one JSON line with it all. The store is
 * written to a temporary directory and removed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { growthPlan, seedStore } from './seed.js';

const comments = Number(process.argv[2] ?? 1_000_000);
const pages = Number(process.argv[3] ?? Math.max(1, Math.round(comments / 100)));
const load0 = loadavg().map((x) => x.toFixed(2));
const dir = mkdtempSync(path.join(tmpdir(), 'majlis-seed-time-'));
try {
  const r = await seedStore(dir, growthPlan([10, 100, 1000, 5000], comments, pages));
  const mb = Math.round(statSync(path.join(dir, 'majlis.sqlite')).size / 1e6);
  const row = (a: string, b: unknown, c: unknown, d: unknown) => console.log(`${a.padEnd(42)}${String(b).padStart(8)}${String(c).padStart(8)}${String(d).padStart(12)}`);
  row('step', 'wall s', 'CPU s', 'main CPU s');
  for (const x of r.steps) row(x.step, x.wallS, x.cpuS, x.mainCpuS);
  row('worker: ids and dup_keys (alongside rows)', r.worker.keys.wallS, r.worker.keys.cpuS, '');
  row('worker: search index (alongside indexes)', r.worker.search.wallS, r.worker.search.cpuS, '');
  row('total', r.seconds, r.cpuS, '');
  console.log(`load average before ${load0.join(' ')}, after ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${cpus().length} cores`);
  const { steps: _steps, ...summary } = r;
  console.log(JSON.stringify({ ...summary, fileMB: mb }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
