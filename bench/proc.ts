/**
 * Process plumbing for the bench: the compiled server as a child process, and
 * bench workers (load generator, socket clients, ceiling server) as forked
 * children so none of them shares an event loop with the server or each other.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN = { email: 'bench@example.com', password: 'bench-password' };

export interface ServerProc {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/**
 * Starts `node dist/server/main.js` on 127.0.0.1 with a port of its own; resolves once it listens.
 * `cwd` runs another checkout's build (bench/cpu.ts compares two builds on one load).
 */
export async function startServer(dataDir: string, extraEnv: Record<string, string> = {}, cwd = root): Promise<ServerProc> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SITE_ID: 'bench',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      TRUST_PROXY: 'true',
      SHUTDOWN_GRACE_MS: '1000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs a bench worker module (a .ts file in bench/) in a forked process under
 * the same tsx loader, sends it `input`, and resolves with its one reply.
 * `onMessage` sees every message before the final `{ done: ... }`.
 */
export function runWorker<T>(file: string, input: object, onMessage?: (m: any, child: ChildProcess) => void): { child: ChildProcess; result: Promise<T> } {
  const child = fork(path.join(root, 'bench', file), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<T>((resolve, reject) => {
    child.on('message', (m: any) => {
      if (m && typeof m === 'object' && 'done' in m) resolve(m.done as T);
      else if (m && typeof m === 'object' && 'error' in m) reject(new Error(String(m.error)));
      else onMessage?.(m, child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited ${code} before answering`)));
    child.send(input);
  });
  result.catch(() => undefined).finally(() => setTimeout(() => child.connected && child.kill(), 2000).unref());
  return { child, result };
}

/** User + system CPU time of a process so far, ms (Linux /proc, USER_HZ = 100). */
export function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Logs in as the bench admin; returns the session cookie. */
export async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Sets site settings through the moderation API (the way an owner would). */
export async function setSettings(url: string, cookie: string, settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/api/moderation/sites/bench`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ settings }) });
  if (!res.ok) throw new Error(`settings ${res.status} ${await res.text()}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (0–100) of unsorted numbers, nearest rank. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
export const median = (xs: number[]) => percentile(xs, 50);
