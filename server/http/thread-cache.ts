import type { EventBus } from '../events/bus.js';

/**
 * A short-lived cache of public thread pages: a popular article is read far more
 * often than it changes. Entries for a page are dropped as soon as a comment of
 * that page changes in this process; changes made by another process show up
 * within `ttlMs` (readers get them live over the socket anyway).
 */
export class ThreadCache {
  private readonly entries = new Map<string, { expires: number; body: string }>();

  constructor(
    bus: EventBus,
    private readonly clock: () => number,
    private readonly ttlMs = 1000,
    private readonly maxEntries = 2000,
  ) {
    const drop = (c: { site: string; page: string }) => this.dropPage(c.site, c.page);
    bus.subscribe('comment:created', drop);
    bus.subscribe('comment:status-changed', drop);
    bus.subscribe('page:updated', drop);
    bus.subscribe('site:imported', ({ site, pages }) => pages.forEach((page) => this.dropPage(site, page)));
  }

  static key(site: string, page: string, rest: string): string {
    return `${site}\u0000${page}\u0000${rest}`;
  }

  get(key: string): string | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expires <= this.clock()) {
      this.entries.delete(key);
      return null;
    }
    return e.body;
  }

  set(key: string, body: string): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { expires: this.clock() + this.ttlMs, body });
  }

  private dropPage(site: string, page: string): void {
    const prefix = `${site}\u0000${page}\u0000`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
