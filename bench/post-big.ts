/**
 * `npx tsx bench/post-big.ts [comments] [seconds] [page,page…]`: held POST on a freshly bulk-seeded store
 * (default 1,000,000 comments), the growth table's POST row alone, for checking that a seeded
 * store takes writes as a grown one does (run `npm run build` first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, stopLoad } from './http.js';
import { login, setSettings, startServer } from './proc.js';
import { growthPlan, seedStore } from './seed.js';

const comments = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 5);
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-postbig-'));
try {
  const seeded = await seedStore(dataDir, growthPlan([10, 100, 1000, 5000], comments, Math.max(5, comments / 100)));
  console.log(`seeded ${comments} in ${seeded.seconds} s`, seeded.phases);
  const server = await startServer(dataDir);
  try {
    await setSettings(server.url, await login(server.url), { holdAll: true, floodSeconds: 0, previouslyApproved: false });
    for (const [i, page] of (process.argv[4] ?? '/grow/100,/grow/5000').split(',').entries()) {
      const r = await load({ url: `${server.url}/api/comments`, seconds, connections: 50, post: { site: 'bench', page, tag: 40 + i } });
      console.log(page, r);
    }
  } finally {
    await server.stop();
  }
} finally {
  stopLoad();
  rmSync(dataDir, { recursive: true, force: true });
}
