import type Database from 'better-sqlite3';
import { withSearchDeferred } from './sqlite-search.js';

interface Job {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const queues = new WeakMap<Database.Database, Job[]>();

/**
 * Group commit: runs `write` in an IMMEDIATE transaction shared with the other
 * writes queued on this connection during the same turn of the event loop (they
 * are flushed together from setImmediate).
 *
 * - A write that throws rolls back alone and rejects; the others still commit.
 * - Every promise settles only after the COMMIT has returned, so a caller that
 *   answers its client on resolution never acknowledges a write that could still
 *   be lost. If the transaction itself cannot begin or commit, every write of the
 *   group rejects and none is stored.
 * - Writes run in queue order, each seeing the ones before it, so a check-then-write
 *   inside `write` decides exactly as it would in a transaction of its own.
 * - A write may run twice (see below): it must act on the database only, and decide
 *   from what it reads there.
 *
 * How: the group first runs with no savepoints (the common case, where no write
 * throws). Only when a write throws with the transaction still open is the whole
 * group rolled back and run again, each write inside a savepoint of its own, so the
 * failing one rolls back alone. Savepoints are not free (issue 10): each is two more
 * statements, and every page a write touches is copied to the savepoint's journal
 * first (spilled to a temporary file past 64 KiB, as a comment's insert is).
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

/** Thrown out of the savepoint-free run to roll it back and run the group again with savepoints. */
class RetryWithSavepoints extends Error {}

function flush(db: Database.Database): void {
  const jobs = queues.get(db) ?? [];
  queues.set(db, []);
  if (jobs.length === 0) return;
  let outcomes: Outcome[];
  try {
    if (!db.open) throw new Error('the database was closed before the write ran');
    // The group's comments are indexed for search together, at its end (sqlite-search.ts).
    try {
      outcomes = db.transaction(() => withSearchDeferred(db, () => jobs.map((job): Outcome => runPlain(db, job)))).immediate();
    } catch (error) {
      if (!(error instanceof RetryWithSavepoints)) throw error;
      outcomes = db.transaction(() => withSearchDeferred(db, () => jobs.map((job): Outcome => runInSavepoint(db, job)))).immediate();
    }
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

function runPlain(db: Database.Database, job: Job): Outcome {
  try {
    return { ok: true, value: job.run() };
  } catch (error) {
    // Some errors (I/O, disk full) make SQLite roll the whole transaction back: then the
    // whole group fails, as it would with savepoints. Otherwise only this write must fail.
    if (!db.inTransaction) throw error;
    throw new RetryWithSavepoints();
  }
}

function runInSavepoint(db: Database.Database, job: Job): Outcome {
  try {
    // a nested better-sqlite3 transaction is a savepoint
    return { ok: true, value: db.transaction(job.run)() };
  } catch (error) {
    // As above: once SQLite has rolled the transaction back, no later write may run (it would
    // commit on its own), and the whole group fails.
    if (!db.inTransaction) throw error;
    return { ok: false, error };
  }
}
