import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { editTokenFor } from '../server/usecases/submit-comment.js';

// The reader-side facts that keep an open page equal to a fresh load (issue 9):
// thread limits, the author's own status, subtrees on re-approval, counts, closing.

let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];
let seq = 0;
const key = () => `/sync/${++seq}-${Date.now().toString(36)}`;

async function reader(page?: string): Promise<Socket> {
  const s = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  if (page) expect(await s.emitWithAck('join', { site: 'test', page })).toEqual({ ok: true });
  return s;
}

/** Collects every event of `names` the socket receives, in order. */
function record(s: Socket, names: string[]): Array<[string, any]> {
  const seen: Array<[string, any]> = [];
  for (const n of names) s.on(n, (x: unknown) => seen.push([n, x]));
  return seen;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function posted(page: string, over: Record<string, unknown> = {}) {
  const res = await postComment(app, { page, ...over }, { origin: app.url });
  expect(res.status).toBe(201);
  return res.body as { comment: { id: string; version?: number }; editToken: string };
}

const version = async (id: string) => (await app.store.getComment(id))!.version;

beforeAll(async () => {
  app = await startApp({ siteSettings: { minLength: 3, maxLength: 8000, holdAll: true } });
  cookie = await login(app);
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
});
afterAll(() => app.close());

describe('thread answer', () => {
  it('when a thread is read, then it carries the site minLength and maxLength the form must enforce', async () => {
    const res = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(key())}`);
    expect(res.body.thread).toMatchObject({ closed: false, minLength: 3, maxLength: 8000 });
  });

  it('when the widget on another origin reads a thread, then the Date header is exposed (to estimate the server clock)', async () => {
    const res = await request(app, 'GET', `/api/comments?site=test&page=/x`, { headers: { origin: 'http://localhost:5555' } });
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bDate\b/);
    expect(Date.parse(res.headers.get('date')!)).toBeGreaterThan(0);
  });
});

describe('own comments', () => {
  it('when the author asks with edit tokens, then pending, filter-spam and moderator decisions read as the author should see them', async () => {
    const page = key();
    const held = await posted(page);
    const filtered = await posted(page, { honeypot: 'I am a bot' });
    const trashed = await posted(page);
    const approved = await posted(page);
    expect((await app.store.getComment(filtered.comment.id))!.status).toBe('spam');
    expect((await moderate(app, cookie, trashed.comment.id, 'trash')).status).toBe(200);
    expect((await moderate(app, cookie, approved.comment.id, 'approve')).status).toBe(200);
    const c = [held, filtered, trashed, approved].map((p) => `c=${p.comment.id}:${p.editToken}`).join('&');
    const res = await request(app, 'GET', `/api/comments/mine?${c}&c=${held.comment.id}:wrongtoken`);
    expect(res.status).toBe(200);
    const statuses = Object.fromEntries((res.body.comments as Array<{ id: string; status: string }>).map((x) => [x.id, x.status]));
    expect(statuses).toEqual({
      [held.comment.id]: 'pending',
      [filtered.comment.id]: 'pending',
      [trashed.comment.id]: 'removed',
      [approved.comment.id]: 'approved',
    });
    const single = await request(app, 'GET', `/api/comments/${trashed.comment.id}?token=${trashed.editToken}`);
    expect(single.body.comment.status).toBe('removed');
    expect((await request(app, 'GET', '/api/comments/mine?c=nonsense')).status).toBe(400);
    expect((await request(app, 'GET', '/api/comments/mine')).status).toBe(400);
  });

  it('when a socket follows many pages and own comments, then each has its own bound: 50 own comments, and pages up to the page limit', async () => {
    const s = await reader();
    // Ids need not exist: a claim proves the edit token only; following it reveals nothing.
    const claims = (from: number, n: number) => Array.from({ length: n }, (_, i) => `own-bound-${from + i}:${editTokenFor(app.secret, `own-bound-${from + i}`)}`);
    expect(await s.emitWithAck('own', { claims: claims(0, 50) })).toEqual({ ok: true, joined: 50 });
    // The same claims again add no room.
    expect(await s.emitWithAck('own', { claims: claims(0, 50) })).toEqual({ ok: true, joined: 50 });
    expect(await s.emitWithAck('own', { claims: claims(50, 1) })).toMatchObject({ ok: false, error: 'rate_limited' });
    // Own rooms do not use up the pages a reader may follow (20 rooms, the socket's own included).
    const acks: Array<{ ok: boolean }> = [];
    for (let i = 0; i < 20; i++) acks.push(await s.emitWithAck('join', { site: 'test', page: `/own-bound/${i}` }));
    expect(acks.filter((a) => a.ok).length).toBe(19);
    expect(acks[19]).toMatchObject({ ok: false, error: 'rate_limited' });
  });

  it('when a moderator decides on a comment, then only a socket that proved its edit token hears comment:status', async () => {
    const page = key();
    const mine = await posted(page);
    const author = await reader(page);
    const stranger = await reader(page);
    expect(await author.emitWithAck('own', { claims: [`${mine.comment.id}:${mine.editToken}`] })).toEqual({ ok: true, joined: 1 });
    expect(await stranger.emitWithAck('own', { claims: [`${mine.comment.id}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`] })).toEqual({ ok: true, joined: 0 });
    expect(await stranger.emitWithAck('own', { claims: 'x' })).toMatchObject({ ok: false });
    const heard = record(author, ['comment:status']);
    const overheard = record(stranger, ['comment:status']);
    await moderate(app, cookie, mine.comment.id, 'spam');
    await until(() => heard.length === 1, 'removed');
    expect(heard[0]![1]).toMatchObject({ id: mine.comment.id, status: 'removed' });
    expect(heard[0]![1].email).toBeUndefined();
    await moderate(app, cookie, mine.comment.id, 'restore');
    await until(() => heard.length === 2, 'pending again');
    expect(heard[1]![1].status).toBe('pending');
    await new Promise((r) => setTimeout(r, 200));
    expect(overheard).toEqual([]);
  });
});

describe('live thread', () => {
  it('when a parent is un-approved and approved again, then readers get it back with its approved replies, then the count', async () => {
    const page = key();
    const parent = await posted(page);
    await moderate(app, cookie, parent.comment.id, 'approve');
    const reply = await posted(page, { parentId: parent.comment.id });
    await moderate(app, cookie, reply.comment.id, 'approve');
    const nested = await posted(page, { parentId: reply.comment.id });
    await moderate(app, cookie, nested.comment.id, 'approve');
    const s = await reader(page);
    const seen = record(s, ['comment:approved', 'comment:removed', 'page:count']);
    await moderate(app, cookie, parent.comment.id, 'pending', await version(parent.comment.id));
    await until(() => seen.some(([n]) => n === 'page:count'), 'count after removal');
    expect(seen).toEqual([
      ['comment:removed', { id: parent.comment.id, page }],
      ['page:count', { page, total: 0 }],
    ]);
    seen.length = 0;
    await moderate(app, cookie, parent.comment.id, 'approve');
    await until(() => seen.some(([n]) => n === 'page:count'), 'count after approval');
    expect(seen.map(([n, x]) => [n, x.id ?? x.total])).toEqual([
      ['comment:approved', parent.comment.id],
      ['comment:approved', reply.comment.id],
      ['comment:approved', nested.comment.id],
      ['page:count', 3],
    ]);
  });

  it('when a moderator closes and reopens the thread, then readers of that page get page:closed', async () => {
    const page = key();
    await posted(page);
    const s = await reader(page);
    const seen = record(s, ['page:closed']);
    const close = (closed: boolean) => request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page, closed }, cookie, headers: { origin: app.url } });
    expect((await close(true)).status).toBe(200);
    await until(() => seen.length === 1, 'closed');
    expect((await close(false)).status).toBe(200);
    await until(() => seen.length === 2, 'reopened');
    expect(seen.map(([, x]) => x)).toEqual([
      { page, closed: true },
      { page, closed: false },
    ]);
    const res = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`);
    expect(res.body.thread.closed).toBe(false);
  });
});
