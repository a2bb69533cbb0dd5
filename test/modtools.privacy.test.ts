import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/** Issue 13 point 7: privacy export and erase (admins). */
let app: TestApp;
let admin: string;
let now = Date.UTC(2026, 10, 6, 8);
const H = () => ({ origin: app.url });

beforeAll(async () => {
  app = await startApp({ clock: () => now, env: { TRUST_PROXY: 'true' }, siteSettings: { previouslyApproved: false } });
  admin = await login(app);
  await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'two', settings: { floodSeconds: 0, minFillSeconds: 0, previouslyApproved: false } } });
}, 60_000);
afterAll(() => app.close());

async function post(over: Record<string, unknown>, ip = '203.0.113.50') {
  now += 1000;
  const res = await postComment(app, over, { 'x-forwarded-for': ip });
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}

describe('privacy requests', () => {
  it('when an admin exports an address, then every comment on every site comes with its IP, user agent and history; moderators may not', async () => {
    const a = await post({ email: 'Layla@Example.com', name: 'ليلى', url: 'https://layla.example', page: '/x' });
    const b = await post({ site: 'two', email: 'layla@example.com', name: 'ليلى', page: '/y' });
    await post({ email: 'someone@example.com', page: '/x' });
    await moderate(app, admin, a, 'trash');
    await request(app, 'POST', '/api/moderation/rules', { cookie: admin, headers: H(), body: { site: 'test', match: { email: 'layla@example.com' }, action: 'hold' } });
    await app.store.notify.requestSubscription('test', 'layla@example.com', now, 'sub-layla'); // she asked for reply mail (issue 12)
    const res = await request(app, 'GET', `/api/moderation/privacy/export?email=${encodeURIComponent('LAYLA@example.com')}`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(res.body.email).toBe('layla@example.com');
    expect(res.body.comments.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    const first = res.body.comments.find((c: { id: string }) => c.id === a);
    expect(first).toMatchObject({ site: 'test', name: 'ليلى', url: 'https://layla.example', ip: '203.0.113.50', status: 'trash' });
    expect(first.userAgent).toContain('MajlisTestAgent');
    expect(first.history).toHaveLength(1);
    expect(res.body.rules.map((r: { match: unknown }) => r.match)).toEqual([{ email: 'layla@example.com' }]);
    expect(res.body.moderator).toBeNull();
    expect(res.body.subscriptions).toMatchObject([{ site: 'test', state: 'unconfirmed', confirmedAt: null }]);
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'm@example.com', sites: ['*'], password: 'mmmm-password' } });
    const m = await login(app, { email: 'm@example.com', password: 'mmmm-password' });
    expect((await request(app, 'GET', '/api/moderation/privacy/export?email=layla%40example.com', { cookie: m })).status).toBe(403);
    expect((await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: m, headers: H(), body: { email: 'layla@example.com', mode: 'delete' } })).status).toBe(403);
    expect((await request(app, 'GET', '/api/moderation/privacy/export?email=nope', { cookie: admin })).status).toBe(422);
  });

  it('when an address is anonymised, then name, email, website, IP and user agent are gone, the text stays, and it reports how many', async () => {
    const c = await post({ email: 'omar@example.com', name: 'عمر', url: 'https://omar.example', content: 'نص عمر', page: '/z' });
    const bad = await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: admin, headers: H(), lang: 'en', body: { email: 'omar@example.com', mode: 'shred' } });
    expect(bad.status).toBe(422);
    expect(bad.body.fields.mode).toBe('The mode must be anonymize or delete.');
    const res = await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: admin, headers: H(), body: { email: 'omar@example.com', mode: 'anonymize' } });
    expect(res.body).toEqual({ comments: 1, rules: 0, subscriptions: 0, outbox: 0, watches: 0, mode: 'anonymize' });
    const after = (await app.store.getComment(c))!;
    expect(after).toMatchObject({ authorName: 'مجهول', authorEmail: '', authorUrl: null, ip: '', userAgent: '', content: 'نص عمر' });
    const thread = await request(app, 'GET', '/api/comments?site=test&page=%2Fz');
    expect(thread.body.comments[0].author).toMatchObject({ name: 'مجهول', url: null });
    const again = await request(app, 'GET', '/api/moderation/privacy/export?email=omar%40example.com', { cookie: admin });
    expect(again.body.comments).toEqual([]);
    // English request: "Anonymous"
    const d = await post({ email: 'dana@example.com', name: 'Dana' });
    await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: admin, headers: H(), lang: 'en', body: { email: 'dana@example.com', mode: 'anonymize' } });
    expect((await app.store.getComment(d))!.authorName).toBe('Anonymous');
  });

  it('when an address is erased by deletion, then its comments on every site and its rules go, and counters follow', async () => {
    // what notifications hold about her (issue 12): a reply mail to her, a moderator mail and a
    // private webhook body naming her, a reply watch; and a mail to someone else
    const later = now + 86_400_000;
    await app.store.notify.enqueue([
      { id: 'mail-to-layla', kind: 'mail', site: 'test', payload: { to: 'Layla@Example.com', subject: 'رد جديد', text: 'x' }, runAt: later, createdAt: now },
      { id: 'mod-mail-layla', kind: 'mail', site: 'test', payload: { to: 'admin@example.com', subject: 'تعليق', text: 'البريد: layla@example.com\nIP: 203.0.113.50' }, runAt: later, createdAt: now },
      { id: 'hook-layla', kind: 'webhook', site: 'test', webhookId: 'w', payload: { event: 'comment.created', body: JSON.stringify({ comment: { email: 'layla@example.com', ip: '203.0.113.50' } }) }, runAt: later, createdAt: now },
      { id: 'mail-to-other', kind: 'mail', site: 'test', payload: { to: 'other@example.com', text: 'x' }, runAt: later, createdAt: now },
    ]);
    await app.store.notify.addWatch({ commentId: 'layla-watch', site: 'test', email: 'layla@example.com', threadId: 't', createdAt: now });
    const res = await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: admin, headers: H(), body: { email: 'layla@example.com', mode: 'delete' } });
    expect(res.body).toEqual({ comments: 2, rules: 1, subscriptions: 1, outbox: 3, watches: 1, mode: 'delete' });
    for (const id of ['mail-to-layla', 'mod-mail-layla', 'hook-layla']) expect(await app.store.notify.getOutboxItem(id)).toBeNull();
    expect(await app.store.notify.getOutboxItem('mail-to-other')).not.toBeNull();
    expect(await app.store.notify.getWatch('layla-watch')).toBeNull();
    const exported = await request(app, 'GET', '/api/moderation/privacy/export?email=layla%40example.com', { cookie: admin });
    expect(exported.body.comments).toEqual([]);
    expect(exported.body.rules).toEqual([]);
    // Her reply notifications ended: the subscription is only an "unsubscribed" record now.
    expect(exported.body.subscriptions).toMatchObject([{ site: 'test', state: 'unsubscribed' }]);
    const counts = await app.store.countByStatus('two');
    await app.store.rebuildCounters('two');
    expect(await app.store.countByStatus('two')).toEqual(counts);
    expect(counts.approved).toBe(0);
    expect((await request(app, 'GET', '/api/counts?site=two&page=%2Fy')).body.counts['/y']).toBe(0);
  });
});
