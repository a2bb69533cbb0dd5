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
import { watchEventLoop } from './loop-watch.js';
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
  const loop = watchEventLoop();
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
  const blocks = await loop.stop();
  clearInterval(sampler);
  const summary = JSON.parse(body) as { imported: number };
  console.log(
    JSON.stringify({
      comments: N,
      megabytes: +(statSync(file).size / 1e6).toFixed(1),
      status,
      imported: summary.imported,
      seconds: +seconds.toFixed(2),
      commentsPerSec: Math.round(N / seconds),
      ...blocks,
      extraRssMb: Math.round((rssPeak - rssBefore) / 1e6),
    }),
  );
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
