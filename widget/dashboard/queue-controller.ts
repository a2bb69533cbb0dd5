import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { serverNow } from '../shared/server-clock.js';
import type { Api } from './api.js';
import { LiveLogs } from './live-log.js';
import { appendPage, mergeFetched, pruneDecided, upsert, withNotice, withoutDeleted, type Row } from './queue-model.js';
import type { CommentStatus, ModeratorComment, StatusCounts } from './types.js';

interface ListResponse {
  comments: ModeratorComment[];
  nextCursor: string | null;
  counts: StatusCounts;
  /** the store's counts version when `counts` was read (the scale of the `counts` event's `version`) */
  countsVersion: number;
}

const DECIDED_KEEP_MS = 10 * 60_000;
const TICK_MS = 30_000;

/**
 * The list for one site and one status tab: fetching, paging, applying live
 * events and acks, and the counts. A re-fetch (every reconnect) replaces the
 * list and a «more» extends it, each keeping what arrived live while it was in
 * flight (newer versions, deletions), so nothing is lost, shown twice or put
 * back older. Counts come with the store's version, over HTTP and the socket
 * alike, and only newer ones replace what is shown: an answer read before a
 * change never overwrites the live counts sent after it, nor does a late
 * `counts` event of another process. Also ticks `now` for relative times.
 */
export class QueueController implements ReactiveController {
  rows: Row[] = [];
  counts: StatusCounts | null = null;
  nextCursor: string | null = null;
  loading = false;
  loadingMore = false;
  error: string | null = null;
  now = serverNow();
  site = '';
  tab: CommentStatus = 'pending';

  private generation = 0;
  /** the version of `counts`; -Infinity when any counts will do (none yet, another site, a reconnect) */
  private countsVersion = -Infinity;
  private readonly inFlight = new LiveLogs();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: () => Api,
    private readonly events: { counts(c: StatusCounts): void; arrived(c: ModeratorComment): void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => {
      this.now = serverNow();
      this.rows = pruneDecided(this.rows, this.now, DECIDED_KEEP_MS);
      this.host.requestUpdate();
    }, TICK_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }

  /** Shows another site or tab (no-op when unchanged). */
  show(site: string, tab: CommentStatus): void {
    if (site === this.site && tab === this.tab) return;
    const siteChanged = site !== this.site;
    this.site = site;
    this.tab = tab;
    this.rows = [];
    this.nextCursor = null;
    if (siteChanged) {
      this.countsVersion = -Infinity;
      this.setCounts(null);
    }
    void this.reload();
  }

  /**
   * Fetches the tab's list (and counts) again. `resync` after a (re)connect: the
   * server may be another process or storage, so the counts version starts over
   * from what arrives now (the answer, or live counts sent after the socket joined).
   */
  async reload(resync = false): Promise<void> {
    if (!this.site) return;
    const gen = ++this.generation;
    if (resync) this.countsVersion = -Infinity;
    const live = this.inFlight.start();
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const res = await this.api().get<ListResponse>(this.listUrl());
      if (gen !== this.generation) return;
      this.rows = mergeFetched(res.comments, live, this.tab);
      this.nextCursor = res.nextCursor;
      this.offerCounts(res.counts, res.countsVersion);
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      this.inFlight.stop(live);
      if (gen === this.generation) {
        this.loading = false;
        this.now = serverNow();
        this.host.requestUpdate();
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    const gen = this.generation;
    const live = this.inFlight.start();
    this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const res = await this.api().get<ListResponse>(`${this.listUrl()}&cursor=${encodeURIComponent(this.nextCursor)}`);
      if (gen !== this.generation) return;
      this.rows = appendPage(this.rows, res.comments, this.tab, live);
      this.nextCursor = res.nextCursor;
      this.offerCounts(res.counts, res.countsVersion);
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      this.inFlight.stop(live);
      this.loadingMore = false;
      this.host.requestUpdate();
    }
  }

  /** A comment from the socket or an ack. `isNew` for comment:new (it slides in; a pending one is announced). */
  apply(c: ModeratorComment, isNew = false): void {
    if (c.site !== this.site) return;
    this.inFlight.note(c);
    const before = this.rows;
    // Announced from any tab: a moderator reading the approved list still hears the queue grow.
    if (isNew && c.status === 'pending' && !before.some((r) => r.c.id === c.id)) this.events.arrived(c);
    this.rows = upsert(before, c, this.tab, Date.now(), isNew);
    if (this.rows !== before) this.host.requestUpdate();
  }

  /** A live `counts` event: shown unless older than the counts already shown. */
  applyCounts(c: StatusCounts & { site: string; version: number }): void {
    if (c.site !== this.site) return;
    const { site: _site, version, ...counts } = c;
    this.offerCounts(counts, version);
  }

  /** Comments deleted for good (from a bin, by anyone): they leave the list, and an answer on its way cannot bring them back. */
  removeDeleted(site: string, ids: readonly string[]): void {
    if (site !== this.site) return;
    this.inFlight.gone(ids);
    const before = this.rows;
    this.rows = withoutDeleted(before, ids);
    if (this.rows !== before) this.host.requestUpdate();
  }

  notice(id: string, text: string | null): void {
    this.rows = withNotice(this.rows, id, text);
    this.host.requestUpdate();
  }

  /** Counts read at `version`: shown when at least as new as those shown (one version, one set of counts; see the store's countsSnapshot). */
  private offerCounts(c: StatusCounts, version: number) {
    if (version < this.countsVersion) return;
    this.countsVersion = version;
    this.setCounts(c);
  }

  private setCounts(c: StatusCounts | null) {
    this.counts = c;
    if (c) this.events.counts(c);
    this.host.requestUpdate();
  }

  private listUrl(): string {
    return `/api/moderation/comments?site=${encodeURIComponent(this.site)}&status=${this.tab}`;
  }
}
