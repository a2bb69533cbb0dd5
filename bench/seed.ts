/**
 * Bulk seeding for the bench, straight into the SQLite file rather than through
 * HTTP (issue 10: a 1,000,000-comment store in well under a minute). The store is
 * opened once (so its migrations run and the site exists), then one connection
 * writes what the store's own insert path would have written, in bulk:
 *
 * - rows: every column the store's insert fills (server/store/sqlite-comments.ts
 *   insertCommentRow, including the collation keys author_key and dup_key of
 *   moderation/collate.ts), one INSERT … SELECT per page (seed-rows.ts), with the
 *   comment indexes dropped (partial ones kept: they hold no seeded row) and
 *   recreated from their own definitions afterwards; each row's id and dup_key come
 *   from a worker thread, computed alongside (seed-worker.ts);
 * - search: the same worker then builds the FTS5 index in a side file while the main
 *   thread writes rows and indexes, and it is copied in; comment_search_ids is filled
 *   as the insert trigger would have, the trigger having been dropped for the load and
 *   recreated after;
 * - counters: comment_counts and page_counts by two grouped INSERT … SELECTs (every
 *   seeded comment is approved under approved parents on its own page, so a page's
 *   visible count is its number of comments; the seed test checks them against the
 *   store's rebuildCounters).
 *
 * Any other trigger that fires on inserting a comment stops the seeder (it would have
 * to learn what that trigger does); so does a store that already holds comments.
 * The connection runs without a journal, with foreign keys off (the rows are built
 * consistent; the seed test runs foreign_key_check) and in unsafe mode (SQLite's
 * defensive mode refuses journal_mode OFF, and writing FTS5's shadow tables).
 *
 * Bench-only: nothing in server/ calls this.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../server/domain/types.js';
import { normalizeForMatch } from '../server/moderation/normalize.js';
import { openStore } from '../server/store/index.js';
import { PUBLIC_JSON_TRIGGERS, registerPublicFunctions } from '../server/store/sqlite-public.js';
import { THREAD_BYTES_INSERT_TRIGGER } from '../server/store/sqlite-thread-bytes.js';
import { nameAllPages, PAGE_NAME_INSERT_TRIGGER } from '../server/store/sqlite-page-names.js';
import { benchAuthors, insertRows, TEXT, textJson, textOf } from './seed-rows.js';
import { copySearchIndex, startSeedWorker, threadCpuS, type SeedWorker, type Timed } from './seed-worker.js';

export const SITE = 'bench';

export interface SeedPlan {
  /** pages with a given number of approved comments (top-level every 4th, the rest replies to it) */
  pages: Array<{ page: string; comments: number }>;
}

type Phases = { rowsS: number; indexesS: number; searchS: number; countersS: number };

export interface SeedResult {
  comments: number;
  pages: number;
  seconds: number;
  /** wall seconds: opening the store and writing rows, recreating indexes, waiting for and copying the search index, counters */
  phases: Phases;
  /** CPU seconds of this process over the whole seeding, every thread (wall time is noisy on a shared machine) */
  cpuS: number;
  /** CPU seconds of this process during each phase, every thread (so the search worker's too while it runs) */
  phasesCpu: Phases;
  /** CPU seconds of the main thread during each phase (the search worker's are in searchWorker) */
  phasesMainCpu: Phases;
  /** the phases step by step (each index, the parts of the search phase) */
  steps: SeedStep[];
  /** the worker thread's two jobs, alongside rows and indexes: wall and that thread's CPU seconds */
  worker: { keys: Timed; search: Timed };
}

/** Site settings under which the bench measures: no flood window or first-comment hold, so each request is judged on itself. */
export const BENCH_SETTINGS = { ...DEFAULT_SETTINGS, floodSeconds: 0, previouslyApproved: false, holdAll: false };

const SEARCH_INSERT_TRIGGER = 'comments_search_insert';

export async function seedStore(dataDir: string, plan: SeedPlan): Promise<SeedResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const main0 = threadCpuS() ?? 0;
  const store = await openStore({ dataDir });
  await store.ensureSite({ id: SITE, origins: [], settings: BENCH_SETTINGS, createdAt: Date.now() - 86_400_000 * 400 });
  await store.close();

  const total = plan.pages.reduce((n, p) => n + p.comments, 0);
  const file = path.join(dataDir, 'majlis.sqlite');
  const side = path.join(dataDir, 'majlis.seed-search.sqlite');
  const db = new Database(file);
  let worker: SeedWorker | null = null;
  try {
    registerPublicFunctions(db); // majlis_public_json, which the rows' insert calls as the store's insert would
    db.unsafeMode(true);
    db.pragma('journal_mode = OFF'); // bench-only: a crash mid-seed just means seeding again
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    // A small page cache with the file mapped: CREATE INDEX reads the table through the mapping and
    // sorts in 64 MB runs. Measured at 1,000,000 against a 1 GB cache: indexes 9 CPU s instead of
    // 10.5-11.5, the whole seed 28-29 instead of 32-36 (threads for the sorter made no difference).
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 8000000000'); // SQLite caps it at its build's limit (2 GB by default)
    db.pragma('temp_store = MEMORY');
    if ((db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n > 0) {
      throw new Error('bench/seed.ts: the store already holds comments; seed a fresh data directory');
    }
    const load = prepareLoad(db);
    const authors = benchAuthors();
    checkFolds(total);
    const start = Date.now() - total * 1000 - 3_600_000;
    worker = startSeedWorker(
      { rows: total, site: SITE, pages: plan.pages, start, authorsDupJson: authors.map((a) => a.dupJson), textJson: textJson() },
      { file: side, createSql: load.ftsSql, rows: total, names: authors.map((a) => a.fold), body: normalizeForMatch(TEXT), hashBytes: 2 ** 25 },
    );
    const clock = stepClock(t0, cpu0, main0);

    insertRows(db, { site: SITE, pages: plan.pages, authors, start }, worker.keys);
    clock.step('rows');
    for (const i of load.indexes) {
      db.exec(i.sql);
      clock.step(`indexes: ${i.name}`);
    }
    // What the insert trigger does first for each comment: its search rowid, in insertion order.
    db.exec('INSERT INTO comment_search_ids (id) SELECT id FROM comments ORDER BY rowid');
    clock.step('search: comment_search_ids');
    const times = await worker.done;
    clock.step('search: waiting for the worker');
    copySearchIndex(db, side);
    checkSearchSample(db, total);
    db.exec(load.searchTriggerSql);
    db.exec(load.threadBytesTriggerSql);
    clock.step('search: copy');
    // What the page-name trigger would have left: each page named by its earliest approved claim.
    nameAllPages(db);
    db.exec(load.pageNameTriggerSql);
    clock.step('page names');
    writeCounters(db);
    db.pragma('journal_mode = WAL'); // as the store leaves its file
    clock.step('counters');
    const sum = (key: 'wallS' | 'cpuS' | 'mainCpuS') => {
      const phase = (name: string) => +clock.steps.filter((x) => x.step.split(':')[0] === name).reduce((n, x) => n + x[key], 0).toFixed(1);
      return { rowsS: phase('rows'), indexesS: phase('indexes'), searchS: phase('search'), countersS: phase('counters') };
    };
    return {
      comments: total,
      pages: plan.pages.length,
      seconds: s(performance.now() - t0),
      phases: sum('wallS'),
      cpuS: s(clock.cpuTotalMs()),
      phasesCpu: sum('cpuS'),
      phasesMainCpu: sum('mainCpuS'),
      steps: clock.steps,
      worker: { keys: rounded(times.keys), search: rounded(times.search) },
    };
  } catch (err) {
    if (!worker) throw err;
    // When the worker failed, its own error says more than the main thread's "the worker failed".
    let timer: NodeJS.Timeout | undefined;
    const failed = await Promise.race([worker.done.then(() => null, (e: unknown) => e), new Promise<null>((r) => (timer = setTimeout(() => r(null), 1000)))]);
    clearTimeout(timer);
    await worker.stop();
    throw failed ?? err;
  } finally {
    db.close();
    rmSync(side, { force: true });
  }
}

const s = (ms: number) => +(ms / 1000).toFixed(1);
const rounded = (t: Timed): Timed => ({ wallS: +t.wallS.toFixed(1), cpuS: t.cpuS === null ? null : +t.cpuS.toFixed(1) });

export interface SeedStep {
  step: string;
  wallS: number;
  /** CPU seconds of this process, every thread */
  cpuS: number;
  /** CPU seconds of the main thread (0 where /proc/thread-self is missing) */
  mainCpuS: number;
}

/** Records steps: each `step(name)` takes the wall and CPU time since the previous one (the first since the start: t0, cpu0, main0). */
function stepClock(t0: number, cpu0: NodeJS.CpuUsage, main0: number) {
  const steps: SeedStep[] = [];
  const cpuTotalMs = () => {
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1000;
  };
  let last = { wall: t0, cpu: 0, main: main0 };
  return {
    steps,
    cpuTotalMs,
    step(name: string) {
      const now = { wall: performance.now(), cpu: cpuTotalMs(), main: threadCpuS() ?? 0 };
      steps.push({ step: name, wallS: s(now.wall - last.wall), cpuS: s(now.cpu - last.cpu), mainCpuS: +(now.main - last.main).toFixed(2) });
      last = now;
    },
  };
}

/**
 * Drops what would slow the load: the comment indexes (partial ones stay, and are kept
 * row by row), and the search insert trigger. Returns their definitions, to recreate.
 */
function prepareLoad(db: Database.Database) {
  const all = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND sql IS NOT NULL`)
    .all() as Array<{ name: string; sql: string }>;
  const indexes = all.filter((i) => !/\bWHERE\b/i.test(i.sql));
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'comments'`).all() as Array<{ name: string; sql: string }>;
  const searchInsert = triggers.find((t) => t.name === SEARCH_INSERT_TRIGGER);
  // Triggers that never fire on INSERT (the readers' cleanup runs AFTER DELETE) do not concern a seeder.
  const firesOnInsert = (t: { sql: string }) => /\b(BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b/i.test(t.sql);
  // The public body's insert trigger fills public_json only when an insert leaves it out: seed-rows.ts writes it.
  // The thread bytes' insert trigger drops a thread's kept bytes and bumps its generation: a fresh
  // store keeps none, and generation 0 is what a thread without a row has, so it is dropped for the load.
  const threadBytes = triggers.find((t) => t.name === THREAD_BYTES_INSERT_TRIGGER);
  // The page-name trigger names a page by its earliest approved claim: done once for all pages after the load.
  const pageName = triggers.find((t) => t.name === PAGE_NAME_INSERT_TRIGGER);
  const known = [SEARCH_INSERT_TRIGGER, PUBLIC_JSON_TRIGGERS.insert, THREAD_BYTES_INSERT_TRIGGER, PAGE_NAME_INSERT_TRIGGER];
  const unknown = triggers.filter((t) => !known.includes(t.name) && firesOnInsert(t));
  if (!searchInsert || !threadBytes || !pageName || unknown.length > 0) {
    throw new Error(`bench/seed.ts: comments has triggers it does not know (${unknown.map((t) => t.name).join(', ') || `no ${SEARCH_INSERT_TRIGGER}`}); teach the seeder what they do`);
  }
  const fts = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'comments_fts'`).get() as { sql: string } | undefined;
  if (!fts) throw new Error('bench/seed.ts: the store has no comments_fts; update the seeder');
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  db.exec(`DROP TRIGGER ${SEARCH_INSERT_TRIGGER}`);
  db.exec(`DROP TRIGGER ${THREAD_BYTES_INSERT_TRIGGER}`);
  db.exec(`DROP TRIGGER ${PAGE_NAME_INSERT_TRIGGER}`);
  return { indexes, searchTriggerSql: searchInsert.sql, threadBytesTriggerSql: threadBytes.sql, pageNameTriggerSql: pageName.sql, ftsSql: fts.sql };
}

/**
 * The search worker folds the shared text once and appends each row's suffix as it is;
 * here that shortcut is checked against the real fold (moderation/normalize.ts, what
 * majlis_fold runs) at every length the suffix takes and on a spread of rows.
 */
function checkFolds(total: number): void {
  const body = normalizeForMatch(TEXT);
  const seqs = new Set<number>([1, total]);
  for (let p = 1; p <= total; p *= 10) for (const d of [-1, 0, 1]) if (p + d >= 1 && p + d <= total) seqs.add(p + d);
  for (let q = 1; q <= total; q += 9973) seqs.add(q);
  for (const seq of seqs) {
    if (normalizeForMatch(textOf(seq)) !== `${body} (${seq})`) throw new Error('bench/seed.ts: the folded text differs from moderation/normalize.ts; update the seeder');
  }
}

/** The copied search index, on a spread of rows, against majlis_fold of the comment it should belong to. */
function checkSearchSample(db: Database.Database, total: number): void {
  const rows = db
    .prepare(
      `SELECT c.author_name AS name, c.content, f.c0 AS ftsName, f.c1 AS ftsBody FROM comment_search_ids s
       JOIN comments c ON c.id = s.id JOIN comments_fts_content f ON f.id = s.rowid WHERE s.rowid % 9973 = 1 OR s.rowid = ?`,
    )
    .all(total) as Array<{ name: string; content: string; ftsName: string; ftsBody: string }>;
  if (rows.length === 0 && total > 0) throw new Error('bench/seed.ts: the search index does not match the comments; update the seeder');
  for (const r of rows) {
    if (r.ftsName !== normalizeForMatch(r.name) || r.ftsBody !== normalizeForMatch(r.content)) {
      throw new Error('bench/seed.ts: the search index does not match the comments; update the seeder');
    }
  }
}

/** Every seeded comment is approved, and its parent is an approved comment of its page: visible = all. */
function writeCounters(db: Database.Database): void {
  db.transaction(() => {
    db.prepare('DELETE FROM comment_counts WHERE site = ?').run(SITE);
    db.prepare('INSERT INTO comment_counts (site, status, n) SELECT site, status, count(*) FROM comments WHERE site = ? GROUP BY site, status').run(SITE);
    db.prepare('DELETE FROM page_counts WHERE site = ?').run(SITE);
    db.prepare(`INSERT INTO page_counts (site, page, visible) SELECT site, page, count(*) FROM comments WHERE site = ? AND status = 'approved' GROUP BY site, page`).run(SITE);
    // The counts version: one counter write per comment inserted, as the store's write path bumps it.
    db.prepare(
      'INSERT INTO comment_counts_version (site, v) SELECT site, count(*) FROM comments WHERE site = ? GROUP BY site ON CONFLICT (site) DO UPDATE SET v = excluded.v',
    ).run(SITE);
  })();
}

/** The growth table's pages (10, 100, 1,000, 5,000 comments), padded with pages of ~100 comments up to `storeTotal`. */
export function growthPlan(sizes: number[], storeTotal: number, fillerPages: number): SeedPlan {
  const pages = sizes.map((n) => ({ page: `/grow/${n}`, comments: n }));
  const rest = Math.max(0, storeTotal - sizes.reduce((a, b) => a + b, 0));
  const count = Math.max(1, fillerPages - sizes.length);
  for (let i = 0; i < count; i++) pages.push({ page: `/article/${i}`, comments: Math.floor(rest / count) + (i < rest % count ? 1 : 0) });
  return { pages: pages.filter((p) => p.comments > 0) };
}
