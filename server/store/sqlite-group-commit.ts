import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const queues = new WeakMap<Database.Database, Job[]>();

/**
 * Group commit: runs `write` in an IMMEDIATE transaction shared with the other
 * writes queued on this connection during the same turn of the event loop (they
 * are flushed together from setImmediate), each inside a savepoint of its own.
 *
 * - A write that throws rolls back alone (its savepoint) and rejects; the others
 *   still commit.
 * - Every promise settles only after the COMMIT has returned, so a caller that
 *   answers its client on resolution never acknowledges a write that could still
 *   be lost. If the transaction itself cannot begin or commit, every write of the
 *   group rejects and none is stored.
 * - Writes run in queue order, each seeing the ones before it, so a check-then-write
 *   inside `write` decides exactly as it would in a transaction of its own.
 *
 * Why (issue 10): a held POST was two or more commits (the comment, then the outbox
 * worker's expand of its event), and a commit (WAL append, locks, BEGIN/COMMIT) was
 * the largest single item of a POST's profile; under load many writes are queued in
 * the same turn, so they now share one.
 */
export function groupCommit<T>(db: Database.Database, write: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) queues.set(db, (queue = []));
    queue.push({ run: write, resolve: resolve as (v: unknown) => void, reject });
    if (queue.length === 1) setImmediate(flush, db);
  });
}

function flush(db: Database.Database): void {
  const jobs = queues.get(db) ?? [];
  queues.set(db, []);
  if (jobs.length === 0) return;
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
  try {
    if (!db.open) throw new Error('the database was closed before the write ran');
    const group = db.transaction(() => {
      outcomes.length = 0;
      for (const job of jobs) {
        try {
          // a nested better-sqlite3 transaction is a savepoint
          outcomes.push({ ok: true, value: db.transaction(job.run)() });
        } catch (error) {
          // Some errors (I/O, disk full) make SQLite roll the whole transaction back: then no
          // later write may run (it would commit on its own), and the whole group fails.
          if (!db.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    });
    group.immediate();
  } catch (error) {
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, i) => {
    const o = outcomes[i]!;
    if (o.ok) job.resolve(o.value);
    else job.reject(o.error);
  });
}
