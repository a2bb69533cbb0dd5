import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { storeAtVersion } from './helpers/old-store.js';
import { afterEach, describe, expect, it } from 'vitest';
import { authorKey, duplicateKey } from '../server/moderation/collate.js';
import { rebuildCounters } from '../server/store/sqlite-counters.js';
import { migrations } from '../server/store/sqlite-migrations.js';
import { SqliteStore } from '../server/store/sqlite.js';

// A store written before raw control characters in page keys were escaped: "\u0001/x" and
// "%01/x" were two threads. Opening it moves the raw spelling to the escaped one.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const RAW = '\u0001/x';
const KEY = '%01/x';

/** A store at version 16 (the last before the escape), holding both spellings of one page, counted as it counted them. */
function storeWithRawControlKeys(): string {
  const { file, db } = storeAtVersion(16, dirs);
  db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
  const page = db.prepare('INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  page.run('blog', RAW, null, 'https://blog.example/x', 1, 50);
  page.run('blog', KEY, 'مقال', null, 0, 100);
  page.run('blog', '\u0007/alone', 'وحيد', null, 0, 10);
  const comment = db.prepare(
    `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, author_key, dup_key)
     VALUES (?, 'blog', ?, ?, ?, ?, ?, 'k', ?, ?, '192.0.2.1', 'ua', ?, ?, ?)`,
  );
  const add = (id: string, page: string, parentId: string | null, threadId: string, name: string, content: string, status: string, at: number) => {
    const email = `${id}@example.com`;
    comment.run(id, page, parentId, threadId, name, email, content, status, at, authorKey(name, email), duplicateKey({ site: 'blog', page, parentId, name, email, content }));
  };
  add('c1', RAW, null, 'c1', 'أحمد', 'أول', 'approved', 1);
  add('c2', KEY, null, 'c2', 'ليلى', 'ثان', 'approved', 2);
  add('c3', KEY, 'c2', 'c2', 'عمر', 'رد', 'approved', 3);
  add('c4', RAW, null, 'c4', 'سارة', 'معلق', 'pending', 4);
  add('c5', '\u0007/alone', null, 'c5', 'هند', 'وحده', 'approved', 5);
  rebuildCounters(db);
  db.close();
  return file;
}

describe('SQLite migration 17: raw control characters in page keys', () => {
  it('when a store holds a raw-control spelling and the escaped one, then they become one thread under the escaped key with counts rebuilt', async () => {
    const file = storeWithRawControlKeys();
    const store = new SqliteStore(file);
    await store.open();
    try {
      expect(await store.getPage('blog', KEY)).toEqual({ site: 'blog', page: KEY, title: 'مقال', url: 'https://blog.example/x', closed: true, createdAt: 50 });
      expect(await store.countVisible('blog', [KEY])).toEqual({ [KEY]: 3 });
      expect(await store.countVisible('blog', ['%07/alone'])).toEqual({ '%07/alone': 1 });
      const list = await store.listVisible({ site: 'blog', page: KEY, after: null, limit: 10 });
      expect(list.comments.map((c) => [c.id, c.page])).toEqual([['c1', KEY], ['c2', KEY], ['c3', KEY]]);
      expect(list.total).toBe(3);
      expect(await store.countByStatus('blog')).toEqual({ approved: 4, pending: 1, spam: 0, trash: 0 });
      // readers' stored public bodies and the duplicate rule follow the move
      const threads = await store.readers.listThreads({ site: 'blog', page: KEY, sort: 'oldest', after: null, before: null, limit: 10 });
      expect(threads.comments.map((e) => JSON.parse(e.json.toString()).page)).toEqual([KEY, KEY, KEY]);
      const dup = await store.findDuplicate({ site: 'blog', page: KEY, parentId: null, name: 'أحمد', email: 'c1@example.com', content: 'أول' });
      expect(dup?.id).toBe('c1');
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      for (const table of ['comments', 'pages', 'page_counts']) {
        const keys = (db.prepare(`SELECT DISTINCT page FROM ${table} ORDER BY page`).all() as Array<{ page: string }>).map((r) => r.page);
        expect(keys, table).toEqual(['%01/x', '%07/alone']);
      }
    } finally {
      db.close();
    }
  });
});
