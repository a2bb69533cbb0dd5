import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, repoRoot, spawnServer } from './helpers/spawn-server.js';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'majlis-proc-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const baseEnv = (dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  REDIS_URL: '',
  MONGODB_URI: '',
  METRICS_TOKEN: '',
  SITE_ID: 'proc',
  LOG_LEVEL: 'info',
  ...extra,
});

/** Resolves when nothing accepts connections on the port any more. */
const portClosed = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { port } = new URL(url);
    const s = netConnect(Number(port), '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

const comment = (n: number) => JSON.stringify({ site: 'proc', page: '/p', name: 'سارة', email: `s${n}@example.com`, content: `تعليق ${n}` });

describe('npm start and the production entry point', () => {
  it('when the parent that `npm start` runs as gets SIGTERM, then the server stops, the port closes and the exit code is 0', async () => {
    const server = await spawnServer('npm', ['start', '--silent'], baseEnv(freshDir()));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // No wrapper shell is left between npm and node: npm's only child is the server itself.
    const children = spawnSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    expect(children).toHaveLength(1);
    const cmd = spawnSync('ps', ['-o', 'args=', '-p', children[0]!], { encoding: 'utf8' }).stdout.trim();
    expect(cmd).toBe('node dist/server/main.js');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await portClosed(server.url)).toBe(true);
    expect(spawnSync('ps', ['-p', children[0]!]).status).not.toBe(0); // the server process is gone too
  }, 240_000);

  it('when `node dist/server/main.js` (the supervisor command) gets SIGINT, then it exits 0 and the port closes', async () => {
    ensureServerBuilt();
    const server = await spawnServer(process.execPath, ['dist/server/main.js'], baseEnv(freshDir()));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(await portClosed(server.url)).toBe(true);
  }, 120_000);
});

describe('graceful stop', () => {
  beforeAll(() => ensureServerBuilt(), 120_000);

  /** A POST that announces `length` bytes, sends only `first`, and resolves once the server has read its headers. */
  function startUpload(url: string, length: number, first: string) {
    const agent = new Agent({ keepAlive: false });
    let resolveResponse!: (r: { status: number; body: string; connection?: string }) => void;
    const response = new Promise<{ status: number; body: string; connection?: string }>((r) => (resolveResponse = r));
    const req = httpRequest(`${url}/api/comments`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(length), expect: '100-continue', 'accept-language': 'en' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolveResponse({ status: res.statusCode!, body, connection: res.headers.connection }));
    });
    req.on('error', () => undefined); // the server may close the socket after answering
    const headersRead = new Promise<void>((resolve) => req.once('continue', () => resolve()));
    req.flushHeaders();
    return { req, response, headersRead: headersRead.then(() => void req.write(first)) };
  }

  it('when a request is in flight at SIGTERM, then it finishes normally, idle keep-alive connections close at once, and the exit code is 0', async () => {
    const server = await spawnServer(process.execPath, ['dist/server/main.js'], baseEnv(freshDir(), { SHUTDOWN_GRACE_MS: '60000' }));
    // An idle keep-alive connection.
    const idle = netConnect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    idle.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    await new Promise<void>((resolve) => idle.once('data', () => resolve()));
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));

    const body = comment(1);
    const up = startUpload(server.url, Buffer.byteLength(body), body.slice(0, 10));
    await up.headersRead;
    server.child.kill('SIGTERM');
    await server.waitFor('SIGTERM: finishing in-flight requests');
    await idleClosed; // long before the 60 s grace period
    up.req.end(body.slice(10));
    const res = await up.response;
    expect(res.status).toBe(201);
    expect(await server.exited).toBe(0);
    expect(await portClosed(server.url)).toBe(true);
  }, 120_000);

  it('when an upload is still unfinished at the end of SHUTDOWN_GRACE_MS, then it is answered 503 and the exit code is still 0', async () => {
    const server = await spawnServer(process.execPath, ['dist/server/main.js'], baseEnv(freshDir(), { SHUTDOWN_GRACE_MS: '1500' }));
    const up = startUpload(server.url, 5000, '{"site":"proc",');
    await up.headersRead;
    server.child.kill('SIGTERM');
    const res = await up.response;
    expect(res.status).toBe(503);
    expect(res.connection).toBe('close');
    expect(JSON.parse(res.body)).toEqual({ error: 'unavailable', message: expect.stringContaining('shutting down') });
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/forcing exit/);
  }, 120_000);
});

describe('files are private whatever the umask', () => {
  beforeAll(() => ensureServerBuilt(), 120_000);

  it('when the server starts under umask 000, then the database, its WAL and shared memory, and the secret key are 0600', async () => {
    const dataDir = path.join(freshDir(), 'data');
    const server = await spawnServer('sh', ['-c', `umask 000 && exec "${process.execPath}" dist/server/main.js`], baseEnv(dataDir));
    const posted = await fetch(`${server.url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: comment(2) });
    expect(posted.status).toBe(201);
    const mode = (f: string) => (statSync(path.join(dataDir, f)).mode & 0o777).toString(8);
    expect({ db: mode('majlis.sqlite'), wal: mode('majlis.sqlite-wal'), shm: mode('majlis.sqlite-shm'), secret: mode('secret.key'), dir: mode('.') }).toEqual({ db: '600', wal: '600', shm: '600', secret: '600', dir: '700' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});

describe('accounts from the start environment and the CLI', () => {
  let env = baseEnv(freshDir(), { ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'first-password' });
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8', input });
  /**
   * One request on its own connection: the CLI runs take seconds, longer than the
   * server's keep-alive timeout, and a pooled connection would race its closing.
   */
  const call = (url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<{ status: number; headers: { get(name: string): string | null } }>((resolve, reject) => {
      const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0] ?? null;
          resolve({ status: res.statusCode!, headers: { get: (n) => (n === 'set-cookie' ? setCookie : ((res.headers[n] as string | undefined) ?? null)) } });
        });
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  const tryLogin = (url: string, email: string, password: string) =>
    call(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  it('when ADMIN_PASSWORD changes between starts, then the start log says the admin exists and the password was left unchanged', async () => {
    const first = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env);
    expect(first.output()).toContain('created the admin moderator');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], { ...env, ADMIN_PASSWORD: 'another-password' });
    expect(second.output()).toContain('admin exists, password left unchanged');
    expect(second.output()).not.toContain('owner@example.com'); // no email in the log
    expect((await tryLogin(second.url, 'owner@example.com', 'another-password')).status).toBe(401);
    expect((await tryLogin(second.url, 'owner@example.com', 'first-password')).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('when moderators are listed, passwords changed (flag or stdin) and one removed, then the accounts and their sessions follow', async () => {
    env = baseEnv(freshDir(), { LOG_LEVEL: 'warn' });
    expect(cli(['moderator', 'add', '--email', 'owner@example.com', '--password', 'owner-password', '--role', 'admin']).status).toBe(0);
    expect(cli(['moderator', 'add', '--email', 'helper@example.com', '--password', 'helper-password']).status).toBe(0);
    const list = cli(['moderator', 'list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/owner@example\.com\tadmin\t/);
    expect(list.stdout).toMatch(/helper@example\.com\tmoderator\t/);

    const server = await spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env);
    const signedIn = await tryLogin(server.url, 'helper@example.com', 'helper-password');
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const me = () => call(`${server.url}/api/auth/me`, { headers: { cookie } }).then((r) => r.status);
    expect(await me()).toBe(200);

    const byFlag = cli(['moderator', 'passwd', '--email', 'Helper@Example.com', '--password', 'second-password']);
    expect(byFlag.status, byFlag.stderr).toBe(0);
    expect(await me()).toBe(401); // a new password ends the sessions
    expect((await tryLogin(server.url, 'helper@example.com', 'helper-password')).status).toBe(401);
    expect((await tryLogin(server.url, 'helper@example.com', 'second-password')).status).toBe(200);
    const byStdin = cli(['moderator', 'passwd', '--email', 'helper@example.com'], 'third-password\n');
    expect(byStdin.status, byStdin.stderr).toBe(0);
    expect((await tryLogin(server.url, 'helper@example.com', 'third-password')).status).toBe(200);
    const short = cli(['moderator', 'passwd', '--email', 'helper@example.com', '--password', 'short']);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('8 characters');
    expect(cli(['moderator', 'passwd', '--email', 'nobody@example.com', '--password', 'whatever-long']).status).toBe(1);

    const again = await tryLogin(server.url, 'helper@example.com', 'third-password');
    const cookie2 = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
    const removed = cli(['moderator', 'remove', '--email', 'helper@example.com']);
    expect(removed.status, removed.stderr).toBe(0);
    expect((await call(`${server.url}/api/auth/me`, { headers: { cookie: cookie2 } })).status).toBe(401);
    expect((await tryLogin(server.url, 'helper@example.com', 'third-password')).status).toBe(401);
    expect(cli(['moderator', 'list']).stdout).not.toContain('helper@example.com');
    const lastAdmin = cli(['moderator', 'remove', '--email', 'owner@example.com']);
    expect(lastAdmin.status).toBe(1);
    expect(lastAdmin.stderr).toContain('last admin');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
