/**
 * `npx tsx bench/cpu.ts [--seconds N] [--rounds N] [--base DIR] [--store N] [mode…]`: CPU milliseconds
 * the server spends per request, the figure that survives a busy machine (req/s does
 * not). Seeds one store (pages of 10, 100 and 5,000 comments in 10,000, or in `--store N`
 * comments on N / 100 pages: 1000000 is the growth table's big store), starts the
 * compiled server, and for each mode reads the server's user+system CPU time from
 * /proc/<pid>/stat around a load from a separate process: CPU ms / completed requests.
 * With `--base DIR` (another checkout, built) the same loads alternate between that
 * build and this one, each on a store of its own seeded alike (by its own seeder, so with
 * its own schema), and medians are compared.
 * Modes: get (cached), uncached10, uncached100, uncached5000 (THREAD_CACHE_MB=0),
 * post (held, 50 connections). Run `npm run build` first.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, stopLoad } from './http.js';
import { cpuMsOf, login, median, root, setSettings, startServer, type ServerProc } from './proc.js';
import { growthPlan, seedStore } from './seed.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '1' }, base: { type: 'string' }, store: { type: 'string', default: '10000' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const modes = positionals.length ? positionals : ['get', 'uncached100', 'uncached5000', 'post'];

interface Variant { name: string; cwd: string; dataDir: string; cached?: ServerProc; uncached?: ServerProc; held?: boolean }
const seedDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-cpu-'));
const variants: Variant[] = [];
try {
  const plan = growthPlan([10, 100, 5000], Number(values.store), Number(values.store) / 100);
  await seedStore(seedDir, plan);
  for (const [name, cwd] of values.base ? [['base', values.base], ['this', root]] : [['this', root]]) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-cpu-'));
    // The base is seeded by its own seeder, so its store has its own schema (a newer one would not open).
    if (cwd === root) cpSync(seedDir, dataDir, { recursive: true });
    else await ((await import(path.join(cwd!, 'bench', 'seed.ts'))) as typeof import('./seed.js')).seedStore(dataDir, plan);
    const v: Variant = { name: name!, cwd: cwd!, dataDir };
    v.cached = await startServer(dataDir, {}, v.cwd);
    variants.push(v);
  }
  const url = (base: string, n: number) => `${base}/api/comments?site=bench&page=${encodeURIComponent(`/grow/${n}`)}`;
  const samples = new Map<string, Array<{ cpu: number; rps: number; p99: number; bad: number }>>();
  let tag = 1;
  for (let r = 0; r < rounds; r++) {
    for (const mode of modes) {
      for (const v of r % 2 ? [...variants].reverse() : variants) {
        let server = v.cached!;
        let spec: Parameters<typeof load>[0];
        if (mode === 'get') spec = { url: url(server.url, 100), seconds, connections: 20 };
        else if (mode.startsWith('uncached')) {
          // a second process on the same file, started only while needed: its outbox worker would
          // otherwise compete for the write lock during POST loads
          server = v.uncached ??= await startServer(v.dataDir, { THREAD_CACHE_MB: '0' }, v.cwd);
          spec = { url: url(server.url, Number(mode.slice(8))), seconds, connections: 20 };
        } else {
          for (const w of variants) {
            await w.uncached?.stop();
            w.uncached = undefined;
          }
          if (!v.held) await setSettings(server.url, await login(server.url), { holdAll: true, floodSeconds: 0, previouslyApproved: false });
          v.held = true;
          spec = { url: `${server.url}/api/comments`, seconds, connections: 50, post: { site: 'bench', page: '/grow/100', tag: tag++ } };
        }
        // a short warm-up so JIT and page cache do not count (its own tag: no duplicates later)
        await load({ ...spec, seconds: 1, post: spec.post && { ...spec.post, tag: tag++ } });
        const before = cpuMsOf(server.pid);
        const res = await load(spec);
        const used = cpuMsOf(server.pid) - before;
        if (process.env.BENCH_VERBOSE) console.log(mode, v.name, r, res, used);
        const key = `${mode} ${v.name}`;
        samples.set(key, [...(samples.get(key) ?? []), { cpu: used / res.requests, rps: res.reqPerSec, p99: res.p99ms, bad: res.errors + res.non2xx + res.timeouts }]);
      }
    }
  }
  console.table(
    [...samples].map(([key, xs]) => ({
      load: key,
      'cpu ms/req (median)': +median(xs.map((x) => x.cpu)).toFixed(3),
      'cpu ms/req (all)': xs.map((x) => x.cpu.toFixed(2)).join(' '),
      'req/s': median(xs.map((x) => x.rps)),
      'p99 ms': median(xs.map((x) => x.p99)),
      errors: xs.reduce((n, x) => n + x.bad, 0),
    })),
  );
} finally {
  stopLoad();
  for (const v of variants) {
    await v.uncached?.stop();
    await v.cached?.stop();
    rmSync(v.dataDir, { recursive: true, force: true });
  }
  rmSync(seedDir, { recursive: true, force: true });
}
