/**
 * Open-loop poster, in its own process: POSTs comments at a fixed rate for a
 * bounded time, round-robin over pages, each from its own client address and
 * email, over at most 64 keep-alive connections (a request waits for a free
 * one, as behind a proxy). Latency counts from the moment a request was due,
 * so a server that falls behind shows it (no coordinated omission). Reports each
 * 201's comment id with its wall-clock time, and the POST latencies.
 */
import http from 'node:http';

interface Input {
  url: string;
  ratePerSec: number;
  seconds: number;
  pages: string[];
}

process.once('message', async (input: Input) => {
  const now = () => performance.timeOrigin + performance.now();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL('/api/comments', input.url);
  const created: Record<string, [number, string]> = {};
  const latencies: number[] = [];
  let failed = 0;
  const statuses: Record<string, number> = {};
  const inflight: Array<Promise<void>> = [];
  const total = Math.round(input.ratePerSec * input.seconds);
  const t0 = performance.now();
  const postOne = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const page = input.pages[n % input.pages.length]!;
      const body = JSON.stringify({ site: 'bench', page, name: `ناشر ${n}`, email: `fan${n}@bench.example`, content: `تعليق حي رقم ${n}` });
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': `10.99.${(n >> 8) & 255}.${n & 255}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const t = now();
            latencies.push(performance.now() - due);
            statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { comment?: { id: string } };
              if (res.statusCode === 201 && parsed.comment) created[parsed.comment.id] = [t, page];
              else failed++;
            } catch {
              failed++;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / input.ratePerSec;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(postOne(n, due));
  }
  const sentBy = performance.now();
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? +latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!.toFixed(1) : NaN);
  process.send!(
    {
      done: {
        created,
        sent: total,
        failed,
        statuses,
        offeredPerSec: +(total / ((sentBy - t0) / 1000)).toFixed(1),
        achievedPerSec: +(Object.keys(created).length / elapsed).toFixed(1),
        post: { p50ms: pct(50), p99ms: pct(99), maxms: pct(100) },
      },
    },
    () => process.exit(0),
  );
});
