/**
 * The ceiling and Majlis's ratio to it: a bare node:http server (its own
 * process) sends the very bytes Majlis sends for the cached thread page, and
 * both are loaded alternately in the same run; the ratio is of the medians.
 */
import { load, type LoadResult } from './http.js';
import { median, runWorker } from './proc.js';

export interface CeilingResult {
  bodyBytes: number;
  ceiling: LoadResult[];
  majlis: LoadResult[];
  ceilingReqPerSec: number;
  majlisReqPerSec: number;
  /** Majlis / ceiling, medians (issue 10 target ≥ 0.25, goal 0.40) */
  ratio: number;
}

export async function measureCeiling(threadUrl: string, opts: { seconds: number; connections: number; rounds: number }): Promise<CeilingResult> {
  const res = await fetch(threadUrl);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`thread ${res.status}`);
  let port = 0;
  const worker = runWorker<void>('ceiling-server.ts', { body: body.toString('base64'), contentType: res.headers.get('content-type') ?? 'application/json', etag: res.headers.get('etag') }, (m) => {
    if (m && typeof m.port === 'number') port = m.port;
  });
  while (port === 0) await new Promise((r) => setTimeout(r, 20));
  const ceiling: LoadResult[] = [];
  const majlis: LoadResult[] = [];
  try {
    for (let i = 0; i < opts.rounds; i++) {
      ceiling.push(await load({ url: `http://127.0.0.1:${port}/`, seconds: opts.seconds, connections: opts.connections }));
      majlis.push(await load({ url: threadUrl, seconds: opts.seconds, connections: opts.connections }));
    }
  } finally {
    worker.child.kill();
  }
  const c = median(ceiling.map((r) => r.reqPerSec));
  const m = median(majlis.map((r) => r.reqPerSec));
  return { bodyBytes: body.length, ceiling, majlis, ceilingReqPerSec: c, majlisReqPerSec: m, ratio: +(m / c).toFixed(3) };
}
