/**
 * `npx tsx bench/page-read.ts [--iterations N]`: what reading one big page of threads out of
 * SQLite costs in-process, to say what limits uncached GET of big pages (issue 10). Seeds a
 * 5,000-comment page (seed.ts: its first page is 50 threads, 200 comments, ~106 KB), then
 * times, in microseconds per read (median of 5 rounds):
 * - `store`: the store's own listThreads of the first page (rows and a Buffer per comment),
 * - `storeJson`: listThreadsJson of the same page, its threads' bytes kept (what GET /api/comments reads),
 * - `rowsNoBodies`: the same roots and replies without their stored bodies (the cost of the
 *   rows themselves: SQLite's stepping and better-sqlite3's values),
 * - `bodiesPerRow`: only the replies' bodies, one Buffer per comment,
 * - `bodiesJoined`: the 200 bodies joined by SQLite into one value (what a store keeping each
 *   page's bytes ready-made could at best read).
 * Nothing here is a target; the README quotes it under "What changed to get there".
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../server/store/index.js';
import { registerPublicFunctions } from '../server/store/sqlite-public.js';
import { median } from './proc.js';
import { seedStore, SITE } from './seed.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '2000' } } });
const iterations = Number(values.iterations);
const PAGE = '/big';
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-page-read-'));
try {
  await seedStore(dataDir, { pages: [{ page: PAGE, comments: 5000 }] });
  const store = await openStore({ dataDir });
  const first = await store.readers.listThreads({ site: SITE, page: PAGE, sort: 'oldest', from: null, after: null, before: null, limit: 50 });
  const bytes = first.comments.reduce((n, c) => n + c.json.length, 0);

  const db = new Database(path.join(dataDir, 'majlis.sqlite'), { readonly: true });
  registerPublicFunctions(db);
  const rootIds = JSON.stringify(first.comments.filter((c) => c.parentId === null).map((c) => c.id));
  const ROOTS = `site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL ORDER BY created_at, id LIMIT 51`;
  const REPLIES = `FROM comments WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL`;
  const roots = db.prepare(`SELECT id, parent_id, created_at, likes, featured_at, deleted_at FROM comments WHERE ${ROOTS}`).raw(true);
  const replies = db.prepare(`SELECT id, parent_id, created_at, likes, featured_at, deleted_at ${REPLIES}`).raw(true);
  const bodies = db.prepare(`SELECT CAST(public_json AS BLOB) ${REPLIES}`).raw(true);
  const joined = db.prepare(
    `SELECT CAST(group_concat(public_json, ',') AS BLOB) FROM (SELECT * FROM (SELECT public_json FROM comments WHERE ${ROOTS})
       UNION ALL SELECT public_json ${REPLIES})`,
  ).raw(true);

  const cases: Record<string, () => unknown> = {
    store: () => store.readers.listThreads({ site: SITE, page: PAGE, sort: 'oldest', from: null, after: null, before: null, limit: 50 }),
    storeJson: () => store.readers.listThreadsJson({ site: SITE, page: PAGE, sort: 'oldest', from: null, after: null, before: null, limit: 50 }),
    rowsNoBodies: () => [roots.all(SITE, PAGE), replies.all(rootIds)],
    bodiesPerRow: () => bodies.all(rootIds),
    bodiesJoined: () => joined.get(SITE, PAGE, rootIds),
  };
  // the first listThreadsJson builds the threads' bytes; they are kept at the next group commit
  await store.readers.listThreadsJson({ site: SITE, page: PAGE, sort: 'oldest', from: null, after: null, before: null, limit: 50 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const results: Record<string, number> = {};
  for (const [name, run] of Object.entries(cases)) {
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) {
      for (let i = 0; i < 100; i++) await run();
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) await run();
      rounds.push(((performance.now() - t0) / iterations) * 1000);
    }
    results[name] = Math.round(median(rounds));
  }
  console.log(`first page: ${first.comments.length} comments, ${(bytes / 1024).toFixed(0)} KB of stored bodies`);
  console.table(Object.entries(results).map(([read, us]) => ({ read, 'µs per read': us })));
  db.close();
  await store.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
