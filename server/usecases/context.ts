import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EventBus } from '../events/bus.js';
import type { Limiters } from '../limits.js';
import type { Store } from '../store/port.js';

/** Everything a use case may touch, passed in; nothing global. */
export interface Deps {
  config: Config;
  store: Store;
  /** ms since the epoch; tests pass their own */
  clock: () => number;
  bus: EventBus;
  limiters: Limiters;
  logger: Logger;
  secret: string;
}
