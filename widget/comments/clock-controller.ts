import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { serverNow } from '../shared/server-clock.js';

/** While something shown is under a minute old, "how long ago" changes every 10 s; after that, once a minute is enough. */
const FAST_MS = 10_000;
const SLOW_MS = 60_000;

/**
 * Re-renders the host so "3 minutes ago" stays true while the page is open:
 * every 10 s while the newest comment shown is less than a minute old, every
 * minute otherwise. `now` is the server's time as estimated from its answers,
 * so a reader's wrong clock never makes a comment look posted in the future.
 * Calls `tick` for other slow chores (renewing the form token).
 */
export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  now = serverNow();

  constructor(
    private readonly host: ReactiveControllerHost,
    /** ms epoch of the newest time shown, or 0 */
    private readonly newest: () => number,
    private readonly tick: () => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** Call when something new is shown, so a fresh comment gets the fast pace at once. */
  refresh(): void {
    this.now = serverNow();
    clearTimeout(this.timer);
    this.schedule();
  }

  private schedule(): void {
    const young = serverNow() - this.newest() < 60_000;
    this.timer = setTimeout(() => {
      this.now = serverNow();
      this.host.requestUpdate();
      this.tick();
      this.schedule();
    }, young ? FAST_MS : SLOW_MS);
  }
}
