import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, stopLoad } from './http.js';
import { startServer } from './proc.js';
import { seedStore } from './seed.js';
const dataDir = mkdtempSync(path.join(tmpdir(), 'tmp-get-'));
await seedStore(dataDir, { pages: [{ page: '/p100', comments: 100 }, { page: '/p5000', comments: 5000 }, { page: '/p10', comments: 10 }] });
const server = await startServer(dataDir, { THREAD_CACHE_MB: '0' });
for (const p of ['/p10', '/p100', '/p5000']) {
  const url = `${server.url}/api/comments?site=bench&page=${encodeURIComponent(p)}`;
  const res = await fetch(url); const body = await res.arrayBuffer(); console.log(p, res.status, body.byteLength, res.headers.get('etag'));
  await load({ url, seconds: 2, connections: 50 });
  const r = await load({ url, seconds: 8, connections: 50 });
  console.log(p, r.reqPerSec, 'req/s p99', r.p99ms);
}
stopLoad(); await server.stop(); rmSync(dataDir, { recursive: true, force: true });
