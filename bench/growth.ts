/**
 * The growth table: GET of a page of threads (thread cache on, and off with
 * THREAD_CACHE_MB=0) and held POST, on pages of 10 … 5,000 comments, in a small
 * store and in a big one, each store seeded in bulk (seed.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, type LoadResult } from './http.js';
import { login, setSettings, startServer } from './proc.js';
import { growthPlan, seedStore, type SeedResult } from './seed.js';

export interface GrowthRow {
  store: number;
  pageComments: number;
  getCached: LoadResult;
  getUncached: LoadResult;
  postHeld: LoadResult;
}

export interface GrowthResult {
  seeds: SeedResult[];
  rows: GrowthRow[];
}

export async function measureGrowth(o: { stores: Array<{ comments: number; pages: number }>; sizes: number[]; seconds: number; connections: number }): Promise<GrowthResult> {
  const seeds: SeedResult[] = [];
  const rows: GrowthRow[] = [];
  for (const [si, s] of o.stores.entries()) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-growth-'));
    try {
      const seeded = await seedStore(dataDir, growthPlan(o.sizes, s.comments, s.pages));
      seeds.push(seeded);
      console.log(`  seeded ${seeded.comments.toLocaleString('en')} comments on ${seeded.pages.toLocaleString('en')} pages in ${seeded.seconds} s`, seeded.phases);
      const cached = await startServer(dataDir);
      const uncached = await startServer(dataDir, { THREAD_CACHE_MB: '0' });
      try {
        const gets = new Map<number, [LoadResult, LoadResult]>();
        for (const n of o.sizes) {
          const url = (base: string) => `${base}/api/comments?site=bench&page=${encodeURIComponent(`/grow/${n}`)}`;
          const c = await load({ url: url(cached.url), seconds: o.seconds, connections: o.connections });
          const u = await load({ url: url(uncached.url), seconds: o.seconds, connections: o.connections });
          gets.set(n, [c, u]);
        }
        await uncached.stop();
        // Held POSTs: every comment waits for a moderator (holdAll), as on a moderated site.
        const cookie = await login(cached.url);
        await setSettings(cached.url, cookie, { holdAll: true, floodSeconds: 0, previouslyApproved: false });
        for (const [i, n] of o.sizes.entries()) {
          const post = await load({ url: `${cached.url}/api/comments`, seconds: o.seconds, connections: o.connections, post: { site: 'bench', page: `/grow/${n}`, tag: si * 16 + i } });
          const [getCached, getUncached] = gets.get(n)!;
          rows.push({ store: seeded.comments, pageComments: n, getCached, getUncached, postHeld: post });
          console.log(`  store ${seeded.comments} page ${n}: GET ${getCached.reqPerSec}/s, uncached ${getUncached.reqPerSec}/s, held POST ${post.reqPerSec}/s p99 ${post.p99ms} ms`);
        }
      } finally {
        await uncached.stop();
        await cached.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { seeds, rows };
}
