import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, postComment, request } from './helpers/http.js';
import { addModerator } from '../server/usecases/auth.js';
import { linksOf, startNotifyApp, startSmtp, type NotifyTestApp, type TestSmtp } from './helpers/notify.js';

let smtp: TestSmtp;
let app: NotifyTestApp;
let cookie: string;

beforeAll(async () => {
  smtp = await startSmtp();
  // holdAll: every comment is held, so each one should reach the moderators.
  app = await startNotifyApp(smtp, { siteSettings: { holdAll: true, maxLinks: 1 }, env: { SITE_ORIGINS: 'https://news.example' } });
  cookie = await login(app);
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const heldMailFor = (id: string) => smtp.next((m) => (m.parsed.text ?? '').includes(id), `the moderator mail about ${id}`);

describe('moderators hear of held comments', () => {
  it('when a comment is held, then the admin gets one well-made Arabic message with everything needed to decide', async () => {
    const res = await postComment(app, {
      name: 'Omar <b>عمر</b>',
      content: 'نص فيه <script>alert(1)</script> ورابط https://spam.example',
      url: 'https://omar.example',
      email: 'omar.k@example.com',
      pageTitle: 'مقال عن <المدن>',
      pageUrl: 'https://news.example/a/1',
    }, { 'x-forwarded-for': '198.51.100.23' });
    expect(res.status).toBe(201);
    const id = res.body.comment.id as string;
    const m = await heldMailFor(id);
    const p = m.parsed;
    expect(m.envelopeTo).toEqual([app.admin.email]);
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(p.messageId).toMatch(/^<[0-9a-z]+@127\.0\.0\.1>$/);
    expect(p.date).toBeInstanceOf(Date);
    expect(Math.abs(p.date!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(p.from?.text).toContain('comments@news.example');
    expect(p.subject).toContain('تعليق بانتظار المراجعة');
    // HTML part: right-to-left Arabic, user text escaped and isolated.
    expect(p.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(p.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(p.html).not.toContain('<script>');
    expect(p.html).toContain('<bdi>Omar عمر</bdi>');
    // Text part: the facts a moderator needs.
    const text = p.text ?? '';
    for (const fact of ['Omar عمر', res.body.comment.author.name, 'omar.example', 'https://news.example/a/1', 'مقال عن <المدن>', '<script>alert(1)</script>']) expect(text).toContain(fact);
    expect(text).toContain('\u2068omar.k@example.com\u2069'); // the email, isolated
    expect(res.body.comment.email).toBeUndefined();
    expect(text).toMatch(/127\.0\.0\.1/); // the IP the server saw (TRUST_PROXY is off)
    expect(text).toContain('رابط'); // the reason: links
    const links = linksOf(m);
    expect(links.filter((l) => l.includes('/notify/moderate/'))).toHaveLength(3);
    expect(links.some((l) => l.includes('/moderate?site=test'))).toBe(true);
  });

  it('when a page title carries bidi controls and runs left-to-right, then no control reaches the message and the subject isolates the title and site', async () => {
    const res = await postComment(app, { page: '/articles/bidi-title', pageUrl: 'https://news.example/a/bidi', pageTitle: 'Cairo \u202Eسيارات\u202C\u200F 2026' });
    expect(res.status).toBe(201);
    const p = (await heldMailFor(res.body.comment.id)).parsed;
    // FSI…PDI around the site and the title: the subject's first strong letter is Arabic, so it reads right to left.
    expect(p.subject).toBe('[\u2068test\u2069] تعليق بانتظار المراجعة: \u2068Cairo سيارات 2026\u2069');
    for (const part of [p.subject ?? '', p.text ?? '', String(p.html)]) expect(part).not.toMatch(/[\u200E\u200F\u202A-\u202E]/);
    expect(p.html).toContain('<bdi>Cairo سيارات 2026</bdi>');
  });

  it('when the approve link is opened, then a confirmation page shows and nothing changes; its POST approves; later links say who decided and when', async () => {
    const res = await postComment(app, { content: 'تعليق للموافقة من البريد' });
    const id = res.body.comment.id as string;
    const m = await heldMailFor(id);
    const [approve, spam] = linksOf(m).filter((l) => l.includes('/notify/moderate/'));

    // A mail scanner opening the link moderates nothing.
    const page = await fetch(approve!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"/);
    expect(html).toContain('موافقة');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await app.store.getComment(id))!.status).toBe('pending');

    // The button posts the form (no cookie, no JSON: the token is the authority); the dashboard hears of it live.
    const socket = connect(`${app.url}/moderation`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
    const updated = new Promise<any>((resolve) => socket.on('comment:updated', (c: any) => c.id === id && resolve(c)));
    const action = /action="([^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const done = await fetch(new URL(action, approve!), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(done.status).toBe(200);
    expect((await updated).status).toBe('approved');
    socket.disconnect();
    const after = (await app.store.getComment(id))!;
    expect(after.status).toBe('approved');
    expect(after.history.at(-1)!.by).toMatchObject({ name: 'Admin' });

    // The spam link from the same message now says who decided, and changes nothing.
    for (const method of ['GET', 'POST']) {
      const late = await fetch(spam!, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: method === 'POST' ? '' : undefined });
      expect(late.status).toBe(409);
      const text = await late.text();
      expect(text).toContain('سبق أن قرّر');
      expect(text).toContain('<bdi>Admin</bdi>');
      expect(text).toMatch(/20\d\d|٢٠/);
    }
    expect((await app.store.getComment(id))!.status).toBe('approved');
  });

  it('when a link is tampered with or unknown, then the page says it is not valid and nothing changes', async () => {
    const res = await postComment(app, { content: 'تعليق لاختبار التلاعب' });
    const id = res.body.comment.id as string;
    const [approve] = linksOf(await heldMailFor(id)).filter((l) => l.includes('/notify/moderate/'));
    const [body, mac] = approve!.split('/notify/moderate/')[1]!.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, a: 'trash' })).toString('base64url');
    for (const token of [`${forged}.${mac}`, 'nonsense', `${body}.${mac}x`]) {
      const r = await fetch(`${app.url}/notify/moderate/${token}`, { method: 'POST' });
      expect(r.status).toBe(400);
    }
    expect((await app.store.getComment(id))!.status).toBe('pending');
  });

  it('when a comment is spam or approved at once, then no moderator mail is sent for it', async () => {
    const spam = await postComment(app, { content: 'سبام', honeypot: 'I am a bot' });
    const own = await request(app, 'POST', '/api/comments', { body: { site: app.site, page: '/articles/1', name: 'Admin', email: app.admin.email, content: 'تعليق المشرف' }, cookie, headers: { origin: app.url } });
    expect(own.body.comment.status).toBe('approved');
    const sentinel = await postComment(app, { content: 'تعليق الحارس' });
    await heldMailFor(sentinel.body.comment.id);
    await app.idle();
    const all = smtp.messages.map((m) => m.parsed.text ?? '').join('\n');
    expect(all).not.toContain(spam.body.comment.id);
    expect(all).not.toContain(own.body.comment.id);
  });

  it('when notifyTo lists addresses, then they get the mail instead of the moderators; notifyModerators=off sends none', async () => {
    const patch = (settings: Record<string, unknown>) => request(app, 'PATCH', `/api/moderation/sites/${app.site}`, { body: { settings }, cookie, headers: { origin: app.url } });
    const bad = await patch({ notifyTo: ['not an email'], notifyModerators: 'sometimes', mailLanguage: 'fr' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['mailLanguage', 'notifyModerators', 'notifyTo']);
    expect((await patch({ notifyTo: ['Desk@News.example', 'editor@news.example'], mailLanguage: 'en' })).status).toBe(200);
    const res = await postComment(app, { content: 'to the desk' });
    const a = await heldMailFor(res.body.comment.id);
    const b = await heldMailFor(res.body.comment.id);
    expect([...a.envelopeTo, ...b.envelopeTo].sort()).toEqual(['desk@news.example', 'editor@news.example']);
    expect(a.parsed.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(a.parsed.subject).toContain('Comment awaiting moderation');
    expect(a.parsed.html).not.toContain('،'); // the Arabic comma joins reasons only in Arabic

    // A decision from a notifyTo address is recorded under its mailbox name.
    const [approve] = linksOf(a).filter((l) => l.includes('/notify/moderate/'));
    expect((await fetch(approve!, { method: 'POST' })).status).toBe(200);
    expect((await app.store.getComment(res.body.comment.id))!.history.at(-1)!.by!.name).toMatch(/^(desk|editor)$/);

    expect((await patch({ notifyModerators: 'off', notifyTo: [], mailLanguage: 'ar' })).status).toBe(200);
    const quiet = await postComment(app, { content: 'لا أحد يسمع' });
    await app.idle();
    expect(smtp.messages.some((m) => (m.parsed.text ?? '').includes(quiet.body.comment.id))).toBe(false);
    expect((await patch({ notifyModerators: 'each' })).status).toBe(200);
  });

  it('when notifyTo is empty, then only moderators who may moderate the site get the mail; one since moved to another site cannot use its links', async () => {
    const now = Date.now();
    const here = await addModerator(app.store, { email: 'here@news.example', password: 'password-here', name: 'Here', sites: [app.site] }, now);
    await addModerator(app.store, { email: 'everywhere@news.example', password: 'password-every', name: 'Everywhere', sites: ['*'] }, now);
    await addModerator(app.store, { email: 'elsewhere@news.example', password: 'password-else', name: 'Elsewhere', sites: ['other-site'] }, now);
    const res = await postComment(app, { content: 'لمشرفي هذا الموقع فقط' });
    const id = res.body.comment.id as string;
    const got = [await heldMailFor(id), await heldMailFor(id), await heldMailFor(id)];
    await app.idle();
    const to = smtp.messages.filter((m) => (m.parsed.text ?? '').includes(id)).flatMap((m) => m.envelopeTo).sort();
    expect(to).toEqual([app.admin.email, 'everywhere@news.example', 'here@news.example'].sort());

    // The site-scoped moderator is moved to another site: the links mailed to them now lead nowhere and change nothing.
    const mine = got.find((m) => m.envelopeTo.includes('here@news.example'))!;
    await app.store.updateModerator(here.id, { sites: ['other-site'] });
    const [approve] = linksOf(mine).filter((l) => l.includes('/notify/moderate/'));
    expect((await fetch(approve!)).status).toBe(404);
    expect((await fetch(approve!, { method: 'POST' })).status).toBe(404);
    expect((await app.store.getComment(id))!.status).toBe('pending');
  });

  it('when a moderator is removed altogether, then the links mailed to them lead nowhere and change nothing', async () => {
    const gone = await addModerator(app.store, { email: 'leaving@news.example', password: 'password-leaving', name: 'Leaving', sites: [app.site] }, Date.now());
    const res = await postComment(app, { content: 'تعليق قبل رحيل المشرف' });
    const id = res.body.comment.id as string;
    const mail = await smtp.next((m) => (m.parsed.text ?? '').includes(id) && m.envelopeTo.includes('leaving@news.example'), 'the mail to the leaving moderator');
    await app.idle();
    expect(await app.store.deleteModerator(gone.id)).toBe(true);
    const [approve] = linksOf(mail).filter((l) => l.includes('/notify/moderate/'));
    expect((await fetch(approve!)).status).toBe(404);
    expect((await fetch(approve!, { method: 'POST' })).status).toBe(404);
    expect((await app.store.getComment(id))!.status).toBe('pending');
  });
});
