import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.js';
import { SqliteStore } from '../server/store/sqlite.js';
import type { ThreadBytesBudget } from '../server/store/sqlite-thread-bytes-prune.js';
import { pageJsonOf } from '../server/store/thread-bytes.js';
import { aComment, aSite, SITE, T0 } from './helpers/store-fixtures.js';
import { eventually } from './helpers/eventually.js';
import { repoRoot } from './helpers/import.js';

/**
 * The disk kept thread bytes take (sqlite-thread-bytes-prune.ts): bounded by THREAD_BYTES_MB,
 * the oldest keeps deleted first, and reads exact whatever was deleted.
 */
const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function aFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-prune-'));
  dirs.push(dir);
  return path.join(dir, 'majlis.sqlite');
}

async function open(file: string, threadBytes?: ThreadBytesBudget): Promise<SqliteStore> {
  const s = new SqliteStore(file, { threadBytes });
  await s.open();
  stores.push(s);
  return s;
}

/** What a file's thread_bytes table holds, read by a connection of its own: rows, bytes of their values, and which threads. */
function keptIn(file: string): { rows: number; bytes: number; ids: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const ids = db.prepare('SELECT thread_id FROM thread_bytes ORDER BY rowid').pluck().all() as string[];
    const bytes = db.prepare('SELECT coalesce(sum(length(json) + length(tag) + length(thread_id)), 0) FROM thread_bytes').pluck().get() as number;
    return { rows: ids.length, bytes, ids };
  } finally {
    db.close();
  }
}

const query = (page: string) => ({ site: SITE, page, sort: 'oldest' as const, after: null, before: null, limit: 10 });

/** Reads a page as readers do and checks it against a fresh build from the rows (listThreads, never kept bytes). */
async function readsExactly(store: SqliteStore, page: string): Promise<void> {
  const got = await store.readers.listThreadsJson(query(page));
  const want = pageJsonOf(await store.readers.listThreads(query(page)));
  expect({ ids: got.ids, json: got.json.toString('utf8'), tags: got.tags, total: got.total }).toEqual({ ids: want.ids, json: want.json.toString('utf8'), tags: want.tags, total: want.total });
}

/** `pages` pages of 10 threads (a root and a reply each), each page read once and its threads' bytes kept, page after page. */
async function fillAndRead(store: SqliteStore, file: string, pages: number, from = 0): Promise<void> {
  let t = T0 + from * 1000;
  for (let p = from; p < from + pages; p++) {
    for (let i = 0; i < 10; i++) {
      const root = await store.createComment(aComment({ page: `/p${p}`, createdAt: (t += 10), content: `موضوع ${p}-${i} `.repeat(20) }));
      await store.createComment(aComment({ page: `/p${p}`, parentId: root.id, createdAt: (t += 10), content: `رد ${p}-${i}` }));
    }
  }
  for (let p = from; p < from + pages; p++) {
    const { ids } = await store.readers.listThreadsJson(query(`/p${p}`));
    // the keep is written after the read has answered (group commit): wait for it, so keeps come in page order
    await eventually(async () => expect(keptIn(file).ids).toEqual(expect.arrayContaining(ids)), `page ${p} kept`);
  }
}

describe('thread bytes: bounded by THREAD_BYTES_MB', () => {
  it('when a store holds more kept bytes than its budget, then a prune leaves them under the budget, the most recently kept threads stay, and every page still reads exactly as built from its rows', async () => {
    const file = aFile();
    const budgetBytes = 16 * 1024;
    const store = await open(file, { budgetBytes, firstAfterMs: null });
    await store.ensureSite(aSite());
    await fillAndRead(store, file, 8);
    const before = keptIn(file);
    expect(before.bytes).toBeGreaterThan(budgetBytes);

    await store.pruneThreadBytes();

    const after = keptIn(file);
    expect(after.bytes).toBeLessThanOrEqual(budgetBytes);
    expect(after.rows).toBeGreaterThan(0);
    // the oldest keeps went first: what is left is the newest end of what was there
    expect(after.ids).toEqual(before.ids.slice(before.ids.length - after.rows));
    for (let p = 0; p < 8; p++) await readsExactly(store, `/p${p}`);
    await readsExactly(store, '/p0'); // kept again by the read before: now from kept bytes
  });

  it('when THREAD_BYTES_MB is 0, then reads keep nothing, a prune empties what an earlier run kept, and pages still read exactly', async () => {
    const file = aFile();
    const keeper = await open(file);
    await keeper.ensureSite(aSite());
    await fillAndRead(keeper, file, 2);
    await keeper.close();
    stores.splice(stores.indexOf(keeper), 1);

    const store = await open(file, { budgetBytes: 0, firstAfterMs: null });
    await store.pruneThreadBytes();
    expect(keptIn(file).rows).toBe(0);
    await store.createComment(aComment({ page: '/p0', content: 'جديد' }));
    for (let i = 0; i < 3; i++) {
      await readsExactly(store, '/p0');
      await readsExactly(store, '/p1');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(keptIn(file).rows).toBe(0);
  });

  it('when the server process runs, then it prunes soon after opening and again periodically, and stops when closed', async () => {
    const file = aFile();
    const keeper = await open(file);
    await keeper.ensureSite(aSite());
    await fillAndRead(keeper, file, 4);
    const budgetBytes = Math.floor(keptIn(file).bytes / 2);

    const server = await open(file, { budgetBytes, firstAfterMs: 10, everyMs: 50 });
    await eventually(async () => expect(keptIn(file).bytes).toBeLessThanOrEqual(budgetBytes), 'pruned after start');
    // another process keeps more; the next periodic pass bounds them again
    await fillAndRead(keeper, file, 4, 4);
    await eventually(async () => expect(keptIn(file).bytes).toBeLessThanOrEqual(budgetBytes), 'pruned periodically');
    await server.close();
    stores.splice(stores.indexOf(server), 1);
    await fillAndRead(keeper, file, 4, 8);
    await new Promise((r) => setTimeout(r, 200));
    expect(keptIn(file).bytes).toBeGreaterThan(budgetBytes);
  });

  it('when two other processes write, read and prune the same file while this one does too, then none of them fails and every page reads exactly afterwards', async () => {
    const file = aFile();
    const budgetBytes = 4 * 1024;
    const store = await open(file, { budgetBytes, firstAfterMs: null });
    await store.ensureSite(aSite());
    await fillAndRead(store, file, 6);
    const others = ['a', 'b'].map((tag) => runProcess(['--import', 'tsx', 'test/helpers/prune-process.ts', file, String(budgetBytes), '40', tag]));
    let n = 0;
    let running = true;
    void Promise.allSettled(others).then(() => (running = false));
    while (running) {
      const page = `/p${n % 6}`;
      await store.createComment(aComment({ page, content: `هنا ${n++}` }));
      await store.readers.listThreadsJson(query(page));
      await store.pruneThreadBytes();
      await new Promise((r) => setTimeout(r, 5)); // the others' turn (and their exits seen)
    }
    const results = await Promise.all(others);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const totals = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as { passes: number; deletedRows: number });
    expect(totals.map((t) => t.passes)).toEqual([40, 40]);
    expect(totals.reduce((sum, t) => sum + t.deletedRows, 0)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50)); // this process's last keeps
    await store.pruneThreadBytes();
    expect(keptIn(file).bytes).toBeLessThanOrEqual(budgetBytes);
    for (let p = 0; p < 6; p++) await readsExactly(store, `/p${p}`);
    for (let p = 0; p < 6; p++) await readsExactly(store, `/p${p}`); // kept by the reads before
  });
});

/** Runs node with these arguments from the repository's root; its exit code and output. */
function runProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('thread bytes: pruning beside another process holding the write lock', () => {
  it('when another connection holds the write lock for a while, then a prune waits for it without failing and deletes once it is released; held throughout, the prune ends reporting busy', async () => {
    const file = aFile();
    const store = await open(file, { budgetBytes: 4 * 1024, firstAfterMs: null });
    await store.ensureSite(aSite());
    await fillAndRead(store, file, 3);
    const other = new Database(file, { timeout: 0 });
    try {
      other.exec('BEGIN IMMEDIATE');
      const held = await store.pruneThreadBytes();
      expect(held).toMatchObject({ busy: true, deletedRows: 0 });
      other.exec('COMMIT');

      other.exec('BEGIN IMMEDIATE');
      // released from a timer: a prune that held the event loop while waiting for the lock would never see it released
      setTimeout(() => other.exec('COMMIT'), 60);
      const waited = await store.pruneThreadBytes();
      expect(waited.busy).toBe(false);
      expect(waited.deletedRows).toBeGreaterThan(0);
      expect(keptIn(file).bytes).toBeLessThanOrEqual(4 * 1024);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('THREAD_BYTES_MB', () => {
  it('when unset, then the budget is 256 MiB; when 0, nothing is kept; when not a number, then parsing fails naming it', () => {
    expect(parseConfig({}).threadBytesBudget).toBe(256 * 1024 * 1024);
    expect(parseConfig({ THREAD_BYTES_MB: '0' }).threadBytesBudget).toBe(0);
    expect(parseConfig({ THREAD_BYTES_MB: '12' }).threadBytesBudget).toBe(12 * 1024 * 1024);
    expect(() => parseConfig({ THREAD_BYTES_MB: 'lots' })).toThrow(/^THREAD_BYTES_MB:/);
  });
});
