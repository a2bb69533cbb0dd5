import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../server/moderation/normalize.js';
import { insertCommentRow } from '../server/store/sqlite-comments.js';
import { groupCommit } from '../server/store/sqlite-group-commit.js';
import { registerPublicFunctions } from '../server/store/sqlite-public.js';
import { registerSearchFunctions } from '../server/store/sqlite-search.js';
import { SqliteStore } from '../server/store/sqlite.js';
import type { SearchQuery } from '../server/search/query.js';
import { aComment, aSite } from './helpers/store-fixtures.js';

// Issue 10: the comments of one group commit are indexed for search together at its end
// (one FTS5 segment per group, not one per comment); what search finds stays the same.
describe('search indexing deferred to the end of a group commit', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'majlis-search-deferral-'));
    file = path.join(dir, 'majlis.sqlite');
    store = new SqliteStore(file);
    await store.open();
    await store.ensureSite(aSite());
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = (words: string[]): SearchQuery => ({ site: 'blog', statuses: [], words, names: [], emails: [], ips: [], pages: [], urls: [], before: null, limit: 100 });
  /** What the index holds for each comment: its folded name and text, by comment id. */
  const indexed = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare('SELECT s.id, f.name, f.body FROM comment_search_ids s JOIN comments_fts f ON f.rowid = s.rowid ORDER BY s.rowid')
        .all() as Array<{ id: string; name: string; body: string }>;
    } finally {
      db.close();
    }
  };

  it('when 30 comments arrive in one group, then the search index gains one segment, not one per comment', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.insertComment(aComment({ content: `نص ${i}` }), { duplicate: true, floodWindowMs: 0 })));
    const db = new Database(file, { readonly: true });
    try {
      // FTS5's own index of its segments (%_idx): one segid per segment
      expect(db.prepare('SELECT count(DISTINCT segid) AS n FROM comments_fts_idx').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('when many comments arrive in one group, then each is indexed as the trigger indexes one, in the order they were written', async () => {
    const single = await store.insertComment(aComment({ authorName: 'مُنفرد', content: 'تعليقٌ وحيد' }), { duplicate: true, floodWindowMs: 0 });
    expect(single.ok).toBe(true);
    const group = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.insertComment(aComment({ authorName: `قارئ ${i}`, content: `كلمةٌ نادرة${i} وأُخرى` }), { duplicate: true, floodWindowMs: 0 })),
    );
    const ids = group.map((o) => (o.ok ? o.comment.id : ''));
    const rows = indexed();
    expect(rows.map((r) => r.id)).toEqual([single.ok ? single.comment.id : '', ...ids]);
    for (const [i, r] of rows.slice(1).entries()) {
      expect(r).toEqual({ id: ids[i], name: normalizeForMatch(`قارئ ${i}`), body: normalizeForMatch(`كلمةٌ نادرة${i} وأُخرى`) });
    }
    const found = await store.searchComments(query([normalizeForMatch('نادرة17')]));
    expect(found.comments.map((c) => c.id)).toEqual([ids[17]]);
  });

  it('when a comment of the group is edited or deleted before the group ends, or its write fails, then the index holds what is stored', async () => {
    const db = new Database(file);
    registerSearchFunctions(db);
    registerPublicFunctions(db); // its triggers keep each comment's public body
    const sql = (t: string) => db.prepare(t);
    try {
      const results = await Promise.allSettled([
        groupCommit(db, () => insertCommentRow(sql, aComment({ content: 'يبقى كما هو' }), 'c-kept')),
        groupCommit(db, () => {
          insertCommentRow(sql, aComment({ content: 'قبل التعديل' }), 'c-edited');
          sql(`UPDATE comments SET content = 'بعد التعديل' WHERE id = 'c-edited'`).run();
        }),
        groupCommit(db, () => {
          insertCommentRow(sql, aComment({ content: 'يحذف' }), 'c-deleted');
          sql(`DELETE FROM comments WHERE id = 'c-deleted'`).run();
        }),
        groupCommit(db, () => {
          insertCommentRow(sql, aComment({ content: 'يفشل' }), 'c-failed');
          insertCommentRow(sql, aComment({ content: 'يفشل' }), 'c-kept'); // primary key clash: this write rolls back alone
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    } finally {
      db.close();
    }
    expect(indexed().map((r) => [r.id, r.body])).toEqual([
      ['c-kept', normalizeForMatch('يبقى كما هو')],
      ['c-edited', normalizeForMatch('بعد التعديل')],
    ]);
    // and one written outside a group is indexed by the trigger at once, as always
    await store.createComment(aComment({ content: 'خارج المجموعة' }));
    expect(indexed().map((r) => r.body)).toContain(normalizeForMatch('خارج المجموعة'));
  });
});
