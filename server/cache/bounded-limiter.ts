import { LRUCache } from 'lru-cache';
import { RateLimiterMemory } from 'rate-limiter-flexible';

type MemoryOptions = NonNullable<ConstructorParameters<typeof RateLimiterMemory>[0]>;

/** Keys one in-memory limiter remembers at most (about 150 bytes each). */
export const DEFAULT_MAX_KEYS = 50_000;

interface LimiterRecord {
  timeoutId?: NodeJS.Timeout | null;
}

/**
 * rate-limiter-flexible's in-memory limiter with a bounded key table. Its own table is
 * a Map that grows with every distinct key (client addresses, emails typed into the
 * login form) until each key's window ends; here it is an LRU of at most `maxKeys`
 * records, so a flood of distinct keys evicts the least recently used ones instead of
 * growing the heap. The trade-off: an evicted key starts over, so `maxKeys` is set well
 * above the number of clients one process sees in a window.
 */
export class BoundedRateLimiterMemory extends RateLimiterMemory {
  constructor(opts: MemoryOptions & { maxKeys?: number }) {
    const { maxKeys = DEFAULT_MAX_KEYS, ...rest } = opts;
    super(rest);
    const storage = (this as unknown as { _memoryStorage: { _storage: unknown } })._memoryStorage;
    if (!storage || !(storage._storage instanceof Map)) throw new Error('rate-limiter-flexible changed its memory storage; update BoundedRateLimiterMemory');
    storage._storage = new LRUCache<string, LimiterRecord>({
      max: maxKeys,
      // Each record carries its own expiry timer; an evicted record's timer must go with it.
      dispose: (rec) => {
        if (rec.timeoutId) clearTimeout(rec.timeoutId);
      },
    });
  }

  /** How many keys are remembered now. */
  get keyCount(): number {
    return ((this as unknown as { _memoryStorage: { _storage: LRUCache<string, LimiterRecord> } })._memoryStorage._storage).size;
  }
}
