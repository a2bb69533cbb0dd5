/**
 * Memory per idle reader socket: the server's RSS (from /proc) and V8 heap (from
 * its own /metrics) before and after N reader sockets connect and join a page,
 * the sockets opened by a separate client process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssOf, runWorker, sleep, startServer } from './proc.js';
import { seedStore } from './seed.js';

const TOKEN = 'bench-metrics-token-0123456789';

export interface SocketMemory {
  sockets: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  /** RSS delta / sockets (issue 10 target ≤ 15 KB) */
  rssPerSocketKB: number;
  heapPerSocketKB: number;
}

async function heapUsed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const m = /^majlis_nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

export async function measureSocketMemory(o: { sockets: number; pages: number }): Promise<SocketMemory> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-idle-'));
  await seedStore(dataDir, { pages: [{ page: '/idle/0', comments: 10 }] });
  const server = await startServer(dataDir, { METRICS_TOKEN: TOKEN });
  try {
    // Warm up: one socket and a few requests, so lazily loaded code is not counted per socket.
    await heapUsed(server.url);
    await sleep(1500);
    const rss0 = rssOf(server.pid);
    const heap0 = await heapUsed(server.url);
    let ready = -1;
    const w = runWorker<boolean>('idle-clients.ts', { start: { url: server.url, count: o.sockets, pages: o.pages } }, (m) => {
      if (typeof m.ready === 'number') ready = m.ready;
    });
    while (ready < 0) await Promise.race([sleep(100), w.result]);
    await sleep(3000);
    const rss1 = rssOf(server.pid);
    const heap1 = await heapUsed(server.url);
    w.child.send({ close: true });
    await w.result;
    const mb = (b: number) => +(b / 1048576).toFixed(1);
    return {
      sockets: ready,
      rssBeforeMB: mb(rss0),
      rssAfterMB: mb(rss1),
      heapBeforeMB: mb(heap0),
      heapAfterMB: mb(heap1),
      rssPerSocketKB: +((rss1 - rss0) / ready / 1024).toFixed(1),
      heapPerSocketKB: +((heap1 - heap0) / ready / 1024).toFixed(1),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
