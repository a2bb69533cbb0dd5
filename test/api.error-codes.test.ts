import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { commentBody, login, request } from './helpers/http.js';

// Error codes a client acts on: a refusal it can fix says what to fix (which parameter, what
// bound), a refused origin is told so before any rate limit is spent or revealed.
let app: TestApp;
let cookie: string;
beforeAll(async () => {
  // postBurst: the post itself, then one more write before the limit.
  app = await startApp({ limits: { postBurst: { points: 2, seconds: 600 }, reactions: { points: 1, seconds: 600 }, reports: { points: 1, seconds: 600 } } });
  cookie = await login(app);
});
afterAll(() => app.close());
const en = 'en';
const H = () => ({ origin: app.url });

describe('own comments (GET /api/comments/mine)', () => {
  it('when more than 50 claims are sent, then the answer is 400 saying at most 50, to be split (not a rate limit)', async () => {
    const c = Array.from({ length: 60 }, (_, i) => `c=id${i}:tok${i}`).join('&');
    const res = await request(app, 'GET', `/api/comments/mine?${c}`, { lang: en });
    expect(res.status).toBe(400);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toContain('At most 50');
    const ar = await request(app, 'GET', `/api/comments/mine?${c}`);
    expect(ar.body.message).toContain('٥٠');
  });
  it('when no claim is sent, then the parameter c is named as required', async () => {
    const res = await request(app, 'GET', '/api/comments/mine', { lang: en });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The parameter "c" is required.');
  });
});

describe('long query parameters on GET routes', () => {
  it('when the moderation search q is longer than allowed, then 400 names q and its bound, never 413', async () => {
    const res = await request(app, 'GET', `/api/moderation/comments?site=test&q=${'a'.repeat(600)}`, { cookie, lang: en });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'The parameter "q" is too long (at most 500 characters).' });
  });
  it('when a parameter makes the whole URL too long for the server, then 400 still names it', async () => {
    const res = await request(app, 'GET', `/api/moderation/comments?site=test&q=${'a'.repeat(20_000)}`, { cookie, lang: en });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'The parameter "q" is too long.' });
  });
  it('when the URL is too long with no one long parameter, then 414 uri_too_long', async () => {
    const res = await request(app, 'GET', `/api/comments/${'x'.repeat(20_000)}`, { lang: en });
    expect(res.status).toBe(414);
    expect(res.body.error).toBe('uri_too_long');
  });
  it('when the headers are too large, then still 431', async () => {
    const res = await request(app, 'GET', '/healthz', { headers: { 'x-big': 'b'.repeat(20_000) } });
    expect(res.status).toBe(431);
  });
  it('when a long parameter goes to any GET route, then its 400 names it', async () => {
    const long = 'a'.repeat(5000);
    for (const [path, param, withCookie] of [
      [`/api/comments?site=test&page=/p&cursor=${long}`, 'cursor', false],
      [`/api/comments/abc?token=${long}`, 'token', false],
      [`/api/counts?site=${long}&page=/p`, 'site', false],
      [`/api/moderation/commenters?site=test&email=${long}`, 'email', true],
      [`/api/moderation/audit?site=test&cursor=${long}`, 'cursor', true],
      [`/api/moderation/privacy/export?email=${long}`, 'email', true],
      [`/api/moderation/sites/test/export?format=${long}`, 'format', true],
    ] as const) {
      const res = await request(app, 'GET', path, { cookie: withCookie ? cookie : undefined, lang: en });
      expect(res.status, path).toBe(400);
      expect(res.body.message, path).toContain(`"${param}" is too long`);
    }
  });
});

describe('moderation routes that take a site', () => {
  it('when POST /api/moderation/rules has no site, then 400 says site is required (not «unknown site ""»)', async () => {
    const res = await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: {}, lang: en });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'The parameter "site" is required.' });
    const ar = await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: {} });
    expect(ar.body.message).toBe('المعامل «site» مطلوب.');
  });
  it('when site is not a string, then 400 bad_param site', async () => {
    const res = await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: { site: 7 }, lang: en });
    expect(res.body.message).toBe('The parameter "site" has an invalid value.');
  });
  it('when any moderation route misses its site, then it names site', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/moderation/rules', undefined],
      ['GET', '/api/moderation/comments', undefined],
      ['GET', '/api/moderation/commenters?email=a@b.example', undefined],
      ['POST', '/api/moderation/pages', { page: '/p', closed: true }],
      ['POST', '/api/moderation/pages', { site: '', page: '/p', closed: true }],
    ] as const) {
      const res = await request(app, method, path, { cookie, headers: H(), body, lang: en });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.message, `${method} ${path}`).toBe('The parameter "site" is required.');
    }
  });
  it('when closing a page misses page or closed, then the answer names it', async () => {
    const noPage = await request(app, 'POST', '/api/moderation/pages', { cookie, headers: H(), body: { site: 'test', closed: true }, lang: en });
    expect(noPage.body.message).toBe('The parameter "page" is required.');
    const noClosed = await request(app, 'POST', '/api/moderation/pages', { cookie, headers: H(), body: { site: 'test', page: '/p' }, lang: en });
    expect(noClosed.body.message).toBe('The parameter "closed" has an invalid value.');
  });
});

describe('origin before rate limit', () => {
  it('when a refused origin edits, deletes, likes or reports, then 403 — before and after the limit — and it spends nothing', async () => {
    const posted = await request(app, 'POST', '/api/comments', { body: commentBody(app, { page: '/limits/1' }) });
    expect(posted.status).toBe(201);
    const { id } = posted.body.comment;
    const { editToken } = posted.body;
    const evil = { origin: 'https://evil.example' };
    const reader = { 'majlis-reader': 'reader-000000000001' };
    const tries = () => [
      request(app, 'PATCH', `/api/comments/${id}`, { headers: evil, body: { editToken, content: 'نص آخر' } }),
      request(app, 'DELETE', `/api/comments/${id}`, { headers: evil, body: { editToken } }),
      request(app, 'POST', `/api/comments/${id}/reactions`, { headers: { ...evil, ...reader }, body: { reaction: 'like' } }),
      request(app, 'POST', `/api/comments/${id}/reports`, { headers: { ...evil, ...reader }, body: { reason: 'spam' } }),
    ];
    for (let round = 0; round < 3; round++) for (const res of await Promise.all(tries())) expect(res.status).toBe(403);
    // Nothing was spent: the one write left still goes through…
    const edit = await request(app, 'PATCH', `/api/comments/${id}`, { body: { editToken, content: 'نص معدّل' } });
    expect(edit.status).toBe(200);
    // …and once the limit is reached, a refused origin still hears 403, never 429.
    expect((await request(app, 'PATCH', `/api/comments/${id}`, { body: { editToken, content: 'مرة أخرى' } })).status).toBe(429);
    for (const res of await Promise.all(tries())) expect(res.status).toBe(403);
  });
  it('when the limit is reached, then an unknown comment is still behind it (ids cannot be probed past the limit)', async () => {
    const res = await request(app, 'PATCH', '/api/comments/no-such-id', { body: { editToken: 'x', content: 'y' } });
    expect(res.status).toBe(429);
  });
});
