/**
 * The fan-out run: moderator and reader sockets in one process, a poster at a
 * fixed rate in another, the server in a third. Reports events delivered out of
 * expected, POST latency, and 201 → `comment:new` (moderators) / `comment:approved`
 * (readers) latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cpuMsOf, login, runWorker, setSettings, sleep, startServer } from './proc.js';
import { seedStore } from './seed.js';

export interface FanoutResult {
  /** held: every post waits for moderation (moderators get `comment:new`, readers nothing); else approved, readers of the page get `comment:approved` too */
  held: boolean;
  moderators: number;
  readers: number;
  ratePerSec: number;
  seconds: number;
  offeredPerSec: number;
  achievedPerSec: number;
  posts201: number;
  failed: number;
  statuses: Record<string, number>;
  expected: number;
  delivered: number;
  post: { p50ms: number; p99ms: number; maxms: number };
  /** 201 → `comment:new` at moderators */
  commentNew: { p50ms: number; p99ms: number; maxms: number };
  /** 201 → `comment:approved` at readers of the page */
  readerApproved: { p50ms: number; p99ms: number; maxms: number };
  /** the server's CPU time (user + system) while the poster ran, per 201, ms: the figure a busy machine distorts least */
  serverCpuMsPerPost: number;
}

export async function measureFanout(o: { held: boolean; moderators: number; readers: number; ratePerSec: number; seconds: number; pages: number }): Promise<FanoutResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-fanout-'));
  const pages = Array.from({ length: o.pages }, (_, i) => `/live/${i}`);
  await seedStore(dataDir, { pages: pages.map((page) => ({ page, comments: 20 })) });
  const server = await startServer(dataDir);
  try {
    const cookie = await login(server.url);
    await setSettings(server.url, cookie, { holdAll: o.held, floodSeconds: 0, previouslyApproved: false });
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const clients = runWorker<{ expected: number; delivered: number; commentNew: FanoutResult['commentNew']; readerApproved: FanoutResult['readerApproved'] }>('fanout-clients.ts', { start: { url: server.url, cookie, moderators: o.moderators, readers: o.readers, pages } }, (m) => {
      if (m.ready) ready();
    });
    await Promise.race([isReady, clients.result]);
    await sleep(1000);
    const cpuBefore = cpuMsOf(server.pid);
    const posted = await runWorker<{ created: Record<string, [number, string]>; sent: number; failed: number; statuses: Record<string, number>; offeredPerSec: number; achievedPerSec: number; post: FanoutResult['post'] }>('post-worker.ts', {
      url: server.url,
      ratePerSec: o.ratePerSec,
      seconds: o.seconds,
      pages,
    }).result;
    const cpuUsed = cpuMsOf(server.pid) - cpuBefore;
    await sleep(3000); // stragglers
    const readersOn = (page: string) => {
      const i = pages.indexOf(page);
      return Math.floor(o.readers / o.pages) + (i < o.readers % o.pages ? 1 : 0);
    };
    const finish: Record<string, [number, number, number]> = {};
    for (const [id, [t, page]] of Object.entries(posted.created)) finish[id] = [t, o.moderators, o.held ? 0 : readersOn(page)];
    clients.child.send({ finish });
    const got = await clients.result;
    return {
      held: o.held,
      moderators: o.moderators,
      readers: o.readers,
      ratePerSec: o.ratePerSec,
      seconds: o.seconds,
      offeredPerSec: posted.offeredPerSec,
      achievedPerSec: posted.achievedPerSec,
      posts201: Object.keys(posted.created).length,
      failed: posted.failed,
      statuses: posted.statuses,
      expected: got.expected,
      delivered: got.delivered,
      post: posted.post,
      commentNew: got.commentNew,
      readerApproved: got.readerApproved,
      serverCpuMsPerPost: +(cpuUsed / Math.max(1, Object.keys(posted.created).length)).toFixed(2),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
