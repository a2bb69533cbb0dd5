import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(() => app.close());

const reader = (n: number) => `reader-${String(n).padStart(12, '0')}`;

/** Posts and approves a comment; returns its id and edit token. */
async function approved(page: string, over: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const res = await postComment(app, { page, ...over });
  expect(res.status).toBe(201);
  const mod = await moderate(app, cookie, res.body.comment.id, 'approve');
  expect(mod.status).toBe(200);
  return { id: res.body.comment.id, token: res.body.editToken };
}

const list = (page: string, q = '') => request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}${q}`);
const like = (id: string, r: string, method = 'POST') => request(app, method, `/api/comments/${id}/reactions`, { body: { reaction: 'like' }, headers: { 'majlis-reader': r } });

describe('GET /api/comments: orders, cursors both ways, permalinks', () => {
  const page = '/readers/sorting';
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) ids.push((await approved(page)).id);
    // a reply under the first thread stays with it in every order
    const reply = await postComment(app, { page, parentId: ids[0] });
    await moderate(app, cookie, reply.body.comment.id, 'approve');
    // likes: ids[3] gets 2, ids[1] gets 1
    await like(ids[3]!, reader(1));
    await like(ids[3]!, reader(2));
    await like(ids[1]!, reader(1));
  });

  it('when no sort is given, then threads come oldest first with prevCursor null and the new thread fields', async () => {
    const res = await list(page, '&limit=2');
    expect(res.status).toBe(200);
    expect(res.body.comments.filter((c: any) => !c.parentId).map((c: any) => c.id)).toEqual(ids.slice(0, 2));
    expect(res.body.prevCursor).toBeNull();
    expect(res.body.featured).toEqual([]);
    expect(res.body.thread).toMatchObject({ editWindowMinutes: 10, reactions: true, defaultSort: 'oldest', reportThreshold: 3 });
    expect(res.body.comments[0]).toMatchObject({ likes: 0, featured: false, deleted: false });
  });

  it('when paging forward then back with each order, then every thread is seen once in that order', async () => {
    const expected: Record<string, string[]> = {
      oldest: ids,
      newest: [...ids].reverse(),
      popular: [ids[3]!, ids[1]!, ids[0]!, ids[2]!, ids[4]!],
    };
    for (const sort of ['oldest', 'newest', 'popular']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let last: any;
      do {
        last = await list(page, `&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(last.status).toBe(200);
        seen.push(...last.body.comments.filter((c: any) => !c.parentId).map((c: any) => c.id));
        cursor = last.body.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(expected[sort]);
      // back from the last page with prevCursor
      const back = await list(page, `&limit=2&sort=${sort}&cursor=${last.body.prevCursor}`);
      expect(back.body.comments.filter((c: any) => !c.parentId).map((c: any) => c.id), sort).toEqual(expected[sort]!.slice(2, 4));
    }
  });

  it('when a cursor of another order is sent, then 400 in Arabic and English', async () => {
    const first = await list(page, '&limit=2&sort=newest');
    const res = await list(page, `&limit=2&sort=oldest&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toMatch(/[\u0600-\u06FF]/);
    const en = await request(app, 'GET', `/api/comments?site=test&page=${page}&limit=2&sort=popular&cursor=${first.body.nextCursor}`, { lang: 'en' });
    expect(en.body.message).toBe('This cursor belongs to another order.');
    const bad = await list(page, '&sort=random');
    expect(bad.status).toBe(400);
  });

  it('when around names a reply on a later page, then that page comes with its root, prevCursor and around', async () => {
    const res = await list(page, `&limit=2&around=${ids[4]}`);
    expect(res.status).toBe(200);
    expect(res.body.around).toBe(ids[4]);
    expect(res.body.comments[0].id).toBe(ids[4]);
    expect(res.body.prevCursor).toBeTruthy();
    const before = await list(page, `&limit=2&cursor=${res.body.prevCursor}`);
    expect(before.body.comments.filter((c: any) => !c.parentId).map((c: any) => c.id)).toEqual([ids[2], ids[3]]);
    const reply = (await list(page)).body.comments.find((c: any) => c.parentId === ids[0]);
    const viaReply = await list(page, `&limit=2&sort=newest&around=${reply.id}`);
    expect(viaReply.body.around).toBe(ids[0]);
    expect(viaReply.body.comments.map((c: any) => c.id)).toContain(reply.id);
  });

  it('when around names an unknown or held comment, then 404 not_found', async () => {
    expect((await list(page, '&around=nope')).status).toBe(404);
    const held = await postComment(app, { page });
    const res = await list(page, `&around=${held.body.comment.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });
});

describe('cross-origin readers\' writes', () => {
  it('when a page on an allowed origin preflights a like, then PATCH, DELETE and the Majlis-Reader header are allowed', async () => {
    const res = await fetch(`${app.url}/api/comments/x/reactions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'content-type,majlis-reader' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('majlis-reader');
  });

  it('when a page on a foreign origin likes, reports or edits, then 403 and nothing changes', async () => {
    const { id, token } = await approved('/readers/origin');
    const headers = { origin: 'https://evil.example', 'majlis-reader': reader(5) };
    expect((await request(app, 'POST', `/api/comments/${id}/reactions`, { body: { reaction: 'like' }, headers })).status).toBe(403);
    expect((await request(app, 'POST', `/api/comments/${id}/reports`, { body: { reason: 'spam' }, headers })).status).toBe(403);
    expect((await request(app, 'PATCH', `/api/comments/${id}`, { body: { content: 'x', editToken: token }, headers })).status).toBe(403);
    expect((await app.store.getComment(id))!.likes).toBe(0);
  });
});
