import { rmSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../server/store/sqlite.js';
import { migrations, UNFEATURE_DELETED_MIGRATION } from '../server/store/sqlite-migrations.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { storeAtVersion } from './helpers/old-store.js';

/**
 * A comment its author deleted is featured no more: not for readers (as before), not in the
 * featured list, and not for moderators, whose dashboard offers no toggle on such a comment.
 */
let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(() => app?.close());

async function approved(page: string, over: Record<string, unknown> = {}) {
  const res = await postComment(app, { page, ...over });
  expect((await moderate(app, cookie, res.body.comment.id, 'approve')).status).toBe(200);
  return { id: res.body.comment.id as string, token: res.body.editToken as string };
}
const feature = (id: string) => request(app, 'POST', `/api/moderation/comments/${id}/actions`, { body: { action: 'feature' }, cookie, headers: { origin: app.url } });
const moderatorView = async (id: string, page: string) =>
  (await request(app, 'GET', `/api/moderation/comments?site=test&page=${encodeURIComponent(page)}`, { cookie })).body.comments.find((c: { id: string }) => c.id === id);

describe('author-deleted comments and featured picks', () => {
  it('when the author deletes a featured comment kept as a placeholder, then moderators see it unfeatured, the list drops it, and readers of the page hear comment:featured false', async () => {
    const page = '/deleted/featured';
    const parent = await approved(page);
    await approved(page, { parentId: parent.id });
    expect((await feature(parent.id)).status).toBe(200);
    expect((await moderatorView(parent.id, page)).featured).toBe(true);

    const s = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    await new Promise<void>((r) => s.once('connect', () => r()));
    expect(await s.emitWithAck('join', { site: 'test', page })).toEqual({ ok: true });
    const heard = new Promise<{ id: string; featured: boolean }>((resolve) => s.on('comment:featured', resolve));

    const del = await request(app, 'DELETE', `/api/comments/${parent.id}`, { body: { editToken: parent.token } });
    expect(del.status, JSON.stringify(del.body)).toBeLessThan(300);
    expect(await heard).toMatchObject({ id: parent.id, featured: false });
    const view = await moderatorView(parent.id, page);
    expect(view).toMatchObject({ deleted: true, featured: false });
    const list = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`);
    expect(list.body.featured).toEqual([]);
    expect(list.body.comments.find((c: { id: string }) => c.id === parent.id)).toMatchObject({ deleted: true, featured: false });
  });
});

describe('SQLite migration UNFEATURE_DELETED_MIGRATION: author-deleted comments lose their pick', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when a store has a featured comment its author deleted, then opening it unfeatures that one and leaves a live pick alone', async () => {
    const { file, db } = storeAtVersion(migrations.indexOf(UNFEATURE_DELETED_MIGRATION), dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    const add = db.prepare(
      `INSERT INTO comments (id, site, page, thread_id, author_name, author_email, avatar_key, content, status, ip, user_agent, created_at, featured_at, deleted_at)
       VALUES (?, 'blog', '/p', ?, 'أحمد', 'a@example.com', 'k', ?, 'approved', '', '', 1000, 2000, ?)`,
    );
    add.run('gone', 'gone', 'محذوف', 3000);
    add.run('kept', 'kept', 'باقٍ', null);
    db.close();
    const store = new SqliteStore(file);
    await store.open();
    try {
      expect((await store.getComment('gone'))!.featuredAt).toBeNull();
      expect((await store.getComment('kept'))!.featuredAt).toBe(2000);
    } finally {
      await store.close();
    }
  });
});
