import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { serverNow } from '../shared/server-clock.js';
import type { Api } from './api.js';
import { appendPage, mergeFetched, pruneDecided, upsert, withNotice, type Row } from './queue-model.js';
import { isNewer } from './reader-signals/freshness.js';
import type { CommentStatus, ModeratorComment, StatusCounts } from './types.js';

interface ListResponse {
  comments: ModeratorComment[];
  nextCursor: string | null;
  counts: StatusCounts;
}

const DECIDED_KEEP_MS = 10 * 60_000;
const TICK_MS = 30_000;

/**
 * The list for one site and one status tab: fetching, paging, applying live
 * events and acks, and the counts. A re-fetch (every reconnect) replaces the
 * list but keeps what arrived live while it was in flight, so nothing is lost
 * or shown twice. Also ticks `now` for relative times.
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
  private inFlight: Map<string, ModeratorComment> | null = null;
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
    if (siteChanged) this.setCounts(null);
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.site) return;
    const gen = ++this.generation;
    const live = new Map<string, ModeratorComment>();
    this.inFlight = live;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const res = await this.api().get<ListResponse>(this.listUrl());
      if (gen !== this.generation) return;
      this.rows = mergeFetched(res.comments, live.values(), this.tab);
      this.nextCursor = res.nextCursor;
      this.setCounts(res.counts);
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      if (gen === this.generation) {
        this.loading = false;
        this.inFlight = null;
        this.now = serverNow();
        this.host.requestUpdate();
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    const gen = this.generation;
    this.loadingMore = true;
    this.host.requestUpdate();
    try {
      const res = await this.api().get<ListResponse>(`${this.listUrl()}&cursor=${encodeURIComponent(this.nextCursor)}`);
      if (gen !== this.generation) return;
      this.rows = appendPage(this.rows, res.comments, this.tab);
      this.nextCursor = res.nextCursor;
      this.setCounts(res.counts);
    } catch (e) {
      if (gen === this.generation) this.error = (e as Error).message;
    } finally {
      this.loadingMore = false;
      this.host.requestUpdate();
    }
  }

  /** A comment from the socket or an ack. `isNew` for comment:new (it slides in; a pending one is announced). */
  apply(c: ModeratorComment, isNew = false): void {
    if (c.site !== this.site) return;
    if (this.inFlight) {
      const known = this.inFlight.get(c.id);
      if (!known || isNewer(c, known)) this.inFlight.set(c.id, c);
    }
    const before = this.rows;
    // Announced from any tab: a moderator reading the approved list still hears the queue grow.
    if (isNew && c.status === 'pending' && !before.some((r) => r.c.id === c.id)) this.events.arrived(c);
    this.rows = upsert(before, c, this.tab, Date.now(), isNew);
    if (this.rows !== before) this.host.requestUpdate();
  }

  applyCounts(c: StatusCounts & { site: string }): void {
    if (c.site !== this.site) return;
    const { site: _site, ...counts } = c;
    this.setCounts(counts);
  }

  notice(id: string, text: string | null): void {
    this.rows = withNotice(this.rows, id, text);
    this.host.requestUpdate();
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
