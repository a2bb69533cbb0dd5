import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { commentBody, login, moderate, postComment, request } from './helpers/http.js';

let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(() => app.close());

describe('POST /api/comments: required fields (WordPress defaults)', () => {
  it('when name, email and content are missing, then 422 lists every field in Arabic', async () => {
    const res = await request(app, 'POST', '/api/comments', { body: { site: 'test', page: '/p', name: '  ', email: '', content: ' \n ' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation');
    expect(Object.keys(res.body.fields).sort()).toEqual(['content', 'email', 'name']);
    expect(res.body.fields.content).toBe('الرجاء كتابة نصّ تعليقك.');
    expect(res.body.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('when Accept-Language prefers English, then the messages are English', async () => {
    const res = await request(app, 'POST', '/api/comments', { body: { site: 'test', page: '/p', name: 'A', email: 'nope', content: 'x' }, lang: 'en-US,en;q=0.9,ar;q=0.5' });
    expect(res.status).toBe(422);
    expect(res.body.fields).toEqual({ email: 'Please enter a valid email address.' });
  });

  it('when the comment is made only of invisible characters, then it counts as empty', async () => {
    const res = await postComment(app, { content: '\u200B\u2060 \uFEFF' });
    expect(res.status).toBe(422);
    expect(res.body.fields.content).toBe('الرجاء كتابة نصّ تعليقك.');
  });

  it('when the email is invalid, then WordPress wording in Arabic', async () => {
    const res = await postComment(app, { email: 'not-an-email' });
    expect(res.status).toBe(422);
    expect(res.body.fields.email).toBe('يرجى إدخال عنوان بريد إلكتروني صالح.');
  });

  it.each(['javascript:alert(1)', 'data:text/html,hi', 'ftp://x.example', '/relative', 'JaVaScRiPt:alert(1)'])('when url is %s, then it is refused', async (url) => {
    const res = await postComment(app, { url });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields)).toEqual(['url']);
  });

  it('when a field is longer than its limit, then 422 names the limit', async () => {
    const res = await postComment(app, { name: 'ن'.repeat(246), email: `${'a'.repeat(95)}@x.com`, url: `https://x.example/${'a'.repeat(200)}`, content: 'ت'.repeat(5001) });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(['content', 'email', 'name', 'url']);
    expect(res.body.fields.content).toContain('٥٬٠٠٠');
  });

  it('when the name hides bidi controls and zero-width characters, then they are stripped and text is NFC', async () => {
    const res = await postComment(app, { name: 'م\u202Eحمد\u200B \u2066X\u2069', content: 'e\u0301 accent' });
    expect(res.status).toBe(201);
    expect(res.body.comment.author.name).toBe('محمد X');
    expect(res.body.comment.content).toBe('\u00e9 accent');
  });

  it('when everything is valid, then 201 with a pending comment, an edit token and no private data', async () => {
    const res = await postComment(app, { url: 'https://sara.example' }, { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    expect(typeof res.body.editToken).toBe('string');
    expect(Object.keys(res.body.comment).sort()).toEqual(['author', 'content', 'createdAt', 'deleted', 'editedAt', 'featured', 'id', 'likes', 'links', 'page', 'parentId', 'status']);
    expect(res.body.comment.author.avatar).toMatch(/^\/avatar\/[0-9a-f]{32}\.svg$/);
  });
});

describe('POST /api/comments: hostile bodies', () => {
  it.each([
    ['operator object', { email: { $gt: '' } }],
    ['array', { name: ['a', 'b'] }],
    ['number', { content: 42 }],
    ['boolean', { url: true }],
    ['nested', { content: { a: { b: { c: [1, 2, { d: 'x' }] } } } }],
  ])('when a field is a %s, then 400 bad_request naming the field, and nothing is stored', async (_label, over) => {
    const before = (await app.store.countByStatus('test')).pending;
    const res = await postComment(app, over);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(Object.keys(res.body.fields)).toEqual(Object.keys(over));
    expect((await app.store.countByStatus('test')).pending).toBe(before);
  });

  it('when site is an object, then 400', async () => {
    const res = await request(app, 'POST', '/api/comments', { body: { ...commentBody(app), site: { $ne: null } } });
    expect(res.status).toBe(400);
  });

  it.each([
    ['malformed JSON', '{"site": "test",'],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
    ['a JSON string', '"hello"'],
    ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ])('when the body is %s, then 400', async (_label, raw) => {
    const res = await request(app, 'POST', '/api/comments', { raw });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
  });

  it('when the body is not JSON at all, then 400', async () => {
    const res = await request(app, 'POST', '/api/comments', { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
  });

  it('when the body is over 32 KB, then 413', async () => {
    const res = await postComment(app, { content: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('too_large');
  });

  it('when the site is unknown, then 400', async () => {
    const res = await postComment(app, { site: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
  });

  it('when the Origin is not allowed for the site, then 403', async () => {
    const res = await postComment(app, {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });
});

describe('moderation defaults and threads', () => {
  it('when an author with an approved comment posts again (same name and email), then it is approved at once', async () => {
    const first = await postComment(app, { name: 'Omar', email: 'omar@example.com' });
    expect(first.body.comment.status).toBe('pending');
    await moderate(app, cookie, first.body.comment.id, 'approve');
    const second = await postComment(app, { name: 'Omar', email: 'omar@example.com' });
    expect(second.body.comment.status).toBe('approved');
    const otherName = await postComment(app, { name: 'Omar B', email: 'omar@example.com' });
    expect(otherName.body.comment.status).toBe('pending');
  });

  it('when a comment is held, then moderators see the reason', async () => {
    const res = await postComment(app, { name: 'Newcomer' });
    const list = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    const held = list.body.comments.find((c: { id: string }) => c.id === res.body.comment.id);
    expect(held.reasons).toContain('أول تعليق من هذا الكاتب');
    const en = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie, lang: 'en' });
    expect(en.body.comments.find((c: { id: string }) => c.id === res.body.comment.id).reasons).toContain('first comment from this author');
  });

  it('when replying, then the parent must be approved and on the same page', async () => {
    const page = '/threads/a';
    const parent = await postComment(app, { page });
    const pending = await postComment(app, { page, parentId: parent.body.comment.id });
    expect(pending.status).toBe(403);
    await moderate(app, cookie, parent.body.comment.id, 'approve');
    const elsewhere = await postComment(app, { page: '/threads/b', parentId: parent.body.comment.id });
    expect(elsewhere.status).toBe(404);
    const unknown = await postComment(app, { page, parentId: 'does-not-exist' });
    expect(unknown.status).toBe(404);
    const ok = await postComment(app, { page, parentId: parent.body.comment.id });
    expect(ok.status).toBe(201);
  });

  it('when listing, then threads come oldest first with their replies, paged by top-level thread with a stable cursor', async () => {
    const page = '/threads/paging';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await postComment(app, { page });
      await moderate(app, cookie, c.body.comment.id, 'approve');
      ids.push(c.body.comment.id);
    }
    const reply = await postComment(app, { page, parentId: ids[0] });
    await moderate(app, cookie, reply.body.comment.id, 'approve');
    const p1 = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}&limit=2`);
    expect(p1.status).toBe(200);
    expect(p1.body.comments.map((c: { id: string }) => c.id)).toEqual([ids[0], reply.body.comment.id, ids[1]]);
    expect(p1.body.total).toBe(6);
    // a new thread arriving between page loads must not shift the next page
    const late = await postComment(app, { page });
    await moderate(app, cookie, late.body.comment.id, 'approve');
    const p2 = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}&limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.comments.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[3]]);
    const p3 = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}&limit=2&cursor=${p2.body.nextCursor}`);
    expect(p3.body.comments.map((c: { id: string }) => c.id)).toEqual([ids[4], late.body.comment.id]);
    expect(p3.body.nextCursor).toBeNull();
  });

  it('when the cursor or limit is garbage, then 400', async () => {
    expect((await request(app, 'GET', '/api/comments?site=test&page=/x&cursor=%%%')).status).toBe(400);
    expect((await request(app, 'GET', '/api/comments?site=test&page=/x&limit=abc')).status).toBe(400);
    expect((await request(app, 'GET', '/api/comments?site=test')).status).toBe(400);
    expect((await request(app, 'GET', '/api/comments?site=nope&page=/x')).status).toBe(400);
    expect((await request(app, 'GET', '/api/comments?site[$ne]=x&page=/x')).status).toBe(400);
  });

  it('when counting 100 pages in one call, then every page is answered; 101 is refused', async () => {
    const pages = Array.from({ length: 100 }, (_, i) => `/many/${i}`);
    const res = await request(app, 'GET', `/api/counts?site=test&${pages.map((p) => `page=${encodeURIComponent(p)}`).join('&')}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.counts)).toHaveLength(100);
    const tooMany = await request(app, 'GET', `/api/counts?site=test&${[...pages, '/x'].map((p) => `page=${encodeURIComponent(p)}`).join('&')}`);
    expect(tooMany.status).toBe(400);
  });

  it('when counting many pages, then approved comments only, unknown pages 0', async () => {
    const a = await postComment(app, { page: '/count/a' });
    await moderate(app, cookie, a.body.comment.id, 'approve');
    await postComment(app, { page: '/count/a' });
    const res = await request(app, 'GET', '/api/counts?site=test&page=/count/a&page=/count/none&page=__proto__');
    expect(Object.entries(res.body.counts)).toEqual([['/count/a', 1], ['/count/none', 0], ['__proto__', 0]]);
  });

  it('when the author asks for their own comment with the edit token, then they see it with its status', async () => {
    const res = await postComment(app);
    const own = await request(app, 'GET', `/api/comments/${res.body.comment.id}?token=${res.body.editToken}`);
    expect(own.status).toBe(200);
    expect(own.body.comment.status).toBe('pending');
    const wrong = await request(app, 'GET', `/api/comments/${res.body.comment.id}?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(wrong.status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('when a POST is retried with the same key and body, then the first answer comes back and nothing new is stored', async () => {
    const body = commentBody(app, { page: '/idem' });
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const [a, b] = await Promise.all([
      request(app, 'POST', '/api/comments', { body, headers }),
      request(app, 'POST', '/api/comments', { body, headers }),
    ]);
    const c = await request(app, 'POST', '/api/comments', { body, headers });
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    expect(queue.body.comments.filter((x: { page: string }) => x.page === '/idem')).toHaveLength(1);
  });

  it('when the retry rebuilt the body with its keys in another order, then it is still the same request', async () => {
    const body = commentBody(app, { page: '/idem-order' });
    const headers = { 'idempotency-key': 'retry-key-0003' };
    const first = await request(app, 'POST', '/api/comments', { body, headers });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await request(app, 'POST', '/api/comments', { body: reordered, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('when the same key comes with another body, then 422', async () => {
    const headers = { 'idempotency-key': 'retry-key-0002' };
    await request(app, 'POST', '/api/comments', { body: commentBody(app), headers });
    const res = await request(app, 'POST', '/api/comments', { body: commentBody(app), headers });
    expect(res.status).toBe(422);
  });
});

describe('avatars and health', () => {
  it('when the avatar is fetched, then an SVG identicon comes back, and its name is not a plain hash of the email', async () => {
    const { createHash } = await import('node:crypto');
    const email = 'hash-check@example.com';
    const res = await postComment(app, { email });
    const avatar = res.body.comment.author.avatar as string;
    const key = avatar.slice('/avatar/'.length, -4);
    for (const algo of ['md5', 'sha1', 'sha256']) {
      expect(createHash(algo).update(email).digest('hex')).not.toContain(key);
    }
    const img = await fetch(app.url + avatar);
    expect(img.headers.get('content-type')).toContain('image/svg+xml');
    expect(await img.text()).toContain('<svg');
  });

  it('when /healthz is asked, then 200 { ok: true }', async () => {
    const res = await request(app, 'GET', '/healthz');
    expect(res.body).toEqual({ ok: true });
  });
});
