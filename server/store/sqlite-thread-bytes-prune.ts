import type Database from 'better-sqlite3';

/** How a server process bounds its kept thread bytes (config THREAD_BYTES_MB). */
export interface ThreadBytesBudget {
  /** bytes the kept rows' values (json, tag, thread_id) may take; 0: reads keep nothing and a pass deletes every kept row */
  budgetBytes: number;
  /** ms between passes (default 5 minutes) */
  everyMs?: number;
  /** ms from open to the first pass (default 30 s); null: no timer, passes only through prune() (tests, tools) */
  firstAfterMs?: number | null;
}

/** What one pass did (tests, diagnostics, the bench). */
export interface PruneOutcome {
  /** bytes of the kept rows' values after the pass: exact when `exact`, else a running estimate that errs high (see ThreadBytesPruner) */
  keptBytes: number;
  /** whether the pass walked the rows (exact) or trusted the running estimate, which was under the budget */
  exact: boolean;
  /** rows this pass deleted */
  deletedRows: number;
  /** the pass gave up a delete because another connection held the write lock through every retry; the next pass goes on */
  busy: boolean;
  /** statements (batches) the pass ran, each its own turn of the event loop, and their total time, ms */
  statements: number;
  statementsMs: number;
  /** the longest single statement of the pass, ms: what it held the event loop for at most */
  longestBatchMs: number;
}

/** Share of the budget a pass over it deletes down to, so the next pass has room before it must delete again. */
export const PRUNE_TO = 0.9;
const WALK_ROWS = 250;
const DELETE_ROWS = 250;
const BUSY_RETRIES = 10;
const BUSY_WAIT_MS = 20;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Bounds the disk `thread_bytes` (migration 20, sqlite-thread-bytes.ts) takes: a read keeps each
 * thread's bytes until a writer changes it, so without this the table grows to every public body
 * ever read. A pass deletes the rows kept longest ago until the rest take at most PRUNE_TO of the
 * budget. Deleting a kept row is always safe: the next read builds it again from its rows.
 *
 * Oldest first by rowid: saveThreadBytes inserts (ON CONFLICT DO NOTHING, never an update), and a
 * rowid table without AUTOINCREMENT gives a new row max(rowid)+1, so rowid order is the order of
 * keeps (first-in, first-out: a kept row is not touched by the reads it serves, which would cost a
 * write per read). A change deletes the row and the next keep inserts a new, highest one.
 *
 * Cheap size: a pass first adds the value lengths of rows kept since the last one (rowid above
 * the highest it saw; length() reads a blob's size from the record header, not its pages) to the
 * last exact total. Rows deleted since by writers or other processes are still counted, so the
 * estimate errs high (a new row that took the rowid of a deleted highest one is missed, but the
 * deleted one is still counted in its place), and a pass walks the rows only when it is over the budget: from the
 * newest, batch by batch, up to the budget's worth of rows, which gives the exact total and the
 * rowid below which to delete. Every statement is a bounded batch, with the event loop free
 * between them; deletes never wait on another connection's write lock (busy timeout 0 while they
 * run) but retry a few times after a short sleep, so several processes may prune the same file.
 *
 * `thread_gens` is not pruned: deleting a generation row resets the thread to 0, and a read that
 * saw 0 (a thread not written since migration 20) and built its bytes before a change would then
 * find 0 again and keep stale bytes (saveThreadBytes compares generations). It has one short row
 * per thread written, far smaller than the comments it counts.
 */
export class ThreadBytesPruner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PruneOutcome> | null = null;
  private stopped = false;
  /** the last total (exact, or estimated) and the highest rowid it counts */
  private estimate: { bytes: number; maxRowid: number } | null = null;

  constructor(
    private readonly db: () => Database.Database | null,
    private readonly budget: ThreadBytesBudget,
  ) {}

  /** Schedules the first pass and the periodic ones (unref'd timers: they never keep the process alive). */
  start(): void {
    const first = this.budget.firstAfterMs === undefined ? 30_000 : this.budget.firstAfterMs;
    if (first === null || this.stopped) return;
    const every = this.budget.everyMs ?? 5 * 60_000;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.prune()
          .catch(() => undefined) // a failed pass only means the next one has more to do
          .finally(() => !this.stopped && schedule(every));
      }, ms);
      this.timer.unref();
    };
    schedule(first);
  }

  /** One pass now; a call while one runs gets that pass. Rejects only on an error other than a busy lock (the database closed, I/O). */
  prune(): Promise<PruneOutcome> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** Stops the timers; a pass under way stops at its next batch. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private live(): Database.Database | null {
    const db = this.db();
    return !this.stopped && db?.open ? db : null;
  }

  private async pass(): Promise<PruneOutcome> {
    const out: PruneOutcome = { keptBytes: 0, exact: false, deletedRows: 0, busy: false, statements: 0, statementsMs: 0, longestBatchMs: 0 };
    const timed = <T>(run: () => T): T => {
      const start = performance.now();
      try {
        return run();
      } finally {
        const took = performance.now() - start;
        out.statements++;
        out.statementsMs += took;
        out.longestBatchMs = Math.max(out.longestBatchMs, took);
      }
    };
    const { budgetBytes } = this.budget;
    if (budgetBytes > 0 && this.estimate) {
      const grown = await this.addKeptSince(this.estimate.maxRowid, timed);
      if (grown === null) return out;
      this.estimate = { bytes: this.estimate.bytes + grown.bytes, maxRowid: Math.max(this.estimate.maxRowid, grown.maxRowid) };
      out.keptBytes = this.estimate.bytes;
      if (this.estimate.bytes <= budgetBytes) return out;
    }
    const walked = await this.walk(timed);
    if (walked === null) return out;
    out.exact = true;
    out.keptBytes = walked.total;
    this.estimate = { bytes: walked.total, maxRowid: walked.maxRowid };
    if (walked.deleteBelow === null) return out;
    const deleted = await this.deleteBelow(walked.deleteBelow, timed);
    out.deletedRows = deleted.rows;
    out.busy = deleted.busy;
    out.keptBytes = walked.keptAfter;
    // Deletes given up on a busy lock leave rows below the cut: count them all, so the next pass walks again.
    this.estimate = { bytes: deleted.busy ? walked.total : walked.keptAfter, maxRowid: walked.maxRowid };
    return out;
  }

  /** Value bytes and highest rowid of the rows above `from` (kept since the last pass), batch by batch; null once closed. */
  private async addKeptSince(from: number, timed: <T>(run: () => T) => T): Promise<{ bytes: number; maxRowid: number } | null> {
    let bytes = 0;
    let at = from;
    for (;;) {
      const db = this.live();
      if (!db) return null;
      const rows = timed(
        () =>
          db
            .prepare(`SELECT rowid, length(json) + length(tag) + length(thread_id) FROM thread_bytes WHERE rowid > ? ORDER BY rowid LIMIT ${WALK_ROWS}`)
            .raw(true)
            .all(at) as Array<[number, number]>,
      );
      for (const [, n] of rows) bytes += n;
      if (rows.length > 0) at = rows[rows.length - 1]![0];
      if (rows.length < WALK_ROWS) return { bytes, maxRowid: at };
      await yieldToLoop();
    }
  }

  /**
   * From the newest row down, batch by batch: the total of every row (when it stays within the
   * budget) or of those walked until it passed it, and the rowid below which rows must go for
   * the rest to take at most PRUNE_TO of the budget (null: within the budget). Null once closed.
   */
  private async walk(timed: <T>(run: () => T) => T) {
    const { budgetBytes } = this.budget;
    const target = Math.floor(budgetBytes * PRUNE_TO);
    let total = 0;
    let keptAfter = 0;
    let maxRowid = 0;
    let deleteBelow: number | null = budgetBytes === 0 ? Number.MAX_SAFE_INTEGER : null;
    let at = Number.MAX_SAFE_INTEGER;
    while (deleteBelow === null || total <= budgetBytes) {
      const db = this.live();
      if (!db) return null;
      const rows = timed(
        () =>
          db
            .prepare(`SELECT rowid, length(json) + length(tag) + length(thread_id) FROM thread_bytes WHERE rowid < ? ORDER BY rowid DESC LIMIT ${WALK_ROWS}`)
            .raw(true)
            .all(at) as Array<[number, number]>,
      );
      for (const [rowid, n] of rows) {
        maxRowid ||= rowid;
        total += n;
        if (deleteBelow === null && total > target) deleteBelow = rowid + 1;
        if (deleteBelow === null) keptAfter = total;
        at = rowid;
      }
      if (rows.length < WALK_ROWS) break;
      await yieldToLoop();
    }
    return { total, keptAfter, maxRowid, deleteBelow: total > budgetBytes ? deleteBelow : null };
  }

  /** Deletes the rows below `rowid`, oldest first, a batch at a time, without waiting on another connection's write lock. */
  private async deleteBelow(rowid: number, timed: <T>(run: () => T) => T): Promise<{ rows: number; busy: boolean }> {
    let rows = 0;
    let tries = 0;
    for (;;) {
      const db = this.live();
      if (!db) return { rows, busy: false };
      const n = timed(() => deleteBatchOrBusy(db, rowid));
      if (n === null) {
        if (++tries > BUSY_RETRIES) return { rows, busy: true };
        await sleep(BUSY_WAIT_MS);
        continue;
      }
      tries = 0;
      rows += n;
      if (n < DELETE_ROWS) return { rows, busy: false };
      await yieldToLoop();
    }
  }
}

/**
 * Deletes up to DELETE_ROWS of the oldest rows below `rowid` in a transaction of its own; null
 * when another connection holds the write lock. The busy timeout is 0 for this statement only
 * (restored before returning, so no other statement of the connection sees it): waiting would
 * hold the event loop, and the caller retries after a sleep instead.
 */
function deleteBatchOrBusy(db: Database.Database, rowid: number): number | null {
  const waited = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.prepare(`DELETE FROM thread_bytes WHERE rowid IN (SELECT rowid FROM thread_bytes WHERE rowid < ? ORDER BY rowid LIMIT ${DELETE_ROWS})`).run(rowid).changes;
  } catch (e) {
    if (isBusy(e)) return null;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${waited}`);
  }
}
