import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { addModerator } from '../server/usecases/auth.js';

/** Issue 13 point 4: reply context, moderator edits (versioned, history kept, live) and moderator replies. */
let app: TestApp;
let admin: string;
let now = Date.UTC(2026, 10, 5, 8);
const H = () => ({ origin: app.url });
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startApp({ clock: () => now, siteSettings: { holdAll: true }, env: { SITE_ORIGINS: 'https://blog.example' } });
  admin = await login(app);
}, 60_000);
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await app.close();
});

async function post(over: Record<string, unknown> = {}) {
  now += 1000;
  const res = await postComment(app, over);
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}

describe('editing', () => {
  it('when a moderator edits with the current version, then the text changes, editedAt is set, the old text is kept and readers get it live', async () => {
    const id = await post({ page: '/e/1', pageUrl: 'https://blog.example/e/1', content: 'نص قديم فيه خطأ' });
    await moderate(app, admin, id, 'approve');
    const reader = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(reader);
    await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
    expect(await reader.emitWithAck('join', { site: 'test', page: '/e/1' })).toEqual({ ok: true });
    const live = new Promise<{ id: string; content: string; editedAt: string }>((resolve) => reader.once('comment:edited', resolve));
    const version = (await app.store.getComment(id))!.version;
    now += 5000;
    const res = await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), body: { content: 'نص مصحَّح', version } });
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ content: 'نص مصحَّح', version: version + 1, editedAt: new Date(now).toISOString() });
    const pushed = await live;
    expect(pushed).toMatchObject({ id, editedAt: new Date(now).toISOString() });
    expect(JSON.stringify(pushed)).toContain('نص مصحَّح');
    expect(JSON.stringify(pushed)).not.toMatch(/@example\.com|127\.0\.0\.1/);
    const edits = await request(app, 'GET', `/api/moderation/comments/${id}/edits`, { cookie: admin });
    expect(edits.body.edits).toEqual([{ commentId: id, at: now, by: { id: expect.any(String), name: 'Admin' }, before: { content: 'نص قديم فيه خطأ' } }]);
    // the public thread shows the new text, and search finds it by the new words only
    const thread = await request(app, 'GET', '/api/comments?site=test&page=%2Fe%2F1');
    expect(JSON.stringify(thread.body)).toContain('نص مصحَّح');
    const found = await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent('مصحح')}`, { cookie: admin });
    expect(found.body.comments.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent('قديم')}`, { cookie: admin })).body.comments).toEqual([]);
  });

  it('when the version is stale, then 409 with the current comment and nothing changes; bad fields are 422', async () => {
    const id = await post({ page: '/e/2' });
    const v = (await app.store.getComment(id))!.version;
    await moderate(app, admin, id, 'approve');
    const stale = await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), lang: 'en', body: { content: 'x y z', version: v } });
    expect(stale.status).toBe(409);
    expect(stale.body.comment.version).toBe(v + 1);
    expect((await app.store.getComment(id))!.editedAt).toBeNull();
    const bad = await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), lang: 'en', body: { content: '   ', url: 'javascript:alert(1)', version: v + 1 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['content', 'url']);
    expect((await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), body: { content: 'بلا نسخة' } })).status).toBe(400);
    const named = await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), body: { name: 'اسم جديد', url: null, version: v + 1 } });
    expect(named.body.comment.author.name).toBe('اسم جديد');
  });
});

describe('replies and their context', () => {
  it('when a moderator replies to a pending comment, then the parent is approved and the reply is approved at once under their name', async () => {
    const parent = await post({ page: '/r/1', name: 'سارة', content: 'سؤال عن المقال' });
    const res = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie: admin, headers: H(), body: { content: 'شكراً على سؤالك' } });
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ status: 'approved', parentId: parent, author: { name: 'Admin' } });
    expect((await app.store.getComment(parent))!.status).toBe('approved');
    await moderate(app, admin, parent, 'spam');
    const binned = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie: admin, headers: H(), lang: 'en', body: { content: 'again' } });
    expect(binned.status).toBe(409);
    expect((await request(app, 'POST', `/api/moderation/comments/${res.body.comment.id}/replies`, { cookie: admin, headers: H(), body: { content: '' } })).status).toBe(422);
  });

  it('when a moderator who never chose a name replies, then readers see the site-language word for moderator, never a piece of their email', async () => {
    // added without a name: the account's name defaults to the email's mailbox, which is part of a hidden email
    await addModerator(app.store, { email: 'sara.k.private@example.org', password: 'correct-horse-battery', role: 'admin' }, now);
    const cookie = await login(app, { email: 'sara.k.private@example.org', password: 'correct-horse-battery' });
    const parent = await post({ page: '/r/anon', content: 'سؤال للمشرف' });
    const res = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie, headers: H(), body: { content: 'أهلاً بك' } });
    expect(res.status).toBe(201);
    expect(res.body.comment.author.name).toBe('المشرف');
    const page = await request(app, 'GET', '/api/comments?site=test&page=%2Fr%2Fanon');
    expect(page.body.comments.map((c: { author: { name: string } }) => c.author.name)).toContain('المشرف');
    expect(JSON.stringify(page.body)).not.toMatch(/sara\.k/i);
    // an English site says it in English; a chosen name is kept as it is
    expect((await request(app, 'PATCH', '/api/moderation/sites/test', { cookie: admin, headers: H(), body: { settings: { mailLanguage: 'en' } } })).status).toBe(200);
    const again = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie, headers: H(), body: { content: 'Welcome' } });
    expect(again.body.comment.author.name).toBe('Moderator');
    expect((await request(app, 'PATCH', '/api/moderation/sites/test', { cookie: admin, headers: H(), body: { settings: { mailLanguage: 'ar' } } })).status).toBe(200);
    const named = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie: admin, headers: H(), body: { content: 'ومني أيضاً' } });
    expect(named.body.comment.author.name).toBe('Admin');
    // a new email: the default name follows it, so the old mailbox never becomes public either
    const sara = (await app.store.findModeratorByEmail('sara.k.private@example.org'))!;
    const moved = await request(app, 'PATCH', `/api/moderation/moderators/${sara.id}`, { cookie: admin, headers: H(), body: { email: 'sara@example.org' } });
    expect(moved.status).toBe(200);
    const after = await login(app, { email: 'sara@example.org', password: 'correct-horse-battery' });
    const later = await request(app, 'POST', `/api/moderation/comments/${parent}/replies`, { cookie: after, headers: H(), body: { content: 'بعد تغيير البريد' } });
    expect(later.body.comment.author.name).toBe('المشرف');
    expect(JSON.stringify((await request(app, 'GET', '/api/comments?site=test&page=%2Fr%2Fanon')).body)).not.toMatch(/sara\.k/i);
  });

  it('when a reply waits in the queue, then it carries what it answers: the name, the start of the text and the link', async () => {
    const long = 'بداية التعليق الأصلي ' + 'كلام '.repeat(40);
    const parent = await post({ page: '/r/2', name: 'سارة', content: long, pageUrl: 'https://blog.example/r/2' });
    await moderate(app, admin, parent, 'approve');
    const reply = await post({ page: '/r/2', parentId: parent, content: 'ردّ ينتظر' });
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie: admin });
    const item = queue.body.comments.find((c: { id: string }) => c.id === reply);
    expect(item.replyTo).toMatchObject({ id: parent, name: 'سارة', status: 'approved', url: `https://blog.example/r/2#comment-${parent}` });
    expect(item.replyTo.excerpt.startsWith('بداية التعليق الأصلي')).toBe(true);
    expect(item.replyTo.excerpt.endsWith('…')).toBe(true);
    expect([...item.replyTo.excerpt].length).toBe(101);
    expect(queue.body.comments.find((c: { id: string; parentId: string | null }) => c.id !== reply && c.parentId === null)?.replyTo ?? null).toBeNull();
  });

  it('when a reply arrives or changes live, then the moderators\' event carries the same context as the list (live equals a reload)', async () => {
    const parent = await post({ page: '/r/3', name: 'ليلى', content: 'التعليق الأصلي', pageUrl: 'https://blog.example/r/3' });
    await moderate(app, admin, parent, 'approve');
    const mod = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: admin } });
    sockets.push(mod);
    await new Promise<void>((resolve, reject) => {
      mod.once('connect', () => resolve());
      mod.once('connect_error', reject);
    });
    type Live = { id: string; replyTo: { id: string; name: string; excerpt: string } | null };
    const arrived = new Promise<Live>((resolve) => mod.on('comment:new', (c: Live) => c.replyTo && resolve(c)));
    const reply = await post({ page: '/r/3', parentId: parent, content: 'ردّ حيّ' });
    const pushed = await arrived;
    const listed = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie: admin })).body.comments.find((c: { id: string }) => c.id === reply);
    expect(pushed.id).toBe(reply);
    expect(pushed.replyTo).toEqual(listed.replyTo);
    expect(pushed.replyTo).toMatchObject({ id: parent, name: 'ليلى', excerpt: 'التعليق الأصلي' });
    const updated = new Promise<Live>((resolve) => mod.on('comment:updated', (c: Live) => c.id === reply && resolve(c)));
    await moderate(app, admin, reply, 'approve');
    expect((await updated).replyTo).toEqual(listed.replyTo);
    const top = new Promise<Live>((resolve) => mod.on('comment:new', (c: Live) => c.replyTo === null && resolve(c)));
    await post({ page: '/r/3', content: 'تعليق مستقل' });
    expect((await top).replyTo).toBeNull();
  });
});
