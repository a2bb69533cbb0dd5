import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const baseEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '' };

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env: baseEnv, encoding: 'utf8' });

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'http://x' }, 'MONGODB_URI'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'longenough' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@b.example' }, 'ADMIN_PASSWORD'],
    [{ SITE_ID: 'has space' }, 'SITE_ID'],
    [{ SITE_ORIGINS: 'https://ok.example,notanorigin' }, 'SITE_ORIGINS'],
    [{ TRUST_PROXY: 'maybe?' }, 'TRUST_PROXY'],
  ])('when %o, then parsing fails naming %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('when nothing is set, then the documented defaults apply', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', siteId: 'default', siteOrigins: null, mongodbUri: null, redisUrl: null, trustProxy: null });
  });

  it('when the server starts with a bad value, then it stops with one line naming the variable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...baseEnv, PORT: 'abc' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
  });

  it('when DATA_DIR cannot be created, then the start stops with one line naming DATA_DIR', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...baseEnv, PORT: '0', DATA_DIR: '/etc/passwd/nested' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/DATA_DIR/)]);
  });
});

describe('npm start equivalent', () => {
  it('when started on PORT=0, then it prints the URLs, answers /healthz and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...baseEnv, PORT: '0', SITE_ID: 'startup' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('/moderate')) resolve(m[1]!);
      });
      child.once('exit', (c) => reject(new Error(`exited ${c}`)));
    });
    expect(out).toContain(`${url}/demo`);
    expect(out).toContain(`${url}/moderate`);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});

describe('CLI', () => {
  it('when adding a moderator, then they can be added once; a duplicate or short password is refused', () => {
    const ok = cli('moderator', 'add', '--email', 'Nour@Example.com', '--password', 'long-password', '--name', 'نور', '--role', 'admin');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('nour@example.com');
    expect(cli('moderator', 'add', '--email', 'nour@example.com', '--password', 'long-password').status).toBe(1);
    const short = cli('moderator', 'add', '--email', 'x@example.com', '--password', 'short');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('8 characters');
  });

  it('when adding a site and setting values, then site show reflects them; bad keys or values are refused', () => {
    expect(cli('site', 'add', '--id', 'news', '--origin', 'https://news.example').status).toBe(0);
    const set = cli('site', 'set', 'news', 'holdAll=true', 'maxLinks=4', 'moderationKeys=كازينو,casino');
    expect(set.status, set.stderr).toBe(0);
    const shown = JSON.parse(cli('site', 'show', 'news').stdout);
    expect(shown).toMatchObject({ id: 'news', origins: ['https://news.example'], settings: { holdAll: true, maxLinks: 4, moderationKeys: ['كازينو', 'casino'] } });
    expect(cli('site', 'set', 'news', 'nope=1').stderr).toContain('unknown setting');
    expect(cli('site', 'set', 'news', 'maxLinks=lots').status).toBe(1);
    expect(cli('site', 'add', '--id', 'bad', '--origin', 'javascript:alert(1)').status).toBe(1);
    expect(cli('site', 'set', 'missing', 'holdAll=true').status).toBe(1);
  });

  it('when the command is unknown, then usage is printed and the exit code is 1', () => {
    const r = cli('frobnicate');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('usage:');
  });
});
