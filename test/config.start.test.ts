import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'majlis-config-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: freshDir(), LOG_LEVEL: 'warn', PORT: '0' };
  for (const name of ['REDIS_URL', 'MONGODB_URI', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_URL', 'OUTBOX_LEASE_MS', 'TRUST_PROXY', 'HOST']) delete env[name];
  return env;
};
const startSync = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, encoding: 'utf8', timeout: 60_000 });

/** Starts the server, waits for its dashboard line, stops it with SIGTERM and returns everything it printed. */
async function startAndStop(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('moderator dashboard') && resolve());
    void closed.then((code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  child.kill('SIGTERM');
  expect(await closed).toBe(0);
  return out;
}

/** Whether express itself takes this `trust proxy` value (it compiles it at once, through proxy-addr). */
function expressTakes(value: unknown): boolean {
  try {
    express().set('trust proxy', value);
    return true;
  } catch {
    return false;
  }
}

describe('TRUST_PROXY is checked as express checks it', () => {
  const taken = ['true', 'false', '0', '2', 'loopback', 'loopback, 10.0.0.0/8', 'linklocal,uniquelocal', '192.168.1.1', '10.0.0.0/255.0.0.0', '::1', 'fe80::/10', '::ffff:127.0.0.1', '2001:db8::/32, 203.0.113.7'];
  const refused = ['banana', '10.0.0.0/33', '10.0.0.0/0', 'fe80::/129', '10.0.0.0/255.0.255.0', '10.0.0.0/0.0.0.0', 'loopback,', 'Loopback', '1.2.3.4/abc', '::1/255.255.255.0', '1.2.3.4 5.6.7.8'];

  it.each(taken)('when TRUST_PROXY=%s, then it is accepted and express takes the parsed value', (tp) => {
    const c = parseConfig({ TRUST_PROXY: tp });
    expect(expressTakes(c.trustProxy)).toBe(true);
  });

  it.each(refused)('when TRUST_PROXY=%s, then parsing fails naming TRUST_PROXY (express would throw at start)', (tp) => {
    expect(expressTakes(tp)).toBe(false);
    expect(() => parseConfig({ TRUST_PROXY: tp })).toThrow(/^TRUST_PROXY: /);
  });

  it('when the server starts with TRUST_PROXY=banana, then it stops with exit code 2 and one line naming the variable', () => {
    const r = startSync({ ...baseEnv(), TRUST_PROXY: 'banana' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^majlis: bad configuration: TRUST_PROXY: .*banana/)]);
  });
});

describe('listening failures name HOST or PORT', () => {
  let busy: Server;
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('when PORT is taken, then the start stops with exit code 2 and one line naming PORT', async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const r = startSync({ ...baseEnv(), PORT: String(port) });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !l.includes('widget/dist'))).toEqual([expect.stringMatching(/^majlis: cannot start: PORT: /)]);
  });

  it('when HOST is not an address of this machine, then the start stops with exit code 2 and one line naming HOST', () => {
    const r = startSync({ ...baseEnv(), HOST: '192.0.2.1' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !l.includes('widget/dist'))).toEqual([expect.stringMatching(/^majlis: cannot start: HOST: /)]);
  });
});

describe('start hints and warnings', () => {
  it('when no moderator exists, then the start says how to add one; once one exists, it no longer does', async () => {
    const env = baseEnv();
    expect(await startAndStop(env)).toContain('no ADMIN_EMAIL set');
    await startAndStop({ ...env, ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'a-long-password' });
    expect(await startAndStop(env)).not.toContain('no ADMIN_EMAIL set');
  });

  it('when OUTBOX_LEASE_MS is not above the 10 s webhook timeout, then parsing warns naming it; above it, no warning', () => {
    expect(parseConfig({ OUTBOX_LEASE_MS: '5000' }).warnings).toEqual([expect.stringMatching(/^OUTBOX_LEASE_MS: .*10000 ms webhook timeout/)]);
    expect(parseConfig({ OUTBOX_LEASE_MS: '10000' }).warnings).toHaveLength(1);
    expect(parseConfig({ OUTBOX_LEASE_MS: '10001' }).warnings).toEqual([]);
    expect(parseConfig({}).warnings).toEqual([]);
  });

  it('when the server starts with OUTBOX_LEASE_MS=5000, then it starts and prints one warning line naming the variable', async () => {
    const out = await startAndStop({ ...baseEnv(), OUTBOX_LEASE_MS: '5000' });
    expect(out.split('\n').filter((l) => l.includes('OUTBOX_LEASE_MS'))).toEqual([expect.stringMatching(/^majlis: warning: OUTBOX_LEASE_MS: /)]);
  });
});
