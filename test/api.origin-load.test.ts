import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { commentBody, postComment, request, type Res } from './helpers/http.js';

/** A page on an origin the site does not allow learns so when it loads, not after its reader has written a comment. */
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://news.example' } });
});
afterAll(() => app.close());

const FOREIGN = 'http://127.0.0.1:4001';

/** What a browser needs to hand an answer to the page's script: its origin reflected, no credentials, and a cache told the answer varies by origin. */
function readableBy(res: Res, origin: string): void {
  expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  expect(res.headers.get('vary') ?? '').toMatch(/\borigin\b/i);
}

describe('reading from an origin', () => {
  it('when a page on an origin the site does not allow loads its comments or a form token, then 403 forbidden, saying so in Arabic (English on request)', async () => {
    for (const path of ['/api/comments?site=test&page=%2Fa', '/api/form-token?site=test&page=%2Fa']) {
      const ar = await request(app, 'GET', path, { headers: { origin: FOREIGN } });
      expect(ar.status).toBe(403);
      expect(ar.body).toMatchObject({ error: 'forbidden' });
      expect(ar.body.message).toMatch(/[\u0600-\u06FF]/);
      const en = await request(app, 'GET', path, { headers: { origin: FOREIGN }, lang: 'en' });
      expect(en.body.message).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  it('when the page is on an allowed origin, or the request names none (curl, servers), then the comments load', async () => {
    expect((await request(app, 'GET', '/api/comments?site=test&page=%2Fa', { headers: { origin: 'https://news.example' } })).status).toBe(200);
    expect((await request(app, 'GET', '/api/comments?site=test&page=%2Fa')).status).toBe(200);
    expect((await request(app, 'GET', '/api/form-token?site=test&page=%2Fa', { headers: { origin: 'https://news.example' } })).status).toBe(200);
  });
});

describe('refusals a page on an origin no site allows can read', () => {
  let id = '';
  let token = '';
  beforeAll(async () => {
    const posted = await postComment(app, { page: '/refused' });
    expect(posted.status).toBe(201);
    ({ id } = posted.body.comment);
    token = posted.body.editToken;
  });

  it('when it asks anything the widget or count.js asks, then 403 forbidden with its reason, readable by its script (its origin reflected, no credentials, Vary: Origin)', async () => {
    const asks: Array<[string, string, unknown?, Record<string, string>?]> = [
      ['GET', '/api/comments?site=test&page=%2Frefused'],
      ['GET', '/api/form-token?site=test&page=%2Frefused'],
      ['GET', '/api/counts?site=test&page=%2Frefused'],
      ['GET', `/api/comments/mine?c=${encodeURIComponent(`${id}:${token}`)}`],
      ['GET', `/api/comments/${id}?token=${encodeURIComponent(token)}`],
      ['POST', '/api/comments', commentBody(app, { page: '/refused' })],
      ['PATCH', `/api/comments/${id}`, { editToken: token, content: 'نص جديد من موقع غريب' }],
      ['DELETE', `/api/comments/${id}`, { editToken: token }],
      ['POST', `/api/comments/${id}/reactions`, { reaction: 'like' }, { 'majlis-reader': 'r'.repeat(22) }],
      ['POST', `/api/comments/${id}/reports`, { reason: 'spam' }, { 'majlis-reader': 'r'.repeat(22) }],
    ];
    for (const [method, path, body, extra] of asks) {
      const res = await request(app, method, path, { body, headers: { origin: FOREIGN, ...extra } });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body, `${method} ${path}`).toEqual({ error: 'forbidden', message: 'هذا الموقع غير مسموح له بإرسال التعليقات هنا.' });
      readableBy(res, FOREIGN);
    }
    const en = await request(app, 'GET', '/api/comments?site=test&page=%2Frefused', { headers: { origin: FOREIGN }, lang: 'en' });
    expect(en.body.message).toBe('This origin is not allowed to post comments here.');
    // nothing it asked changed anything
    const stored = await app.store.getComment(id);
    expect(stored?.content).not.toBe('نص جديد من موقع غريب');
    expect([stored?.deletedAt ?? null, stored?.likes]).toEqual([null, 0]);
  });

  it('when its browser preflights a write, then the preflight passes (its origin reflected, no credentials), so the page reaches the refusal', async () => {
    for (const [method, path] of [['POST', '/api/comments'], ['PATCH', `/api/comments/${id}`], ['DELETE', `/api/comments/${id}/reactions`]] as const) {
      const res = await request(app, 'OPTIONS', path, { headers: { origin: FOREIGN, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,majlis-reader' } });
      expect(res.status, `${method} ${path}`).toBe(204);
      readableBy(res, FOREIGN);
      expect(res.headers.get('access-control-allow-methods')).toContain(method);
    }
  });

  it('when an allowed origin asks, then it still gets its answer, readable; a request with no Origin gets no CORS headers', async () => {
    const ok = await request(app, 'GET', '/api/counts?site=test&page=%2Frefused', { headers: { origin: 'https://news.example' } });
    expect(ok.status).toBe(200);
    readableBy(ok, 'https://news.example');
    const plain = await request(app, 'GET', '/api/counts?site=test&page=%2Frefused');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
