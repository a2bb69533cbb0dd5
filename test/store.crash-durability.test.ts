import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/spawn-server.js';

/**
 * The promise of issue 10's group commit and background checkpoints: no comment answered
 * 201 is lost when the process is killed (-9), whatever it was doing (a commit of many
 * posts, a checkpoint in its thread). A real server process under a steady POST load.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-crash-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: '0',
  SITE_ID: 'crash',
  TRUST_PROXY: 'true',
  LOG_LEVEL: 'warn',
};
let child: ChildProcess | null = null;

beforeAll(() => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  };
  cli('site', 'add', '--id', 'crash');
  cli('site', 'set', 'crash', 'holdAll=true', 'floodSeconds=0', 'previouslyApproved=false');
}, 60_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${out}`)));
  });
}

describe('kill -9 under load', { timeout: 120_000 }, () => {
  it('when the server is killed while posts stream in, then every comment it answered 201 is in the store after', async () => {
    const url = new URL('/api/comments', await start());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const acknowledged: string[] = [];
    let n = 0;
    let stop = false;
    const postOne = () =>
      new Promise<void>((resolve) => {
        n++;
        const body = JSON.stringify({ site: 'crash', page: `/p${n % 5}`, name: `قارئ ${n}`, email: `r${n}@crash.example`, content: `تعليق رقم ${n}` });
        const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.${(n >> 8) & 255}.${n & 255}` } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            if (res.statusCode === 201) acknowledged.push((JSON.parse(text) as { comment: { id: string } }).comment.id);
            resolve();
          });
          res.on('error', () => resolve());
        });
        req.on('error', () => resolve());
        req.end(body);
      });
    const client = async () => {
      while (!stop) await postOne();
    };
    const clients = Array.from({ length: 20 }, client);
    // Long enough for many group commits and some checkpoints; killed in the middle of the stream.
    while (acknowledged.length < 1500) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(clients);
    agent.destroy();

    const db = new Database(path.join(dataDir, 'majlis.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((db.prepare("SELECT id FROM comments WHERE site = 'crash'").all() as Array<{ id: string }>).map((r) => r.id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
      expect(lost).toEqual([]);
      // the counters moved in the same transactions as the rows
      const counted = db.prepare("SELECT n FROM comment_counts WHERE site = 'crash' AND status = 'pending'").get() as { n: number };
      expect(counted.n).toBe(stored.size);
    } finally {
      db.close();
    }
  });
});
