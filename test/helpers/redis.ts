import { Redis } from 'ioredis';

/** Fails with the command that starts Redis when it is not reachable at `url` (tests never skip for want of it). */
export async function requireRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((e: Error) => {
    throw new Error(`Redis is not reachable at ${url} (${e.message}); start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`);
  });
  await redis.quit();
}
