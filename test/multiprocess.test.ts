import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from './helpers/redis.js';
import { spawnServer } from './helpers/spawn-server.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-multi-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  REDIS_URL,
  HOST: '127.0.0.1',
  PORT: '0',
  SITE_ID: 'multi',
  // A key space of this run's own: nothing else on that Redis is read or deleted.
  REDIS_PREFIX: `majlis-test-${process.pid}-${Date.now()}`,
  ADMIN_EMAIL: 'admin@multi.example',
  ADMIN_PASSWORD: 'multi-process-pass',
  LOG_LEVEL: 'warn',
};
const procs: ChildProcess[] = [];
const sockets: Socket[] = [];

async function startProcess(): Promise<string> {
  const server = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env);
  procs.push(server.child);
  return server.url;
}

/** Every POST this file makes from 127.0.0.1 spends a point of the shared burst limit. */
let postsSoFar = 0;
function post(base: string, body: Record<string, unknown>) {
  postsSoFar += 1;
  return fetch(`${base}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
}

let A: string;
let B: string;
let cookie: string;

beforeAll(async () => {
  await requireRedis(REDIS_URL);
  // Flood control would also answer 429; turn it off so the shared rate limit is what is measured.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'site', 'add', '--id', 'multi'], { env, encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const set = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'site', 'set', 'multi', 'floodSeconds=0', 'minFillSeconds=0'], { env, encoding: 'utf8' });
  expect(set.status, set.stderr).toBe(0);
  [A, B] = await Promise.all([startProcess(), startProcess()]);
  const res = await fetch(`${A}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 60_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await Promise.all(
    procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    })),
  );
  rmSync(dataDir, { recursive: true, force: true });
});

function open(url: string, opts: Parameters<typeof connect>[1] = {}): Promise<Socket> {
  const s = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

describe('two server processes sharing one SQLite file and Redis', () => {
  it('when a comment is posted to B, then a moderator on A gets it, approves it on A, and a reader on B sees it live', async () => {
    const moderator = await open(`${A}/moderation`, { extraHeaders: { cookie } });
    const reader = await open(`${B}/`);
    expect(await reader.emitWithAck('join', { site: 'multi', page: '/cross' })).toEqual({ ok: true });

    const arrived = new Promise<any>((resolve) => moderator.once('comment:new', resolve));
    const res = await post(B, { site: 'multi', page: '/cross', name: 'Laila', email: 'laila@multi.example', content: 'من العملية ب' });
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as { comment: { id: string } };
    const seen = await arrived;
    expect(seen.id).toBe(comment.id);

    const approved = new Promise<any>((resolve) => reader.once('comment:approved', resolve));
    const ack = await moderator.emitWithAck('moderate', { id: comment.id, action: 'approve', version: seen.version });
    expect(ack.ok).toBe(true);
    const pub = await approved;
    expect(pub.id).toBe(comment.id);
    expect(JSON.stringify(pub)).not.toContain('laila@multi.example');
  });

  it('when posts alternate between the processes, then the per-IP burst limit (5 a minute) is shared', async () => {
    const statuses: number[] = [];
    let last: Response | null = null;
    const allowed = 5 - postsSoFar;
    for (let i = 0; i < allowed + 1; i++) {
      last = await post(i % 2 ? A : B, { site: 'multi', page: '/burst', name: 'N', email: `n${i}@multi.example`, content: `رسالة ${i}` });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 201).length).toBe(allowed);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { message: string }).message).toMatch(/Too many requests/);
  });

  it('when decisions alternate between the processes, then every counts event carries the storage\'s counts version, and the highest one a moderator got equals a fresh list on either process', async () => {
    type Counts = { site: string; version: number } & Record<string, number | string>;
    const got: Array<Counts[]> = [[], []];
    const onA = await open(`${A}/moderation`, { extraHeaders: { cookie } });
    const onB = await open(`${B}/moderation`, { extraHeaders: { cookie } });
    onA.on('counts', (c: Counts) => got[0]!.push(c));
    onB.on('counts', (c: Counts) => got[1]!.push(c));
    const list = async (base: string) => (await (await fetch(`${base}/api/moderation/comments?site=multi&status=approved`, { headers: { cookie } })).json()) as {
      comments: Array<{ id: string; version: number }>;
      counts: Record<string, number>;
      countsVersion: number;
    };
    const start = await list(A);
    let c = start.comments[0]!;
    expect(c).toBeDefined();
    for (const [i, action] of ['spam', 'restore', 'trash', 'restore', 'pending', 'approve'].entries()) {
      const res = await fetch(`${i % 2 ? B : A}/api/moderation/comments/${c.id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: i % 2 ? B : A, cookie },
        body: JSON.stringify({ action, version: c.version }),
      });
      expect(res.status).toBe(200);
      c = ((await res.json()) as { comment: typeof c }).comment;
    }
    const [fromA, fromB] = await Promise.all([list(A), list(B)]);
    expect(fromB.countsVersion).toBe(fromA.countsVersion);
    expect(fromA.countsVersion).toBeGreaterThanOrEqual(start.countsVersion + 6);
    const newest = (events: Counts[]) => events.reduce<Counts | null>((best, e) => (!best || e.version >= best.version ? e : best), null);
    await expect.poll(() => got.map(newest), { timeout: 10_000 }).toEqual([0, 1].map(() => ({ site: 'multi', ...fromA.counts, version: fromA.countsVersion })));
    // one version, one set of counts, whichever process sent it
    const byVersion = new Map<number, string>();
    for (const e of got.flat()) {
      const { site: _s, version, ...counts } = e;
      const key = JSON.stringify(Object.entries(counts).sort());
      expect(byVersion.get(version) ?? key).toBe(key);
      byVersion.set(version, key);
    }
  });
});
