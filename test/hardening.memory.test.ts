import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoundedRateLimiterMemory } from '../server/cache/bounded-limiter.js';
import { localInvalidation } from '../server/cache/invalidation.js';
import { ThreadCache } from '../server/cache/thread-cache.js';
import { EventBus } from '../server/events/bus.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, request } from './helpers/http.js';

const METRICS_TOKEN = 'memory-test-token-0123456789';
const cursorOf = (createdAt: number, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

describe('the thread cache is bounded in bytes', () => {
  it('when 3,000 distinct keys are filled with 5 KB pages, then it never holds more than its byte budget', async () => {
    const budget = 200_000;
    const cache = new ThreadCache(new EventBus(), localInvalidation(), { ttlMs: 60_000, maxBytes: budget });
    let maxSeen = 0;
    for (let i = 0; i < 3000; i++) {
      // Random text does not compress, so each entry really costs its size three times over.
      const page = await cache.get(ThreadCache.key('s', '/p', `cursor-${i}`), async () => JSON.stringify({ comments: [randomBytes(2500).toString('hex')] }));
      expect(page.identity.length).toBeGreaterThan(5000);
      maxSeen = Math.max(maxSeen, cache.sizeBytes);
    }
    expect(maxSeen).toBeLessThanOrEqual(budget);
    expect(cache.entries).toBeGreaterThan(0);
    expect(cache.entries).toBeLessThan(3000 * 5000 / budget);
  });

  describe('over HTTP', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp({ env: { THREAD_CACHE_MB: '1', THREAD_CACHE_MS: '600000', METRICS_TOKEN } });
      const cookie = await login(app);
      // A thread of long comments, approved at once (posted by a moderator).
      for (let i = 0; i < 30; i++) {
        const res = await request(app, 'POST', '/api/comments', { cookie, headers: { origin: app.url }, body: { site: 'test', page: '/long', name: 'مشرف', email: 'admin@example.com', content: `${i} ${randomBytes(1800).toString('base64')}` } });
        expect(res.status).toBe(201);
      }
    });
    afterAll(() => app.close());

    it('when 2,000 distinct cursors are requested on a thread of long comments, then the cache stays within THREAD_CACHE_MB', async () => {
      let bytesServed = 0;
      for (let i = 0; i < 2000; i++) {
        const res = await fetch(`${app.url}/api/comments?site=test&page=/long&cursor=${cursorOf(i, 'a')}`, { headers: { 'accept-encoding': 'identity' } });
        expect(res.status).toBe(200);
        bytesServed += (await res.arrayBuffer()).byteLength;
      }
      expect(bytesServed).toBeGreaterThan(50 * 1024 * 1024); // 50× the budget went through the cache
      const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const bytes = Number(/^majlis_thread_cache_bytes (\d+)/m.exec(metrics)?.[1]);
      const entries = Number(/^majlis_thread_cache_entries (\d+)/m.exec(metrics)?.[1]);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(entries).toBeGreaterThan(0);
      expect(entries).toBeLessThan(100);
    }, 120_000);
  });
});

describe('in-memory rate-limit tables are bounded in entries', () => {
  it('when 20,000 distinct keys are counted, then at most maxKeys are remembered and a busy key is still limited', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 3, duration: 3600, maxKeys: 1000 });
    for (let i = 0; i < 20_000; i++) {
      await limiter.consume(`key-${i}`);
      if (i % 100 === 0) await limiter.consume('busy').catch(() => undefined); // recently used: never evicted
    }
    expect(limiter.keyCount).toBeLessThanOrEqual(1000);
    await expect(limiter.consume('busy')).rejects.toMatchObject({ remainingPoints: 0 });
  });

  it('when keys expire, then they are forgotten on their own', async () => {
    const limiter = new BoundedRateLimiterMemory({ points: 1, duration: 1, maxKeys: 10 });
    await limiter.consume('a');
    await expect(limiter.consume('a')).rejects.toBeTruthy();
    await new Promise((r) => setTimeout(r, 1100));
    expect(limiter.keyCount).toBe(0);
    await expect(limiter.consume('a')).resolves.toBeTruthy();
  });
});

describe('reader sockets follow a bounded number of pages', () => {
  let app: TestApp;
  let s: Socket;
  beforeAll(async () => {
    app = await startApp();
    s = connect(app.url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  });
  afterAll(async () => {
    s.disconnect();
    await app.close();
  });

  it('when one socket joins 1,000 distinct pages, then it is refused after the limit and keeps its first pages', async () => {
    const acks: Array<{ ok: boolean; error?: string }> = [];
    for (let i = 0; i < 1000; i++) acks.push((await s.timeout(10_000).emitWithAck('join', { site: 'test', page: `/p/${i}` })) as { ok: boolean });
    const joined = acks.filter((a) => a.ok).length;
    expect(joined).toBeGreaterThan(5);
    expect(joined).toBeLessThan(50);
    expect(acks.at(-1)).toEqual({ ok: false, error: 'rate_limited' });
    expect(acks[0]).toEqual({ ok: true });
  });

  it('when a socket sends 500 joins at once, then no more pages are joined than one by one (the check is not raced)', async () => {
    const fresh = connect(app.url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => fresh.once('connect', () => resolve()));
    const acks = (await Promise.all(Array.from({ length: 500 }, (_, i) => fresh.timeout(10_000).emitWithAck('join', { site: 'test', page: `/burst/${i}` })))) as Array<{ ok: boolean }>;
    fresh.disconnect();
    // The same bound as joins sent one at a time (19 pages: 20 rooms, the socket's own included).
    expect(acks.filter((a) => a.ok).length).toBe(19);
  });
});
