/**
 * HTTP load in a separate process (load-worker.ts), so the generator never
 * shares an event loop with the server. One worker serves the whole run; loads
 * run one at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadResult, LoadSpec } from './load-worker.js';
import { root } from './proc.js';

export type { LoadResult } from './load-worker.js';

let worker: ChildProcess | null = null;
let queue: Promise<unknown> = Promise.resolve();

function ensureWorker(): ChildProcess {
  if (worker && worker.connected) return worker;
  worker = fork(path.join(root, 'bench', 'load-worker.ts'), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  worker.unref();
  (worker as any).channel?.unref?.();
  return worker;
}

export function load(spec: LoadSpec): Promise<LoadResult> {
  const next = queue.then(
    () =>
      new Promise<LoadResult>((resolve, reject) => {
        const w = ensureWorker();
        (w as any).channel?.ref?.();
        const onExit = (code: number | null) => reject(new Error(`load worker exited ${code}`));
        w.once('exit', onExit);
        w.once('message', (m: { result?: LoadResult; error?: string }) => {
          w.off('exit', onExit);
          (w as any).channel?.unref?.();
          if (m.result) resolve(m.result);
          else reject(new Error(m.error ?? 'load worker failed'));
        });
        w.send(spec);
      }),
  );
  queue = next.catch(() => undefined);
  return next;
}

/** Ends the load worker (call when the run is over). */
export function stopLoad(): void {
  worker?.disconnect();
  worker = null;
}
