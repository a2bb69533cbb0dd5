import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteSettings } from '../server/domain/types.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/** One app whose clock the tests move; settings are reset before each test. */
let app: TestApp;
let cookie: string;
let now = Date.UTC(2026, 10, 1, 12);
const BASE: Partial<SiteSettings> = { floodSeconds: 0, minFillSeconds: 0, holdAll: false, previouslyApproved: true, maxLinks: 2, moderationKeys: [], disallowedKeys: [], closeAfterDays: 0, requireFormToken: false, minLength: 1, maxLength: 5000 };
let ipSeq = 0;
const freshIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipSeq % 250}` });

async function settings(patch: Partial<SiteSettings>) {
  const res = await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings: { ...BASE, ...patch } }, cookie });
  expect(res.status).toBe(200);
}
async function reasonsOf(id: string, lang = 'ar') {
  for (const status of ['pending', 'spam', 'trash', 'approved']) {
    const res = await request(app, 'GET', `/api/moderation/comments?site=test&status=${status}`, { cookie, lang });
    const found = res.body.comments.find((c: { id: string }) => c.id === id);
    if (found) return { status: found.status as string, reasons: found.reasons as string[] };
  }
  throw new Error('not found');
}

beforeAll(async () => {
  app = await startApp({ clock: () => now, env: { TRUST_PROXY: 'true' } });
  cookie = await login(app);
});
beforeEach(async () => {
  now += 60_000;
  await settings({});
});
afterAll(() => app.close());

describe('holding rules (WordPress check_comment)', () => {
  it('when holdAll is on, then even a previously approved author is held, with the reason', async () => {
    const first = await postComment(app, { name: 'Ali', email: 'ali@example.com' }, freshIp());
    await moderate(app, cookie, first.body.comment.id, 'approve');
    await settings({ holdAll: true });
    const res = await postComment(app, { name: 'Ali', email: 'ali@example.com' }, freshIp());
    expect(res.body.comment.status).toBe('pending');
    expect((await reasonsOf(res.body.comment.id, 'en')).reasons).toContain('this site holds every comment');
  });

  it('when previouslyApproved is off and nothing else holds, then a newcomer is approved', async () => {
    await settings({ previouslyApproved: false });
    const res = await postComment(app, {}, freshIp());
    expect(res.body.comment.status).toBe('approved');
  });

  it('when a comment has 2 links (bare URLs count, the website does not), then it is held with an Arabic plural reason', async () => {
    await settings({ previouslyApproved: false });
    const one = await postComment(app, { content: 'راجع https://a.example', url: 'https://me.example' }, freshIp());
    expect(one.body.comment.status).toBe('approved');
    const two = await postComment(app, { content: 'راجع https://a.example و www.b.example' }, freshIp());
    expect(two.body.comment.status).toBe('pending');
    expect((await reasonsOf(two.body.comment.id)).reasons).toContain('رابطان');
    const three = await postComment(app, { content: 'http://a.example http://b.example http://c.example' }, freshIp());
    expect((await reasonsOf(three.body.comment.id)).reasons).toContain('٣ روابط');
    expect((await reasonsOf(three.body.comment.id, 'en')).reasons).toContain('3 links');
  });

  it.each(['مـــمـنـوع', 'مَمْنُوع', 'ممنوووع', 'مم\u200Bنوع', 'هذا المَمنــوع هنا'])('when the text contains %s and «ممنوع» is a moderation word, then it is held', async (text) => {
    await settings({ previouslyApproved: false, moderationKeys: ['ممنوع'] });
    const res = await postComment(app, { content: text }, freshIp());
    expect(res.body.comment.status).toBe('pending');
    expect((await reasonsOf(res.body.comment.id)).reasons).toContain('كلمة مراقبة: ممنوع');
  });

  it('when a moderation word appears in the name, email or website, then it is held too; unrelated words are not', async () => {
    await settings({ previouslyApproved: false, moderationKeys: ['casino'] });
    expect((await postComment(app, { name: 'CASINO king' }, freshIp())).body.comment.status).toBe('pending');
    expect((await postComment(app, { email: 'win@casino.example' }, freshIp())).body.comment.status).toBe('pending');
    expect((await postComment(app, { url: 'https://best-casino.example' }, freshIp())).body.comment.status).toBe('pending');
    expect((await postComment(app, { content: 'a calm comment' }, freshIp())).body.comment.status).toBe('approved');
  });

  it('when a disallowed word matches (even split by markup), then the comment goes to trash but the poster sees pending', async () => {
    await settings({ disallowedKeys: ['كازينو', 'viagra'] });
    const ar = await postComment(app, { content: 'أفضل كـازيـنـو' }, freshIp());
    expect(ar.body.comment.status).toBe('pending');
    const seen = await reasonsOf(ar.body.comment.id);
    expect(seen.status).toBe('trash');
    expect(seen.reasons).toContain('كلمة محظورة: كازينو');
    const own = await request(app, 'GET', `/api/comments/${ar.body.comment.id}?token=${ar.body.editToken}`);
    expect(own.body.comment.status).toBe('pending');
    const en = await postComment(app, { content: 'cheap via<b></b>gra' }, freshIp());
    expect((await reasonsOf(en.body.comment.id)).status).toBe('trash');
  });
});

describe('refusals', () => {
  it('when the same IP posts again within floodSeconds, then 429 with the flood message; after the interval it passes', async () => {
    await settings({ floodSeconds: 15 });
    const ip = freshIp();
    expect((await postComment(app, {}, ip)).status).toBe(201);
    now += 5_000;
    const again = await postComment(app, {}, { ...ip, 'accept-language': 'en' });
    expect(again.status).toBe(429);
    expect(again.body.message).toBe('You are posting comments too quickly. Slow down.');
    expect(Number(again.headers.get('retry-after'))).toBe(10);
    now += 11_000;
    expect((await postComment(app, {}, ip)).status).toBe(201);
  });

  it('when the same email posts from another IP within floodSeconds, then 429; a moderator is exempt', async () => {
    await settings({ floodSeconds: 15 });
    expect((await postComment(app, { email: 'fast@example.com' }, freshIp())).status).toBe(201);
    expect((await postComment(app, { email: 'fast@example.com' }, freshIp())).status).toBe(429);
    const ip = freshIp();
    expect((await request(app, 'POST', '/api/comments', { body: { site: 'test', page: '/m', name: 'Mod', email: 'm@example.com', content: 'one' }, cookie, headers: ip })).status).toBe(201);
    const second = await request(app, 'POST', '/api/comments', { body: { site: 'test', page: '/m', name: 'Mod', email: 'm@example.com', content: 'two' }, cookie, headers: ip });
    expect(second.status).toBe(201);
    expect(second.body.comment.status).toBe('approved');
  });

  it('when the same comment is sent twice, then 409 duplicate in WordPress words; after trashing it, it may be sent again', async () => {
    const body = { page: '/dup', name: 'Dana', email: 'dana@example.com', content: 'نفس الكلام' };
    const first = await postComment(app, body, freshIp());
    const dup = await postComment(app, body, { ...freshIp(), 'accept-language': 'en' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: 'duplicate', message: expect.stringContaining('already said that') });
    await moderate(app, cookie, first.body.comment.id, 'trash');
    expect((await postComment(app, body, freshIp())).status).toBe(201);
  });

  it('when a thread is closed by hand or older than closeAfterDays, then 403 and the thread says closed', async () => {
    await postComment(app, { page: '/old' }, freshIp());
    await settings({ closeAfterDays: 2 });
    now += 3 * 86_400_000;
    const late = await postComment(app, { page: '/old' }, freshIp());
    expect(late.status).toBe(403);
    expect(late.body.message).toBe('عذراً، التعليقات مغلقة على هذه الصفحة.');
    expect((await request(app, 'GET', '/api/comments?site=test&page=/old')).body.thread.closed).toBe(true);
    await settings({ closeAfterDays: 0 });
    const closed = await request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page: '/by-hand', closed: true }, cookie });
    expect(closed.body.page.closed).toBe(true);
    expect((await postComment(app, { page: '/by-hand' }, freshIp())).status).toBe(403);
  });

  it('when the content is shorter than minLength or longer than maxLength, then 422 on the content field', async () => {
    await settings({ minLength: 10, maxLength: 20 });
    const short = await postComment(app, { content: 'قصير' }, freshIp());
    expect(short.status).toBe(422);
    expect(Object.keys(short.body.fields)).toEqual(['content']);
    const long = await postComment(app, { content: 'ط'.repeat(21) }, { ...freshIp(), 'accept-language': 'en' });
    expect(long.status).toBe(422);
    expect(long.body.fields.content).toContain('20');
  });
});

describe('spam traps (silent)', () => {
  const tokenFor = async (page: string) => (await request(app, 'GET', `/api/form-token?site=test&page=${encodeURIComponent(page)}`)).body.token as string;

  it('when the honeypot is filled, then the poster sees pending but moderators see spam', async () => {
    const res = await postComment(app, { honeypot: 'http://bot.example' }, freshIp());
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    expect((await reasonsOf(res.body.comment.id)).status).toBe('spam');
    const own = await request(app, 'GET', `/api/comments/${res.body.comment.id}?token=${res.body.editToken}`);
    expect(own.body.comment.status).toBe('pending');
  });

  it('when the form token is used sooner than minFillSeconds, then spam with "submitted in" reason; later it is fine', async () => {
    await settings({ minFillSeconds: 3, previouslyApproved: false });
    const token = await tokenFor('/tok');
    now += 400;
    const fast = await postComment(app, { page: '/tok', formToken: token }, freshIp());
    expect(fast.body.comment.status).toBe('pending');
    const seen = await reasonsOf(fast.body.comment.id, 'en');
    expect(seen.status).toBe('spam');
    expect(seen.reasons.join()).toMatch(/submitted in 0\.4 s/);
    const token2 = await tokenFor('/tok');
    now += 5_000;
    expect((await postComment(app, { page: '/tok', formToken: token2 }, freshIp())).body.comment.status).toBe('approved');
  });

  it('when requireFormToken is on, then a post without a token or with a forged one is spam', async () => {
    await settings({ requireFormToken: true, previouslyApproved: false });
    const none = await postComment(app, {}, freshIp());
    expect((await reasonsOf(none.body.comment.id)).status).toBe('spam');
    const forged = await postComment(app, { formToken: 'forged.token.value' }, freshIp());
    expect((await reasonsOf(forged.body.comment.id)).status).toBe('spam');
  });

  it('when a token for another page is used, then spam', async () => {
    await settings({ previouslyApproved: false });
    const token = await tokenFor('/elsewhere');
    now += 10_000;
    const res = await postComment(app, { page: '/here', formToken: token }, freshIp());
    expect((await reasonsOf(res.body.comment.id)).status).toBe('spam');
  });
});

describe('restore', () => {
  it('when a pending comment is trashed and restored, then it is pending again; an approved one comes back approved', async () => {
    const a = await postComment(app, {}, freshIp());
    await moderate(app, cookie, a.body.comment.id, 'trash');
    expect((await moderate(app, cookie, a.body.comment.id, 'restore')).body.comment.status).toBe('pending');
    await moderate(app, cookie, a.body.comment.id, 'approve');
    await moderate(app, cookie, a.body.comment.id, 'trash');
    expect((await moderate(app, cookie, a.body.comment.id, 'restore')).body.comment.status).toBe('approved');
  });
});
