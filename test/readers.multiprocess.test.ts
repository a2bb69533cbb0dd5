import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from './helpers/redis.js';
import { spawnServer } from './helpers/spawn-server.js';

// Issue 14 across two real server processes on one SQLite file and one Redis: one like and
// one report per reader hold whichever process takes them, the per-IP like limit is shared,
// and a like made in one process is seen at once in the other's cached thread.
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-readers-mp-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  REDIS_URL,
  HOST: '127.0.0.1',
  PORT: '0',
  SITE_ID: 'readers',
  REDIS_PREFIX: `majlis-readers-${process.pid}-${Date.now()}`,
  TRUST_PROXY: 'true',
  ADMIN_EMAIL: 'admin@readers.example',
  ADMIN_PASSWORD: 'readers-admin-pass',
  LOG_LEVEL: 'warn',
  // Cached threads live 10 minutes here, so a fresh answer can only come from an invalidation.
  THREAD_CACHE_MS: '600000',
};
const procs: ChildProcess[] = [];
let servers: string[] = [];
let cookie = '';
let seq = 0;

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
}

async function call(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A new approved comment on `page`, posted through process 0 and approved by the admin. */
async function approvedComment(page: string): Promise<string> {
  seq += 1;
  const posted = await call(servers[0]!, 'POST', '/api/comments', { site: 'readers', page, name: 'Omar', email: `omar${seq}@mp.example`, content: `تعليق ${seq}` }, { 'x-forwarded-for': `10.251.${seq % 250}.1` });
  expect(posted.status).toBe(201);
  const id = posted.body.comment.id as string;
  const ok = await call(servers[1]!, 'POST', `/api/moderation/comments/${id}/actions`, { action: 'approve' }, { cookie, origin: servers[1]! });
  expect(ok.status).toBe(200);
  return id;
}
const reader = (t: number, i: number) => `mp-reader-${String(t).padStart(4, '0')}-${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  await requireRedis(REDIS_URL);
  cli('site', 'add', '--id', 'readers');
  cli('site', 'set', 'readers', 'floodSeconds=0', 'minFillSeconds=0');
  servers = await Promise.all(
    [0, 1].map(async () => {
      const s = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env);
      procs.push(s.child);
      return s.url;
    }),
  );
  const res = await fetch(`${servers[0]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 90_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  );
  rmSync(dataDir, { recursive: true, force: true });
});

describe('likes and reports across two processes', () => {
  it('when one reader likes 4 times at once through both processes and 3 others like once, then likes is 4, in every one of 15 trials', async () => {
    for (let t = 0; t < 15; t++) {
      const page = `/mp/likes/${t}`;
      const id = await approvedComment(page);
      // each reader on its own address (one address may like one comment 5 times an hour)
      const like = (i: number, who: number) => call(servers[i % 2]!, 'POST', `/api/comments/${id}/reactions`, { reaction: 'like' }, { 'x-forwarded-for': `10.252.${t}.${who + 1}`, 'majlis-reader': reader(t, who) });
      const answers = await Promise.all([...[0, 1, 2, 3].map((i) => like(i, 0)), ...[1, 2, 3].map((i) => like(i, i))]);
      expect(answers.map((a) => a.status), `trial ${t}`).toEqual([200, 200, 200, 200, 200, 200, 200]);
      for (const base of servers) {
        const thread = await call(base, 'GET', `/api/comments?site=readers&page=${encodeURIComponent(page)}`);
        expect(thread.body.comments[0].likes, `trial ${t}`).toBe(4);
      }
    }
  }, 240_000);

  it('when 3 readers report at once (each twice, through both processes) with threshold 3, then it is held exactly once, in every one of 10 trials', async () => {
    for (let t = 0; t < 10; t++) {
      const id = await approvedComment(`/mp/reports/${t}`);
      // each reader on its own network (the threshold counts networks, readers/voter.ts)
      const reportIt = (i: number, who: string) => call(servers[i % 2]!, 'POST', `/api/comments/${id}/reports`, { reason: 'abuse' }, { 'x-forwarded-for': `10.253.${t}.${(i % 3) + 1}`, 'majlis-reader': who });
      const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => reportIt(i, reader(t, i % 3))));
      // a report that lands after the hold finds the comment no longer public: 404, nothing counted
      for (const a of answers) expect([202, 404], `trial ${t}`).toContain(a.status);
      const mod = await call(servers[0]!, 'GET', '/api/moderation/comments?site=readers&status=pending', undefined, { cookie });
      const held = mod.body.comments.find((c: any) => c.id === id);
      expect(held, `trial ${t}`).toBeTruthy();
      expect(held.reports.count, `trial ${t}`).toBe(3);
      expect(held.history.filter((h: any) => h.from === 'approved' && h.to === 'pending'), `trial ${t}`).toHaveLength(1);
      expect(held.reasons.filter((r: string) => r === 'Reported by 3 readers'), `trial ${t}`).toHaveLength(1);
    }
  }, 240_000);

  it('when one address likes 130 times through both processes, then exactly 120 pass and 10 get 429 (the limit lives in Redis)', async () => {
    // 26 comments × 5 likes: the per-comment limit (5 per address) is never the one that answers 429
    const ids: string[] = [];
    for (let k = 0; k < 26; k++) ids.push(await approvedComment(`/mp/limit/${k}`));
    const ip = { 'x-forwarded-for': '10.254.0.1' };
    const answers = await Promise.all(
      Array.from({ length: 130 }, (_, i) => call(servers[i % 2]!, 'POST', `/api/comments/${ids[i % 26]}/reactions`, { reaction: 'like' }, { ...ip, 'majlis-reader': reader(9999, i) })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(120);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
  }, 120_000);

  it('when one address likes one comment 8 times through both processes, then exactly 5 count (the per-comment limit lives in Redis)', async () => {
    const id = await approvedComment('/mp/limit-one');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(servers[i % 2]!, 'POST', `/api/comments/${id}/reactions`, { reaction: 'like' }, { 'x-forwarded-for': '10.254.0.2', 'majlis-reader': reader(8888, i) })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const thread = await call(servers[0]!, 'GET', `/api/comments?site=readers&page=${encodeURIComponent('/mp/limit-one')}`);
    expect(thread.body.comments[0].likes).toBe(5);
  }, 120_000);

  it('when a thread is cached in one process and liked, featured and edited through the other, then the first process answers the change at once', async () => {
    const page = '/mp/cache';
    seq += 1;
    const posted = await call(servers[0]!, 'POST', '/api/comments', { site: 'readers', page, name: 'Omar', email: `omar${seq}@mp.example`, content: 'قبل التعديل' }, { 'x-forwarded-for': '10.250.9.9' });
    const id = posted.body.comment.id as string;
    await call(servers[1]!, 'POST', `/api/moderation/comments/${id}/actions`, { action: 'approve' }, { cookie, origin: servers[1]! });
    const read = async () => (await call(servers[0]!, 'GET', `/api/comments?site=readers&page=${encodeURIComponent(page)}`)).body;
    expect((await read()).comments[0].likes).toBe(0);
    await call(servers[1]!, 'POST', `/api/comments/${id}/reactions`, { reaction: 'like' }, { 'majlis-reader': reader(7777, 1) });
    const eventually = async (check: (b: any) => boolean) => {
      for (let i = 0; i < 40; i++) {
        if (check(await read())) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(check(await read())).toBe(true);
    };
    await eventually((b) => b.comments[0].likes === 1);
    await call(servers[1]!, 'POST', `/api/moderation/comments/${id}/actions`, { action: 'feature' }, { cookie, origin: servers[1]! });
    await eventually((b) => b.featured.length === 1 && b.comments[0].featured === true);
    const edited = await call(servers[1]!, 'PATCH', `/api/comments/${id}`, { content: 'بعد التعديل', editToken: posted.body.editToken });
    expect(edited.status).toBe(200);
    await eventually((b) => b.comments[0].content === 'بعد التعديل');
  }, 60_000);
});
