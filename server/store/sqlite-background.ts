import type Database from 'better-sqlite3';
import { BACKSTOP_PAGES, DEFAULT_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer, type CheckpointStats } from './sqlite-checkpoint.js';
import { ThreadBytesPruner, type PruneOutcome, type ThreadBytesBudget } from './sqlite-thread-bytes-prune.js';

/** What a server's store runs beside its connection: see SqliteStore's constructor. */
export interface BackgroundOptions {
  /** WAL checkpoints in a thread of their own (sqlite-checkpoint.ts) */
  backgroundCheckpoints?: boolean;
  /** the kept thread bytes' budget (THREAD_BYTES_MB), pruned in passes (sqlite-thread-bytes-prune.ts) */
  threadBytes?: ThreadBytesBudget;
}

/**
 * The work a SQLite store does beside its requests, from open to close: the checkpointing
 * thread and the thread bytes pruner. Either is off unless its option is given.
 */
export class SqliteBackground {
  private checkpointer: Checkpointer | null = null;
  private pruner: ThreadBytesPruner | null = null;

  constructor(private readonly opts: BackgroundOptions) {}

  /** Starts what the options ask for on `db` (the store's own connection to `file`). */
  start(file: string, db: Database.Database, current: () => Database.Database | null): void {
    if (this.opts.backgroundCheckpoints && file !== ':memory:') {
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      // A thread that fails hands the writer its own checkpoints back (SQLite's default).
      this.checkpointer = startCheckpointer(file, () => {
        if (current() === db && db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      });
    }
    if (this.opts.threadBytes) {
      this.pruner = new ThreadBytesPruner(() => (current() === db ? db : null), this.opts.threadBytes);
      this.pruner.start();
    }
  }

  /** Stops both; the checkpointer's connection closes before the store's, so the store's is the last and cleans the WAL up. */
  async close(): Promise<void> {
    await this.pruner?.close();
    this.pruner = null;
    await this.checkpointer?.close();
    this.checkpointer = null;
  }

  checkpointStats(): Promise<CheckpointStats> | null {
    return this.checkpointer?.stats() ?? null;
  }

  /** @throws Error when the store was opened without a `threadBytes` budget */
  prune(): Promise<PruneOutcome> {
    if (!this.pruner) throw new Error('SqliteStore opened without a threadBytes budget');
    return this.pruner.prune();
  }
}
