import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface Spawned {
  child: ChildProcess;
  url: string;
  /** everything printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** waits until the output contains `text` */
  waitFor(text: string | RegExp): Promise<void>;
}

/** Starts `command args` and resolves once it prints "listening on http://…". */
export function spawnServer(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Spawned> {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (text: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
      void exited.then((code) => {
        listeners.delete(check);
        reject(new Error(`exited with ${code} before printing ${String(text)}:\n${out}`));
      });
    });
  return waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/).then(() => ({
    child,
    url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!,
    output: () => out,
    exited,
    waitFor,
  }));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles server/ to dist/ (what `npm run build` does for the server) unless dist is newer than every source. */
export function ensureServerBuilt(): void {
  let built = 0;
  try {
    built = statSync(path.join(repoRoot, 'dist/server/main.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestMtime(path.join(repoRoot, 'server'))) return;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`server build failed:\n${r.stdout}${r.stderr}`);
}

/**
 * One HTTP request on a connection of its own. Tests that wait for slow child processes
 * (the CLI) use it: a pooled keep-alive connection could race the server closing it.
 */
export function freshRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: import('node:http').IncomingHttpHeaders; text: string }> {
  return import('node:http').then(
    ({ request }) =>
      new Promise((resolve, reject) => {
        const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(opts.body);
      }),
  );
}
