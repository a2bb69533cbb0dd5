import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What the background checkpointer has done so far (tests and diagnostics). */
export interface CheckpointStats {
  /** checkpoints run (PASSIVE) */
  runs: number;
  /** WAL frames copied into the database file by them */
  frames: number;
  /** runs that found the checkpoint lock taken (another checkpointer: nothing lost, the next run continues) */
  busy: number;
  /** frames in the log at the last run, and whether that run copied them all */
  log: number;
  caughtUp: boolean;
}

export interface Checkpointer {
  stats(): Promise<CheckpointStats>;
  /** Stops the thread after its current checkpoint (if any); its connection closes cleanly. */
  close(): Promise<void>;
}

/** WAL pages past which the writer checkpoints by itself (the backstop). */
export const BACKSTOP_PAGES = 4000;
/** SQLite's own wal_autocheckpoint, for a writer without the thread. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

// The worker's code, run as a CommonJS script in its own thread (eval), so it needs no
// compiled file of its own and runs the same under tsx, vitest and the build.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
// The checkpointing connection decides the fsyncs of a checkpoint: the same as the writer's.
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
const stats = { runs: 0, frames: 0, busy: 0, log: 0, caughtUp: false, copied: 0 };
const run = () => {
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    stats.runs++;
    if (r.busy) stats.busy++;
    // checkpointed counts every frame backfilled so far in this log, not only by this run
    if (r.log < stats.log || r.checkpointed < stats.copied) stats.copied = 0;
    if (r.checkpointed > stats.copied) stats.frames += r.checkpointed - stats.copied;
    stats.copied = Math.max(0, r.checkpointed);
    stats.log = Math.max(0, r.log);
    stats.caughtUp = !r.busy && r.log === r.checkpointed;
  } catch {
    stats.busy++; // SQLITE_BUSY (a checkpoint in another process) or a transient error: try again next time
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ stats: { runs: stats.runs, frames: stats.frames, busy: stats.busy, log: stats.log, caughtUp: stats.caughtUp } });
  else if (m === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

/**
 * WAL checkpoints off the event loop (issue 10). In WAL mode every commit appends to
 * the -wal file, and SQLite copies those pages back into the database file (a
 * checkpoint) once the log passes wal_autocheckpoint pages — by default inside the
 * COMMIT of whichever write crossed the line, so one POST in a few hundred waited for
 * a thousand page copies and two fsyncs, and so did every request queued behind it on
 * the event loop. Here a thread with a connection of its own runs a PASSIVE checkpoint
 * every `everyMs`: it never blocks the writer or readers (WAL allows one checkpointer
 * beside them), and the writer restarts the log once a checkpoint has caught up.
 * The writer keeps a backstop (BACKSTOP_PAGES): should the thread fall behind, the log
 * is checkpointed in the commit as before, so it stays bounded.
 *
 * Durability is unchanged: a commit is in the -wal file before the writer returns (a
 * process killed with -9 loses nothing acknowledged), and the checkpoint syncs the log
 * before copying and the database after, as the writer's own checkpoint did.
 */
export function startCheckpointer(file: string, onFailure: () => void, everyMs = 100): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref();
  let closing = false;
  // A thread that fails or stops on its own costs only speed: `onFailure` gives the writer its
  // own checkpoints back (SQLite's default), as before this thread.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (!closing) onFailure();
      resolve();
    }),
  );
  return {
    stats: () =>
      new Promise((resolve, reject) => {
        const gone = () => reject(new Error('the checkpointer has stopped'));
        worker.once('exit', gone);
        worker.once('message', (m: { stats: CheckpointStats }) => {
          worker.off('exit', gone);
          resolve(m.stats);
        });
        worker.postMessage('stats');
      }),
    async close() {
      closing = true;
      worker.postMessage('close');
      const hard = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(hard);
    },
  };
}
