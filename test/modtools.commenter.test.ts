import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

/** Issue 13 point 2: a commenter's history on a site. */
let app: TestApp;
let admin: string;
let now = Date.UTC(2026, 10, 3, 8);
const H = () => ({ origin: app.url });

beforeAll(async () => {
  app = await startApp({ clock: () => now, env: { TRUST_PROXY: 'true' } });
  admin = await login(app);
}, 60_000);
afterAll(() => app.close());

describe('GET /api/moderation/commenters', () => {
  it('when a person posted under two names from two addresses, then their history gathers names, IPs, span, counts, rules and comments', async () => {
    const ids: string[] = [];
    for (const [name, email, ip] of [
      ['سارة', 'sara@example.com', '203.0.113.5'],
      ['سارة', 'Sara@Example.com', '203.0.113.5'],
      ['Sara K', 'sara@example.com', '2001:db8::5'],
    ] as const) {
      now += 60_000;
      const res = await postComment(app, { name, email }, { 'x-forwarded-for': ip });
      ids.push(res.body.comment.id);
    }
    await postComment(app, { name: 'Other', email: 'other@example.com' }, { 'x-forwarded-for': '203.0.113.5' });
    await request(app, 'POST', `/api/moderation/comments/${ids[0]}/actions`, { cookie: admin, headers: H(), body: { action: 'approve' } });
    await request(app, 'POST', `/api/moderation/comments/${ids[1]}/actions`, { cookie: admin, headers: H(), body: { action: 'spam' } });
    await request(app, 'POST', '/api/moderation/rules', { cookie: admin, headers: H(), body: { site: 'test', match: { ip: '203.0.113.0/24' }, action: 'hold' } });
    await request(app, 'POST', '/api/moderation/rules', { cookie: admin, headers: H(), body: { site: 'test', match: { email: 'someone@else.example' }, action: 'block' } });

    const res = await request(app, 'GET', `/api/moderation/commenters?site=test&email=${encodeURIComponent('SARA@example.com')}`, { cookie: admin });
    expect(res.status).toBe(200);
    const { commenter, comments } = res.body;
    expect(commenter).toMatchObject({
      email: 'sara@example.com',
      names: ['Sara K', 'سارة'],
      ips: ['2001:db8::5', '203.0.113.5'],
      counts: { approved: 1, pending: 1, spam: 1, trash: 0 },
    });
    expect(commenter.lastAt - commenter.firstAt).toBe(120_000);
    expect(commenter.rules.map((r: { match: unknown }) => r.match)).toEqual([{ ip: '203.0.113.0/24' }]);
    expect(comments.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
  });

  it('when the email is missing or bad, or the site is not theirs, then a clear error', async () => {
    expect((await request(app, 'GET', '/api/moderation/commenters?site=test', { cookie: admin })).status).toBe(400);
    const bad = await request(app, 'GET', '/api/moderation/commenters?site=test&email=nope', { cookie: admin, lang: 'en' });
    expect(bad.status).toBe(422);
    expect(bad.body.fields.email).toBe('Please enter a valid email address.');
    await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'b' } });
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'b@example.com', sites: ['b'], password: 'bbbb-password' } });
    const b = await login(app, { email: 'b@example.com', password: 'bbbb-password' });
    expect((await request(app, 'GET', '/api/moderation/commenters?site=test&email=sara%40example.com', { cookie: b })).status).toBe(400);
  });

  it('when nobody wrote with that email, then an empty history', async () => {
    const res = await request(app, 'GET', '/api/moderation/commenters?site=test&email=nobody%40example.com', { cookie: admin });
    expect(res.body).toMatchObject({ commenter: { names: [], ips: [], firstAt: null, lastAt: null, counts: { approved: 0, pending: 0, spam: 0, trash: 0 } }, comments: [], nextCursor: null });
  });
});
