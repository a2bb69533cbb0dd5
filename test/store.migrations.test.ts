import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../server/store/sqlite-migrations.js';
import { SqliteStore } from '../server/store/sqlite.js';

// A store written by the first schema (before page keys, collation keys and counters) is upgraded on open.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function firstSchemaStore(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'majlis.sqlite');
  const db = new Database(file);
  db.exec(migrations[0] as string);
  db.pragma('user_version = 1');
  db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
  const page = db.prepare('INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  page.run('blog', encodeURI('/2026/مقال'), null, 'https://blog.example/a', 1, 50);
  page.run('blog', '/2026/مقال', 'مقال', null, 0, 100);
  page.run('blog', encodeURI('/only-encoded/ص'), 'وحيد', null, 0, 10);
  const comment = db.prepare(
    `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at)
     VALUES (?, 'blog', ?, ?, ?, ?, ?, 'k', ?, ?, '192.0.2.1', 'ua', ?)`,
  );
  comment.run('c1', encodeURI('/2026/مقال'), null, 'c1', 'Ahmed Ali', 'ahmed@example.com', 'Hello There Friends', 'approved', 1);
  comment.run('c2', '/2026/مقال', 'c1', 'c1', 'ليلى', 'layla@example.com', 'رد', 'approved', 2);
  comment.run('c3', '/2026/مقال', null, 'c3', 'عمر', 'omar@example.com', 'معلق', 'pending', 3);
  comment.run('c4', '/2026/مقال', 'c3', 'c3', 'سارة', 'sara@example.com', 'رد تحت معلق', 'approved', 4);
  comment.run('c5', encodeURI('/only-encoded/ص'), null, 'c5', 'x', 'x@example.com', 'في المهملات', 'trash', 5);
  db.close();
  return file;
}

describe('SQLite migrations from the first schema', () => {
  it('when a first-schema store is opened, then spellings of one page merge, counters match the rows and collated lookups work', async () => {
    const store = new SqliteStore(firstSchemaStore());
    await store.open();
    try {
      expect(await store.getPage('blog', '/2026/مقال')).toEqual({
        site: 'blog', page: '/2026/مقال', title: 'مقال', url: 'https://blog.example/a', closed: true, createdAt: 50,
      });
      expect((await store.getPage('blog', '/only-encoded/ص'))?.title).toBe('وحيد');
      // c1 and c2 visible; c4 is approved but under the held c3.
      expect(await store.countVisible('blog', ['/2026/مقال', encodeURI('/2026/مقال')])).toEqual({ '/2026/مقال': 2 });
      const list = await store.listVisible({ site: 'blog', page: encodeURI('/2026/مقال'), after: null, limit: 10 });
      expect(list.comments.map((c) => c.id)).toEqual(['c1', 'c2']);
      expect(list.total).toBe(2);
      expect(await store.countByStatus('blog')).toEqual({ approved: 3, pending: 1, spam: 0, trash: 1 });
      expect(await store.hasApproved('blog', 'ahmed ali', 'AHMED@example.com')).toBe(true);
      const dup = { site: 'blog', page: '/2026/مقال', parentId: null, name: 'AHMED ALI', email: 'ahmed@example.com' };
      expect((await store.findDuplicate({ ...dup, content: 'hello there friends' }))?.id).toBe('c1');
    } finally {
      await store.close();
    }
  });
});
