import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SETTINGS, growthPlan, SITE, seedStore } from '../bench/seed.js';
import { openStore } from '../server/store/index.js';
import { normalizeForMatch } from '../server/moderation/normalize.js';
import { parseSearch } from '../server/search/query.js';
import type { Store } from '../server/store/port.js';

type SeededRow = {
  id: string; site: string; page: string; parent_id: string | null; author_name: string; author_email: string; author_url: string | null;
  avatar_key: string; content: string; status: 'approved'; ip: string; user_agent: string; reasons: string; page_title: string | null; page_url: string | null; created_at: number;
};

// The bench's bulk seeder writes SQLite rows itself; the store must read them exactly
// as rows it inserted: threads laid out, counters right, collation keys found.
describe('bench bulk seeder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-seed-test-'));
  let store: Store | null = null;
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes rows the store reads as its own (threads, counters, duplicate and author keys, indexes)', async () => {
    const seeded = await seedStore(dir, { pages: [{ page: '/a', comments: 10 }, { page: '/b', comments: 5 }] });
    expect(seeded.comments).toBe(15);
    store = await openStore({ dataDir: dir });
    expect(await store.countVisible(SITE, ['/a', '/b'])).toEqual({ '/a': 10, '/b': 5 });
    expect((await store.countByStatus(SITE)).approved).toBe(15);

    const list = await store.listVisible({ site: SITE, page: '/a', after: null, limit: 50 });
    expect(list.total).toBe(10);
    expect(list.comments).toHaveLength(10);
    // Every fourth comment opens a thread; the three after it reply to it.
    const roots = list.comments.filter((c) => c.parentId === null);
    expect(roots).toHaveLength(3);
    for (const c of list.comments) if (c.parentId) expect(roots.map((r) => r.id)).toContain(c.parentId);

    // dup_key and author_key as the store computes them: the duplicate rule and
    // "previously approved" find seeded comments under another spelling.
    const one = list.comments[1]!;
    const twin = await store.findDuplicate({ site: SITE, page: '/a', parentId: one.parentId, name: one.authorName.toUpperCase(), email: one.authorEmail.toUpperCase(), content: `${one.content}  ` });
    expect(twin?.id).toBe(one.id);
    expect(await store.hasApproved(SITE, one.authorName, one.authorEmail.toUpperCase())).toBe(true);

    // The moderation search (FTS5 kept by triggers) finds seeded comments by a folded word and by name.
    const search = (q: string) => store!.searchComments(parseSearch({ site: SITE, q, before: null, limit: 50 }));
    expect((await search('افكار مكتوب')).comments).toHaveLength(15); // the text has «أفكار»: hamza folded
    const named = (await search('name:مريم')).comments; // seeded authors 3 and 13 of 15
    expect(named.map((c) => c.authorName).sort()).toEqual(['مريم 13', 'مريم 3']);

    // The search index was filled in bulk (its trigger dropped for the load): each row holds
    // exactly what the trigger would have written, and the trigger keeps new comments again.
    const raw = new Database(path.join(dir, 'majlis.sqlite'), { readonly: true });
    try {
      const rows = raw
        .prepare(`SELECT c.author_name AS name, c.content, f.name AS ftsName, f.body AS ftsBody FROM comments c JOIN comment_search_ids s ON s.id = c.id JOIN comments_fts f ON f.rowid = s.rowid`)
        .all() as Array<{ name: string; content: string; ftsName: string; ftsBody: string }>;
      expect(rows).toHaveLength(15);
      for (const r of rows) expect([r.ftsName, r.ftsBody]).toEqual([normalizeForMatch(r.name), normalizeForMatch(r.content)]);
    } finally {
      raw.close();
    }
    const later = await store.createComment({ ...one, id: undefined, parentId: null, content: 'تعليق لاحق عن البرتقال', status: 'pending', ip: '192.0.2.1', userAgent: 'x', reasons: [] });
    expect((await search('البرتقال')).comments.map((c) => c.id)).toEqual([later.id]);

    // The indexes and triggers dropped for the load are back, exactly as the migrations made them.
    const fresh = mkdtempSync(path.join(tmpdir(), 'majlis-seed-fresh-'));
    try {
      await (await openStore({ dataDir: fresh })).close();
      const indexSql = (file: string) => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name`).all();
        } finally {
          db.close();
        }
      };
      expect(indexSql(path.join(dir, 'majlis.sqlite'))).toEqual(indexSql(path.join(fresh, 'majlis.sqlite')));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('when the same comments go through the store\'s own write path, then every table they touch is the same', async () => {
    const seededDir = mkdtempSync(path.join(tmpdir(), 'majlis-seed-bulk-'));
    const replayDir = mkdtempSync(path.join(tmpdir(), 'majlis-seed-replay-'));
    try {
      // Pages of 1, 4 and 5 comments (a lone root, a full thread, one more root) and 12 more,
      // so ids, replies and the text's number suffix vary as they do at scale.
      await seedStore(seededDir, { pages: [{ page: '/one', comments: 1 }, { page: '/four', comments: 4 }, { page: '/five', comments: 5 }, { page: '/twelve', comments: 12 }] });
      const seeded = new Database(path.join(seededDir, 'majlis.sqlite'));
      const replay = await openStore({ dataDir: replayDir });
      try {
        await replay.ensureSite({ id: SITE, origins: [], settings: BENCH_SETTINGS, createdAt: 0 });
        const pages = new Map((seeded.prepare('SELECT * FROM pages').all() as Array<{ page: string; title: string; created_at: number }>).map((p) => [p.page, p]));
        for (const c of seeded.prepare('SELECT * FROM comments ORDER BY rowid').all() as SeededRow[]) {
          const page = pages.get(c.page)!;
          await replay.touchPage({ site: SITE, page: page.page, createdAt: page.created_at });
          await replay.createComment({
            id: c.id, site: c.site, page: c.page, parentId: c.parent_id, authorName: c.author_name, authorEmail: c.author_email, authorUrl: c.author_url,
            avatarKey: c.avatar_key, content: c.content, status: c.status, ip: c.ip, userAgent: c.user_agent, reasons: JSON.parse(c.reasons),
            pageTitle: c.page_title, pageUrl: c.page_url, createdAt: c.created_at,
          });
        }
      } finally {
        await replay.close();
      }
      const replayed = new Database(path.join(replayDir, 'majlis.sqlite'), { readonly: true });
      try {
        const tables = [
          'SELECT rowid, * FROM comments ORDER BY rowid',
          'SELECT rowid, id FROM comment_search_ids ORDER BY rowid',
          'SELECT * FROM comments_fts_content ORDER BY id',
          'SELECT * FROM comments_fts_docsize ORDER BY id',
          'SELECT * FROM comments_fts_config ORDER BY k',
          'SELECT * FROM comment_counts ORDER BY site, status',
          'SELECT * FROM page_counts ORDER BY site, page',
          'SELECT * FROM comment_counts_version ORDER BY site',
          'SELECT * FROM pages ORDER BY site, page',
        ];
        for (const sql of tables) expect([sql, seeded.prepare(sql).all()]).toEqual([sql, replayed.prepare(sql).all()]);
        expect(seeded.prepare('SELECT count(*) AS n FROM comments').get()).toEqual({ n: 22 });
        // The index itself agrees with its content (FTS5 checks every term of every row), foreign keys hold,
        // and the file is in WAL mode as the store leaves it.
        seeded.exec(`INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')`);
        expect(seeded.pragma('foreign_key_check')).toEqual([]);
        expect(seeded.pragma('journal_mode', { simple: true })).toBe('wal');
        const match = `SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'مزيد' ORDER BY rowid`;
        expect(seeded.prepare(match).all()).toEqual(replayed.prepare(match).all());
      } finally {
        replayed.close();
        seeded.close();
      }
      // The counters the seeder wrote are the ones the store recounts.
      const again = await openStore({ dataDir: seededDir });
      try {
        const before = [await again.countByStatus(SITE), await again.countVisible(SITE, ['/one', '/four', '/five', '/twelve'])];
        await again.rebuildCounters(SITE);
        expect([await again.countByStatus(SITE), await again.countVisible(SITE, ['/one', '/four', '/five', '/twelve'])]).toEqual(before);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(seededDir, { recursive: true, force: true });
      rmSync(replayDir, { recursive: true, force: true });
    }
  });

  it('when the store already holds comments, then the seeder refuses it', async () => {
    const used = mkdtempSync(path.join(tmpdir(), 'majlis-seed-used-'));
    try {
      await seedStore(used, { pages: [{ page: '/a', comments: 1 }] });
      await expect(seedStore(used, { pages: [{ page: '/a', comments: 1 }] })).rejects.toThrow(/already holds comments/);
    } finally {
      rmSync(used, { recursive: true, force: true });
    }
  });

  it('plans a store of the asked size around the growth pages', () => {
    const plan = growthPlan([10, 100], 1000, 10);
    expect(plan.pages.reduce((n, p) => n + p.comments, 0)).toBe(1000);
    expect(plan.pages).toHaveLength(10);
    expect(plan.pages.slice(0, 2)).toEqual([{ page: '/grow/10', comments: 10 }, { page: '/grow/100', comments: 100 }]);
  });
});
