import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from './helpers/redis.js';
import { spawnServer } from './helpers/spawn-server.js';
import { races, type Poster } from './helpers/races.js';

// Two real server processes on one SQLite file and one Redis, as a site would run
// them behind a load balancer: every race below is decided by the store.
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-atomic-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  REDIS_URL,
  HOST: '127.0.0.1',
  PORT: '0',
  SITE_ID: 'atomic',
  REDIS_PREFIX: `majlis-atomic-${process.pid}-${Date.now()}`,
  // Each trial posts from its own X-Forwarded-For address, so per-address rate limits never mix trials.
  TRUST_PROXY: 'true',
  ADMIN_EMAIL: 'admin@atomic.example',
  ADMIN_PASSWORD: 'atomic-admin-pass',
  LOG_LEVEL: 'warn',
};
const procs: ChildProcess[] = [];
let servers: string[] = [];
let cookie = '';

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
}

async function startProcess(): Promise<string> {
  const server = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env);
  procs.push(server.child);
  return server.url;
}

/** Posts to the processes in turn. */
const post: Poster = (i, body, headers = {}) => postTo(servers[i % servers.length]!, body, headers);
/** Posts to the first process only: the races inside one process (its Redis rate limiter awaits the network between check and insert). */
const postOne: Poster = (_i, body, headers = {}) => postTo(servers[0]!, body, headers);

const postTo = async (base: string, body: Record<string, unknown>, headers: Record<string, string>) => {
  const res = await fetch(`${base}/api/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  await requireRedis(REDIS_URL);
  cli('site', 'add', '--id', 'atomic');
  cli('site', 'set', 'atomic', 'floodSeconds=0', 'minFillSeconds=0');
  cli('site', 'add', '--id', 'floody');
  cli('site', 'set', 'floody', 'floodSeconds=15', 'minFillSeconds=0');
  servers = await Promise.all([startProcess(), startProcess()]);
  const res = await fetch(`${servers[0]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 60_000);

afterAll(async () => {
  await Promise.all(
    procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    })),
  );
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two server processes with Redis racing check-then-write', () => {
  it('when the same comment reaches both processes at once, then one 201 and the rest 409, in every one of 60 trials', async () => {
    await races.duplicates(post, 'atomic', 60, 4, 'mp');
  }, 180_000);

  it('when one address posts 4 comments at once inside the flood window, then one 201 and three 429, in every one of 60 trials', async () => {
    await races.flood(post, 'floody', 60, 4, 'mp');
  }, 180_000);

  it('when one Idempotency-Key with one body reaches both processes at once, then one comment and the same 201 for all, in every one of 40 trials', async () => {
    await races.sameKeySameBody(post, 'atomic', 40, 4, 'mp');
  }, 180_000);

  it('when one Idempotency-Key arrives with two bodies at once, then one 201 and one 422 that carries nothing of the other, in every one of 40 trials', async () => {
    await races.sameKeyOtherBody(post, 'atomic', 40, 'mp');
  }, 180_000);
});

describe('one server process with Redis racing check-then-write', () => {
  it('when the same comment arrives 4 times at once, then one 201 and three 409, in every one of 40 trials', async () => {
    await races.duplicates(postOne, 'atomic', 40, 4, 'one');
  }, 180_000);

  it('when one address posts 4 comments at once inside the flood window, then one 201 and three 429, in every one of 40 trials', async () => {
    await races.flood(postOne, 'floody', 40, 4, 'one');
  }, 180_000);

  it('when one Idempotency-Key arrives 4 times with one body or twice with two bodies, then one comment, replayed, or one 201 and one 422', async () => {
    await races.sameKeySameBody(postOne, 'atomic', 25, 4, 'one');
    await races.sameKeyOtherBody(postOne, 'atomic', 25, 'one');
  }, 180_000);
});

describe('decisions without a version across two processes', () => {
  it('when 20 decisions without a version reach both processes at once, then none gets 409, in every one of 5 trials', async () => {
    const actions = ['approve', 'spam', 'pending', 'trash', 'restore'];
    for (let t = 0; t < 5; t++) {
      const posted = await post(0, { site: 'atomic', page: `/decide/${t}`, name: 'Omar', email: `omar${t}@race.example`, content: `قرار ${t}` }, { 'x-forwarded-for': `10.250.0.${t + 1}` });
      const id = posted.body.comment.id as string;
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const res = await fetch(`${servers[i % 2]}/api/moderation/comments/${id}/actions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({ action: actions[i % actions.length] }),
          });
          return res.status;
        }),
      );
      expect(statuses, `trial ${t}`).toEqual(Array(20).fill(200));
    }
  }, 120_000);
});
