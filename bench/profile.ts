/**
 * `[PROFILE_PAGE_COMMENTS=N] npx tsx bench/profile.ts get|uncached|post|held [seconds]`: runs the compiled
 * server under `node --cpu-prof` on a bulk-seeded 100-comment page, loads it
 * (from a separate process) with cached GET, uncached GET, POST (approved, no flood window)
 * or held POST (the site holds every comment, as the growth table measures),
 * stops it, and prints where the server's CPU went (self and inclusive time of
 * the server's own functions). The .cpuprofile stays in bench/profiles/ for
 * Chrome DevTools. Run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, stopLoad } from './http.js';
import { ADMIN, login, root, setSettings, stopChild } from './proc.js';
import { seedStore } from './seed.js';

const mode = process.argv[2] ?? 'get';
const seconds = Number(process.argv[3] ?? 8);
const outDir = path.join(root, 'bench', 'profiles');
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-prof-'));
// PROFILE_PAGE_COMMENTS: the page's size (default 100; 5000 gives the biggest first page, 200 comments)
await seedStore(dataDir, { pages: [{ page: '/a', comments: Number(process.env.PROFILE_PAGE_COMMENTS ?? 100) }] });
const before = new Set(safeList(outDir));
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${outDir}`, 'dist/server/main.js'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_ID: 'bench', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', REDIS_URL: '', TRUST_PROXY: 'true', THREAD_CACHE_MB: mode === 'uncached' ? '0' : '64' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]!);
  });
});
if (mode === 'held') await setSettings(url, await login(url), { holdAll: true, floodSeconds: 0, previouslyApproved: false });
const r =
  mode === 'post' || mode === 'held'
    ? await load({ url: `${url}/api/comments`, seconds, connections: 20, post: { site: 'bench', page: '/a', tag: 200 } })
    : await load({ url: `${url}/api/comments?site=bench&page=%2Fa`, seconds, connections: 20 });
stopLoad();
await stopChild(child);
rmSync(dataDir, { recursive: true, force: true });
console.log(mode, r);

const file = safeList(outDir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
summarise(path.join(outDir, file));

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function summarise(file: string) {
  interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = byId.get(id)!;
    self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const m = byId.get(x)!;
      const k = key(m);
      if (m.callFrame.url.includes('/dist/server/') && !seen.has(k)) {
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => ({ '%': +((v / total) * 100).toFixed(1), fn: k }));
  console.log(`\n${file}\nself time`);
  console.table(top(self));
  console.log('inclusive time, server functions');
  console.table(top(incl));
}
