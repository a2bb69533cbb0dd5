/**
 * A Majlis JSON export uploaded to a running server: generates an export of N comments
 * (default 80,000; bench/import.ts generateMajlisJson), starts the real app on port 0,
 * streams the file to its import route over HTTP from this same process, and reports the
 * longest event-loop block of the server's process (ms; a 1 ms timer's largest lateness
 * and the histogram's max), the extra memory the upload took (peak RSS sampled every
 * 5 ms, minus the RSS just before; MB), the upload's wall time and comments/s. DRY=1 makes
 * it a dry run. Not part of `bench/run.ts`: run alone with
 * `npx tsx bench/import-upload.ts [N]` (`node --expose-gc --import tsx …` for a settled baseline).
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateMajlisJson } from './import.js';
import { startApp } from '../test/helpers/app.js';
import { login } from '../test/helpers/http.js';

const N = Number(process.argv[2] ?? 80_000);
const dir = mkdtempSync(path.join(tmpdir(), 'majlis-import-upload-'));
const app = await startApp();
try {
  const file = path.join(dir, 'export.json');
  await generateMajlisJson(file, N);
  const cookie = await login(app);
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 5);
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  histogram.enable();
  const t0 = performance.now();
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(`/api/moderation/sites/test/imports?format=json${process.env.DRY === '1' ? '&dryRun=true' : ''}`, app.url);
    const req = request(url, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': 'application/json', 'content-length': statSync(file).size } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
  const seconds = (performance.now() - t0) / 1000;
  // One more turn of the timers first: a block that ends with the upload is measured when they next run.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timer);
  clearInterval(sampler);
  histogram.disable();
  const summary = JSON.parse(body) as { imported: number };
  console.log(
    JSON.stringify({
      comments: N,
      megabytes: +(statSync(file).size / 1e6).toFixed(1),
      status,
      imported: summary.imported,
      seconds: +seconds.toFixed(2),
      commentsPerSec: Math.round(N / seconds),
      longestBlockMs: Math.round(longest),
      histogramMaxMs: Math.round(histogram.max / 1e6),
      extraRssMb: Math.round((rssPeak - rssBefore) / 1e6),
    }),
  );
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
