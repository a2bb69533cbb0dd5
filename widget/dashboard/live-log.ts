import { isNewer } from './reader-signals/freshness.js';
import type { ModeratorComment } from './types.js';

/**
 * What arrived live while one request was on its way: the newest version of each
 * comment seen (events and acks) and the ids deleted for good. The answer was read
 * by the server at some moment during the flight, so any of these may be newer than
 * it; the view merges them instead of letting the older answer win ("the live view
 * equals a reload").
 */
export class LiveLog {
  readonly comments = new Map<string, ModeratorComment>();
  readonly deleted = new Set<string>();

  note(c: ModeratorComment): void {
    const known = this.comments.get(c.id);
    if (!known || isNewer(c, known)) this.comments.set(c.id, c);
  }

  /**
   * The fetched comment, or the newer version that arrived live while the request was
   * on its way; null when it was deleted for good meanwhile.
   */
  fresher(fetched: ModeratorComment): ModeratorComment | null {
    if (this.deleted.has(fetched.id)) return null;
    const live = this.comments.get(fetched.id);
    return live && isNewer(live, fetched) ? live : fetched;
  }
}

/** The logs of every request of one view on its way at once (a reload and a «more», say). */
export class LiveLogs {
  private readonly open = new Set<LiveLog>();

  /** A log for a request about to be sent; `stop` it when the answer is in (or failed). */
  start(): LiveLog {
    const log = new LiveLog();
    this.open.add(log);
    return log;
  }

  stop(log: LiveLog): void {
    this.open.delete(log);
  }

  note(c: ModeratorComment): void {
    for (const log of this.open) log.note(c);
  }

  gone(ids: readonly string[]): void {
    for (const log of this.open) for (const id of ids) log.deleted.add(id);
  }
}
