import { LRUCache } from 'lru-cache';
import type { InvalidationChannel } from './invalidation.js';

/** Distinct Origin headers remembered (clients choose them, so the table is bounded). */
const MAX_ORIGINS = 2000;

/**
 * The CORS decision per (host, origin): "does some site allow this origin?" is asked on
 * every public request and changes only when a site does. Dropped on any site change,
 * in every process (the invalidation channel), and after `ttlMs` (SITE_CACHE_MS) at most.
 */
export function corsDecisionCache(channel: InvalidationChannel, ttlMs: number, decide: (origin: string, host: string) => Promise<boolean>) {
  if (ttlMs <= 0) return decide;
  const lru = new LRUCache<string, { ok: boolean }, { origin: string; host: string }>({
    max: MAX_ORIGINS,
    ttl: ttlMs,
    fetchMethod: async (_key, _stale, { context }) => ({ ok: await decide(context.origin, context.host) }),
  });
  channel.subscribe((msg) => {
    if (msg.kind === 'sites') lru.clear();
  });
  return async (origin: string, host: string): Promise<boolean> =>
    Boolean((await lru.fetch(`${host}\u0000${origin}`, { context: { origin, host } }))?.ok);
}
