import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';

/** How often a process refreshes its presence file, ms. */
const TOUCH_MS = 5_000;
/** A presence file older than this is a process that ended without removing it (a crash, kill -9), ms. */
const FRESH_MS = 15_000;
/** othersPresent answers from a look this recent, ms (it is asked once per import chunk). */
const LOOK_MS = 1_000;

/**
 * Which processes have a SQLite file open, so a long writer can tell whether anyone may be
 * waiting for the write lock. Each store opened on a file (the server for its life, a CLI
 * command for its run) keeps a file named by a random id in `<db file>-live/`, refreshed
 * every TOUCH_MS and removed on close; one not refreshed for FRESH_MS counts as gone.
 *
 * Why (import, sqlite-import-write.ts): a chunked import pauses after each chunk so that a
 * writer of another process, polling in SQLite's busy handler, gets the lock. That pause is
 * about a third of an import's time, and is needed only when another process has the
 * file open: an import before the server is started, the common case, runs without it.
 * SQLite itself cannot say who else has a file open, so the processes say it here.
 */
export class Presence {
  private readonly dir: string;
  private readonly id = randomBytes(8).toString('hex');
  private timer: NodeJS.Timeout | null = null;
  private looked = { at: -Infinity, others: false };

  constructor(dbFile: string) {
    this.dir = `${dbFile}-live`;
  }

  /** Announces this process (idempotent). A directory that cannot be written leaves others to assume no one is here. */
  announce(): void {
    if (this.timer) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(this.file(), String(process.pid), { mode: 0o600 });
    } catch {
      return;
    }
    this.timer = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(this.file(), now, now);
      } catch {
        // removed by someone tidying the directory: write it again
        try {
          writeFileSync(this.file(), String(process.pid), { mode: 0o600 });
        } catch {
          // the data directory went away; nothing to announce into
        }
      }
    }, TOUCH_MS);
    this.timer.unref();
  }

  /** Stops announcing and removes this process's file. */
  withdraw(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    rmSync(this.file(), { force: true });
  }

  /**
   * Does another live process have the file open? Answered from a look at most LOOK_MS old.
   * Stale files (older than FRESH_MS) are ignored and removed. An unreadable directory counts
   * as someone present: pausing is the safe side.
   */
  othersPresent(now = Date.now()): boolean {
    if (now - this.looked.at < LOOK_MS) return this.looked.others;
    let others = false;
    try {
      for (const name of readdirSync(this.dir)) {
        if (name === this.id) continue;
        const path = `${this.dir}/${name}`;
        try {
          if (now - statSync(path).mtimeMs <= FRESH_MS) others = true;
          else rmSync(path, { force: true });
        } catch {
          // removed between the listing and the look
        }
      }
    } catch (e) {
      others = (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
    this.looked = { at: now, others };
    return others;
  }

  private file(): string {
    return `${this.dir}/${this.id}`;
  }
}
