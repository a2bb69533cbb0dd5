import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { growthPlan, SITE, seedStore } from '../bench/seed.js';
import { openStore } from '../server/store/index.js';
import { normalizeForMatch } from '../server/moderation/normalize.js';
import { parseSearch } from '../server/search/query.js';
import type { Store } from '../server/store/port.js';

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

  it('plans a store of the asked size around the growth pages', () => {
    const plan = growthPlan([10, 100], 1000, 10);
    expect(plan.pages.reduce((n, p) => n + p.comments, 0)).toBe(1000);
    expect(plan.pages).toHaveLength(10);
    expect(plan.pages.slice(0, 2)).toEqual([{ page: '/grow/10', comments: 10 }, { page: '/grow/100', comments: 100 }]);
  });
});
