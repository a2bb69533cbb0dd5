/**
 * `npm run bench`: starts a real server process on loopback with a fresh data
 * directory, seeds a thread, drives it with autocannon for a bounded time per
 * scenario, measures live-event latency and bundle sizes, prints a table and
 * writes bench/results.json. Everything stops by itself.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { io as connect } from 'socket.io-client';
import { runImportBench } from './import.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const dist = path.join(root, 'widget/dist');
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** First paint = widget.js plus the chunks it imports statically; the rest load later. */
function bundleSizes() {
  const entry = readFileSync(path.join(dist, 'widget.js'), 'utf8');
  const staticImports = [...entry.matchAll(/import\s*(?:[\w{}\s,*$]+from\s*)?["']\.\/(chunks\/[^"']+)["']/g)].map((m) => m[1]!);
  const chunks = readdirSync(path.join(dist, 'chunks')).filter((f) => f.startsWith('w-'));
  const firstPaint = gz(path.join(dist, 'widget.js')) + staticImports.reduce((n, f) => n + gz(path.join(dist, f)), 0);
  const whole = gz(path.join(dist, 'widget.js')) + chunks.reduce((n, f) => n + gz(path.join(dist, 'chunks', f)), 0);
  const dashboard = gz(path.join(dist, 'moderate.js')) + readdirSync(path.join(dist, 'chunks')).filter((f) => f.startsWith('m-')).reduce((n, f) => n + gz(path.join(dist, 'chunks', f)), 0);
  return { widgetFirstPaintGz: firstPaint, widgetTotalGz: whole, dashboardGz: dashboard };
}

async function startServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_ID: 'bench', ADMIN_EMAIL: 'bench@example.com', ADMIN_PASSWORD: 'bench-password', LOG_LEVEL: 'warn', REDIS_URL: '', TRUST_PROXY: 'true', ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

async function json(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { res, body: (await res.json().catch(() => null)) as any };
}

async function run(opts: autocannon.Options) {
  const r = await autocannon({ connections: 20, duration: DURATION, ...opts });
  return { reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-'));
const server = await startServer(dataDir);
try {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  await json(`${server.url}/api/moderation/sites/bench`, { method: 'PATCH', headers: { cookie }, body: JSON.stringify({ settings: { floodSeconds: 0, holdAll: false, previouslyApproved: false } }) });
  // Seed one article with 50 approved threads of 3 replies each (200 comments).
  for (let t = 0; t < 50; t++) {
    const top = await json(`${server.url}/api/comments`, { method: 'POST', headers: { 'x-forwarded-for': `10.0.${t}.1` }, body: JSON.stringify({ site: 'bench', page: '/article', name: `قارئ ${t}`, email: `r${t}@bench.example`, content: `تعليق رئيسي رقم ${t} على المقال، مع بعض النص العربي للقياس.` }) });
    for (let r = 0; r < 3; r++) {
      await json(`${server.url}/api/comments`, { method: 'POST', headers: { 'x-forwarded-for': `10.1.${t}.${r}` }, body: JSON.stringify({ site: 'bench', page: '/article', name: `مجيب ${r}`, email: `a${t}-${r}@bench.example`, content: `رد ${r} على ${t}`, parentId: top.body.comment.id }) });
    }
  }
  const results: Record<string, unknown> = { date: new Date().toISOString(), durationSeconds: DURATION, connections: 20, machine: '2 cores, loopback, SQLite' };
  results.bundles = bundleSizes();
  results.listThread = await run({ url: `${server.url}/api/comments?site=bench&page=%2Farticle` });
  // The same thread with the 1 s thread cache off: every request reads the store.
  const uncached = await startServer(dataDir, { THREAD_CACHE_MS: '0' });
  try {
    results.listThreadUncached = await run({ url: `${uncached.url}/api/comments?site=bench&page=%2Farticle` });
  } finally {
    await uncached.stop();
  }
  results.counts = await run({ url: `${server.url}/api/counts?site=bench&page=%2Farticle&page=%2Fother` });
  let n = 0;
  results.postComment = await run({
    url: `${server.url}/api/comments`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Distinct bodies (no duplicates) from distinct client addresses (behind a trusted proxy),
    // as real readers would be: the per-IP limits stay in force.
    setupClient: (client) => {
      const next = () => {
        n += 1;
        client.setHeaders({ 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });
        client.setBody(JSON.stringify({ site: 'bench', page: '/post-bench', name: 'B', email: `b${n}@bench.example`, content: `bench ${n}` }));
      };
      next();
      client.on('response', next);
    },
  });

  // Live latency: HTTP POST → comment:new at a connected moderator, 50 samples.
  const mod = connect(`${server.url}/moderation`, { transports: ['websocket'], extraHeaders: { cookie } });
  await new Promise<void>((r) => mod.once('connect', () => r()));
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    const got = new Promise<void>((r) => mod.once('comment:new', () => r()));
    const t0 = performance.now();
    await fetch(`${server.url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.200.0.${i}` }, body: JSON.stringify({ site: 'bench', page: '/live', name: 'L', email: `l${i}@bench.example`, content: `live ${i}` }) });
    await got;
    samples.push(performance.now() - t0);
  }
  mod.disconnect();
  samples.sort((a, b) => a - b);
  results.liveLatency = { samples: samples.length, p50ms: +samples[24]!.toFixed(1), p99ms: +samples[49]!.toFixed(1) };

  // Import/export of a generated 100,000-comment WXR (bench/import.ts), each step in its own process.
  results.importExport = await runImportBench();

  writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.table({
    'GET /api/comments (200 comments)': results.listThread,
    'same, thread cache off': results.listThreadUncached,
    'GET /api/counts': results.counts,
    'POST /api/comments': results.postComment,
  });
  console.log('live POST → moderator comment:new', results.liveLatency);
  console.log('bundles (bytes gzip)', results.bundles);
  console.log('import/export, 100,000 comments', results.importExport);
  console.log('written bench/results.json');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
