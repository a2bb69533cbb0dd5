import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Watches this process's event loop from now until `stop()`: the longest block (ms), read two
 * ways — a 1 ms timer's largest lateness, and `monitorEventLoopDelay`'s max at 5 ms resolution.
 * `stop()` lets the timers run once more first, so a block ending with the work is counted.
 */
export function watchEventLoop(): { stop: () => Promise<{ longestBlockMs: number; histogramMaxMs: number }> } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  histogram.enable();
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(timer);
      histogram.disable();
      return { longestBlockMs: Math.round(longest), histogramMaxMs: Math.round(histogram.max / 1e6) };
    },
  };
}
