import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmailAddress } from '../server/validation/email.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

/**
 * Internationalised addresses (RFC 6531 local parts, IDN domains) are addresses on every path
 * that takes one (validation/email.ts); garbage is still refused, with the same Arabic message.
 */
let app: TestApp;
let cookie: string;
const H = () => ({ origin: app.url });
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(() => app?.close());

const INTERNATIONAL = ['مستخدم@مثال.com', 'مستخدم@example.com', 'user@مثال.مصر', 'user@xn--mgbh0fb.com', 'Ünal@Müller.de', 'أحمد.علي+تعليقات@موقع.السعودية'];
const GARBAGE = ['مستخدم', 'a@b', '@مثال.com', 'مستخدم@', 'a b@example.com', 'ab\u202E@example.com', 'a\u200B@example.com', 'a@[127.0.0.1]', '<a>@example.com', 'a@@example.com', 'Sara <sara@example.com>', 'a@example..com', 'a\x07@example.com'];

describe('international email addresses', () => {
  it('when a comment is posted with an internationalised address, then it is accepted and stored lowercased; garbage is refused in Arabic', async () => {
    for (const email of INTERNATIONAL) {
      const res = await postComment(app, { email });
      expect(res.status, `${email}: ${JSON.stringify(res.body)}`).toBe(201);
      expect((await app.store.getComment(res.body.comment.id))!.authorEmail).toBe(email.toLowerCase());
    }
    for (const email of GARBAGE) {
      const res = await postComment(app, { email });
      expect(res.status, email).toBe(422);
      expect(res.body.fields.email).toBe('يرجى إدخال عنوان بريد إلكتروني صالح.');
    }
  });

  it('when every other path takes an address (moderators, rules, commenters, privacy, notification lists), then they agree with posting', async () => {
    for (const [i, email] of INTERNATIONAL.entries()) {
      const mod = await request(app, 'POST', '/api/moderation/moderators', { cookie, headers: H(), body: { email, password: 'correct-horse-battery', name: `م ${i}`, role: 'moderator', sites: ['test'] } });
      expect(mod.status, `${email}: ${JSON.stringify(mod.body)}`).toBe(201);
      const rule = await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: { site: 'test', match: { email }, action: 'hold' } });
      expect(rule.status, email).toBe(201);
      expect((await request(app, 'GET', `/api/moderation/commenters?site=test&email=${encodeURIComponent(email)}`, { cookie })).status, email).toBe(200);
      expect((await request(app, 'GET', `/api/moderation/privacy/export?email=${encodeURIComponent(email)}`, { cookie })).status, email).toBe(200);
    }
    const settings = await request(app, 'PATCH', '/api/moderation/sites/test', { cookie, headers: H(), body: { settings: { notifyTo: INTERNATIONAL.slice(0, 2) } } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    for (const email of GARBAGE) {
      expect(isEmailAddress(email), email).toBe(false);
      expect((await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: { site: 'test', match: { email }, action: 'hold' } })).status, email).toBe(422);
      expect((await request(app, 'GET', `/api/moderation/commenters?site=test&email=${encodeURIComponent(email)}`, { cookie })).status, email).toBe(422);
    }
  });

  it('when a rule holds an internationalised address, then a post from it in another case is held', async () => {
    const email = 'كاتب@مدونة.com';
    expect((await request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: { site: 'test', match: { email }, action: 'block' } })).status).toBe(201);
    const res = await postComment(app, { email: 'كاتب@مدونة.COM' });
    expect(res.status).toBe(201);
    expect((await app.store.getComment(res.body.comment.id))!.status).toBe('spam');
  });
});
