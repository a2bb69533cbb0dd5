/**
 * Coalesces moderators' `counts` events per site: however many comments arrive
 * or change, each site's counts are read (from the store's counters) and sent
 * at most once per `intervalMs`, shortly after the first change of a burst,
 * and always once more after the last one, so the final numbers are never lost.
 */
export class CountsCoalescer {
  private readonly due = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly send: (site: string) => Promise<void>,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** Something on `site` changed: its counts go out within `intervalMs`. */
  touch(site: string): void {
    if (this.due.has(site)) return; // already scheduled; that send will read the latest counters
    const wait = Math.max(0, (this.lastSent.get(site) ?? -Infinity) + this.intervalMs - this.now());
    const timer = setTimeout(() => {
      this.due.delete(site);
      this.lastSent.set(site, this.now());
      void this.send(site);
    }, wait);
    timer.unref();
    this.due.set(site, timer);
  }

  close(): void {
    for (const t of this.due.values()) clearTimeout(t);
    this.due.clear();
  }
}
