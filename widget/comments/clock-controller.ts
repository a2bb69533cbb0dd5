import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders the host once a minute so "3 minutes ago" stays true while the
 * page is open, and calls `tick` for other slow chores (renewing the form token).
 */
export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;
  now = Date.now();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly tick: () => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
      this.tick();
    }, 60_000);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
