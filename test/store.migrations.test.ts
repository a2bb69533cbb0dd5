import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { storeAtVersion } from './helpers/old-store.js';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../server/store/sqlite-migrations.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { parseSearch } from '../server/search/query.js';
import { publicBody } from '../server/views.js';
import { authorKey, duplicateKey } from '../server/moderation/collate.js';
import { aComment } from './helpers/store-fixtures.js';

// A store written by an older schema (the first one; B's version 4, before notifications) is upgraded on open.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function firstSchemaStore(): string {
  const { file, db } = storeAtVersion(1, dirs);
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
    const file = firstSchemaStore();
    const store = new SqliteStore(file);
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
      await expectNotificationTables(store, file);
    } finally {
      await store.close();
    }
  });

  it('when a store at version 4 (counters, before notifications) is opened, then migration 5 adds the notification tables and keeps the comments', async () => {
    const { file, db } = storeAtVersion(4, dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    db.prepare(
      `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, author_key, dup_key)
       VALUES ('c1', 'blog', '/p', NULL, 'c1', 'ليلى', 'layla@example.com', 'k', 'نص', 'approved', '192.0.2.1', 'ua', 1, 'ak', 'dk')`,
    ).run();
    db.prepare(`INSERT INTO comment_counts (site, status, n) VALUES ('blog', 'approved', 1)`).run();
    db.close();

    const store = new SqliteStore(file);
    await store.open();
    try {
      expect((await store.getComment('c1'))?.content).toBe('نص');
      expect((await store.countByStatus('blog')).approved).toBe(1);
      await expectNotificationTables(store, file);
    } finally {
      await store.close();
    }
  });

  it('when a store at version 5 (before imports) is opened, then migration 6 adds the import source columns and a re-import finds its rows', async () => {
    const { file, db } = storeAtVersion(5, dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    db.prepare(
      `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, author_key, dup_key)
       VALUES ('c1', 'blog', '/p', NULL, 'c1', 'ليلى', 'layla@example.com', 'k', 'نص', 'approved', '192.0.2.1', 'ua', 1, 'ak', 'dk')`,
    ).run();
    db.close();

    const store = new SqliteStore(file);
    await store.open();
    try {
      const [c1] = await collect(store.exportComments('blog'));
      expect(c1).toMatchObject({ id: 'c1', content: 'نص', source: null });
      const imported = { key: '7', parentKey: null, id: null, source: { site: 'https://old.example', id: '7' }, page: '/p', authorName: 'عمر', authorEmail: 'omar@example.com',
        authorUrl: null, avatarKey: 'k', content: 'قديم', status: 'approved' as const, prevStatus: null, version: 1, ip: '192.0.2.2', userAgent: '', reasons: [], history: [],
        pageTitle: null, pageUrl: null, createdAt: 0, editedAt: null };
      const batch = { site: 'blog', pages: [], comments: [imported], dryRun: false };
      expect((await store.importComments(batch)).imported).toBe(1);
      expect((await store.importComments(batch)).skipped).toBe(1);
      await expectNotificationTables(store, file);
    } finally {
      await store.close();
    }
  });

  it('when a store at version 6 (before the moderator tools) is opened, then migrations 7-11 run: accounts keep every site, old comments are searchable, rules, edits and audit work', async () => {
    const { file, db } = storeAtVersion(6, dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    db.prepare(`INSERT INTO moderators (id, email, name, role, password_hash, created_at) VALUES ('m1', 'mod@example.com', 'Mod', 'moderator', 'x', 0)`).run();
    const comment = db.prepare(
      `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, author_key, dup_key, source_site, source_id)
       VALUES (?, 'blog', '/p', NULL, ?, ?, ?, 'k', ?, ?, '192.0.2.1', 'ua', ?, ?, ?, ?, ?)`,
    );
    comment.run('c1', 'c1', 'ليلى', 'Layla@Example.com', 'مقالٌ عن الأَخبار', 'approved', 1, 'ak1', 'dk1', null, null);
    comment.run('c2', 'c2', 'عمر', 'omar@example.com', 'نص مستورد', 'pending', 2, 'ak2', 'dk2', 'https://old.example', '7');
    db.prepare(`INSERT INTO comment_counts (site, status, n) VALUES ('blog', 'approved', 1), ('blog', 'pending', 1)`).run();
    db.close();

    const store = new SqliteStore(file);
    await store.open();
    try {
      expect((await store.getModerator('m1'))?.sites).toEqual(['*']);
      const search = (q: string) => store.searchComments(parseSearch({ site: 'blog', q, before: null, limit: 10 }));
      expect((await search('الاخبار')).comments.map((c) => c.id)).toEqual(['c1']); // backfilled, folded
      expect((await search('email:layla@example.com')).comments.map((c) => c.id)).toEqual(['c1']);
      expect((await search('مستورد')).comments.map((c) => c.id)).toEqual(['c2']);
      // migration 14 gave every existing row its public body (read straight from the file, not recomputed)
      const raw = new Database(file, { readonly: true });
      const bodies = raw.prepare('SELECT id, public_json FROM comments ORDER BY id').all() as Array<{ id: string; public_json: string | null }>;
      raw.close();
      expect(bodies.map((b) => [b.id, b.public_json && JSON.parse(b.public_json)])).toEqual(
        await Promise.all(['c1', 'c2'].map(async (id) => [id, publicBody((await store.getComment(id))!)])),
      );
      const [, c2] = await collect(store.exportComments('blog'));
      expect(c2).toMatchObject({ id: 'c2', source: { site: 'https://old.example', id: '7' } });
      // New writes keep the index (triggers) and the new tables take rows.
      const edited = await store.editComment('c1', 1, { content: 'مقال عن الطقس' }, { at: 5, by: { id: 'm1', name: 'Mod' } });
      expect(edited.ok).toBe(true);
      expect((await search('الاخبار')).comments).toEqual([]);
      expect((await search('الطقس')).comments.map((c) => c.id)).toEqual(['c1']);
      const page = await store.readers.listThreads({ site: 'blog', page: '/p', sort: 'oldest', after: null, before: null, limit: 10 });
      expect(page.comments.map((e) => JSON.parse(e.json.toString()).content)).toEqual(['مقال عن الطقس']);
      expect((await store.listEdits('c1'))[0]?.before).toMatchObject({ content: 'مقالٌ عن الأَخبار' });
      await store.appendAudit({ id: 'a1', at: 5, by: null, site: 'blog', action: 'import', target: null, before: null, after: null });
      expect((await store.listAudit({ site: 'blog', before: null, limit: 10 })).entries.map((e) => e.id)).toEqual(['a1']);
      expect((await store.saveRule({ id: 'r1', site: 'blog', kind: 'ip', value: '192.0.2.0/24', action: 'hold', note: null, expiresAt: null, createdAt: 5, createdBy: null })).created).toBe(true);
      expect((await store.listRules('blog', 6)).map((r) => r.id)).toEqual(['r1']);
      expect(await store.deleteComment('c2', ['pending'])).toMatchObject({ ok: true });
      expect((await search('مستورد')).comments).toEqual([]);
      expect(await store.countByStatus('blog')).toMatchObject({ approved: 1, pending: 0 });
      await expectNotificationTables(store, file);
    } finally {
      await store.close();
    }
  });

  it('when a store at version 18 is opened, then migration 19 drops the duplicate index and twins are still found (through the author index)', async () => {
    const { file, db } = storeAtVersion(18, dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    const comment = db.prepare(
      `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, author_key, dup_key)
       VALUES (?, 'blog', '/p', NULL, ?, ?, ?, 'k', ?, ?, '192.0.2.1', 'ua', ?, ?, ?)`,
    );
    const row = (id: string, name: string, email: string, content: string, status: string) =>
      comment.run(id, id, name, email, content, status, 1, authorKey(name, email), duplicateKey({ site: 'blog', page: '/p', parentId: null, name, email, content }));
    row('c1', 'Layla', 'layla@example.com', 'Hello there', 'pending');
    row('c2', 'Omar', 'omar@example.com', 'In the bin', 'trash');
    db.close();

    const store = new SqliteStore(file);
    await store.open();
    try {
      const q = { site: 'blog', page: '/p', parentId: null };
      expect((await store.findDuplicate({ ...q, name: 'LAYLA', email: 'Layla@example.com', content: 'hello there ' }))?.id).toBe('c1');
      expect(await store.findDuplicate({ ...q, name: 'Omar', email: 'omar@example.com', content: 'In the bin' })).toBeNull();
      expect(await store.findDuplicate({ ...q, name: 'Layla', email: 'other@example.com', content: 'Hello there' })).toBeNull();
      const raw = new Database(file, { readonly: true });
      const indexes = raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'comments'`).all() as Array<{ name: string }>;
      const columns = (raw.pragma('index_info(comments_author)') as Array<{ name: string }>).map((c) => c.name);
      raw.close();
      expect(indexes.map((i) => i.name)).not.toContain('comments_duplicate');
      expect(columns).toEqual(['site', 'author_key', 'status', 'dup_key']);
      const refused = await store.insertComment(aComment({ site: 'blog', page: '/p', authorName: 'layla', authorEmail: 'layla@example.com', content: 'Hello there' }), { duplicate: true, floodWindowMs: 0 });
      expect(refused).toEqual({ ok: false, refusal: 'duplicate' });
    } finally {
      await store.close();
    }
  });

  it('when a new store is opened, then every migration runs and the notification tables exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'majlis-migrate-'));
    dirs.push(dir);
    const file = path.join(dir, 'majlis.sqlite');
    const store = new SqliteStore(file);
    await store.open();
    try {
      await expectNotificationTables(store, file);
    } finally {
      await store.close();
    }
  });
});

/** The migrated store is at the newest version and its notification storage works. */
async function expectNotificationTables(store: SqliteStore, file: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['outbox', 'webhooks', 'subscribers', 'reply_watches', 'thread_mutes', 'quotas']));
  } finally {
    db.close();
  }
  await store.notify.enqueue([{ id: 'o1', kind: 'mail', site: 'blog', payload: { n: 1 }, createdAt: 10 }]);
  expect(await store.notify.getOutboxItem('o1')).toMatchObject({ id: 'o1', status: 'pending' });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
