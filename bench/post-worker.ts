/**
 * Open-loop poster, in its own process: POSTs approved comments at a fixed rate
 * for a bounded time, round-robin over pages, each from its own client address
 * and email; reports each 201's comment id with its wall-clock time, and the
 * POST latencies.
 */
interface Input {
  url: string;
  ratePerSec: number;
  seconds: number;
  pages: string[];
}

process.once('message', async (input: Input) => {
  const now = () => performance.timeOrigin + performance.now();
  const created: Record<string, [number, string]> = {};
  const latencies: number[] = [];
  let failed = 0;
  const statuses: Record<string, number> = {};
  const inflight: Array<Promise<void>> = [];
  const total = Math.round(input.ratePerSec * input.seconds);
  const t0 = performance.now();
  const postOne = async (n: number) => {
    const page = input.pages[n % input.pages.length]!;
    const start = performance.now();
    try {
      const res = await fetch(`${input.url}/api/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.99.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ site: 'bench', page, name: `ناشر ${n}`, email: `fan${n}@bench.example`, content: `تعليق حي رقم ${n}` }),
      });
      const t = now();
      latencies.push(performance.now() - start);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const body = (await res.json()) as { comment?: { id: string } };
      if (res.status === 201 && body.comment) created[body.comment.id] = [t, page];
      else failed++;
    } catch {
      failed++;
    }
  };
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / input.ratePerSec;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(postOne(n));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!.toFixed(1);
  process.send!(
    { done: { created, sent: total, failed, statuses, achievedPerSec: +(total / elapsed).toFixed(1), post: { p50ms: pct(50), p99ms: pct(99), maxms: pct(100) } } },
    () => process.exit(0),
  );
});
