import { LRUCache } from 'lru-cache';
import type { Site } from '../domain/types.js';
import type { Store } from '../store/port.js';
import type { InvalidationChannel } from './invalidation.js';

/** Sites kept in memory; unknown ids are remembered too, so probing random ids costs no query. */
const MAX_SITES = 1000;

/**
 * A store whose `getSite` and `listSites` answer from memory for up to `ttlMs`
 * (SITE_CACHE_MS: the backstop for changes nobody announced, such as the CLI without
 * REDIS_URL; 0 turns the cache off). Every store method that
 * changes a site (`ensureSite`, `setSite…`, and any later `…Site…` writer) drops the
 * cache here and, through the channel, in every other process. Everything else goes
 * straight to the wrapped store.
 */
export function withSiteCache(store: Store, channel: InvalidationChannel, ttlMs: number): Store & { dispose(): void } {
  const sites = new LRUCache<string, { site: Site | null }>({
    max: MAX_SITES,
    ttl: Math.max(ttlMs, 1),
    fetchMethod: async (id) => ({ site: await store.getSite(id) }),
  });
  const lists = new LRUCache<'all', Site[]>({ max: 1, ttl: Math.max(ttlMs, 1), fetchMethod: () => store.listSites() });
  const clear = () => {
    sites.clear();
    lists.clear();
  };
  const unsubscribe = channel.subscribe((msg) => {
    if (msg.kind === 'sites') clear();
  });
  const writesSites = (name: string) => /site/i.test(name) && !/^(get|list|count|find)/.test(name);

  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getSite' && ttlMs > 0) return async (id: string) => (await sites.fetch(id))?.site ?? null;
      if (prop === 'listSites' && ttlMs > 0) return async () => (await lists.fetch('all')) ?? [];
      if (prop === 'dispose') return unsubscribe;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && writesSites(prop)) {
        return async (...args: unknown[]) => {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            clear();
            channel.publish({ kind: 'sites' });
          }
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  }) as Store & { dispose(): void };
}
