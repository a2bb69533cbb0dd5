import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What another process must forget: every site (settings or origins changed), or one thread's cached pages. */
export type Invalidation = { kind: 'sites' } | { kind: 'page'; site: string; page: string };

/**
 * Tells every process's in-memory caches that something changed. In one process it is
 * an event emitter; with REDIS_URL it also goes through Redis pub/sub, so a settings
 * change made on one process (or by the CLI) is seen by all of them at once.
 */
export interface InvalidationChannel {
  publish(msg: Invalidation): void;
  subscribe(handler: (msg: Invalidation) => void): () => void;
  close(): Promise<void>;
}

export function localInvalidation(): InvalidationChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (msg) => emitter.emit('msg', msg),
    subscribe(handler) {
      emitter.on('msg', handler);
      return () => emitter.off('msg', handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const isInvalidation = (v: unknown): v is Invalidation => {
  const m = v as Record<string, unknown> | null;
  return !!m && (m.kind === 'sites' || (m.kind === 'page' && typeof m.site === 'string' && typeof m.page === 'string'));
};

/**
 * `pub` may be any connected client; `sub` becomes a subscriber connection (it must not
 * be used for commands afterwards). The channel is `${prefix}:invalidate`.
 */
export async function redisInvalidation(pub: Redis, sub: Redis, prefix: string, logger: Logger): Promise<InvalidationChannel> {
  const local = localInvalidation();
  const channel = `${prefix}:invalidate`;
  const me = randomUUID();
  sub.on('message', (ch: string, raw: string) => {
    if (ch !== channel) return;
    try {
      const { from, msg } = JSON.parse(raw) as { from?: string; msg?: unknown };
      if (from !== me && isInvalidation(msg)) local.publish(msg);
    } catch {
      logger.warn('ignored a malformed cache invalidation message');
    }
  });
  await sub.subscribe(channel);
  return {
    publish(msg) {
      local.publish(msg);
      pub.publish(channel, JSON.stringify({ from: me, msg })).catch((err: Error) => logger.warn({ err: err.message }, 'cache invalidation not published'));
    },
    subscribe: local.subscribe,
    close: local.close,
  };
}

/** For one-shot tools (the CLI): tells running servers about one or more changes through Redis, then disconnects. */
export async function publishInvalidation(redisUrl: string, prefix: string, msgs: Invalidation | Invalidation[]): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const pipeline = client.pipeline();
    for (const msg of Array.isArray(msgs) ? msgs : [msgs]) pipeline.publish(`${prefix}:invalidate`, JSON.stringify({ from: 'cli', msg }));
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err)?.[0];
    if (failed) throw failed;
  } finally {
    client.disconnect();
  }
}
