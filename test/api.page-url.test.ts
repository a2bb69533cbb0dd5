import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { commentBody, login, moderate, request } from './helpers/http.js';
import { startNotifyApp, startSmtp, type NotifyTestApp, type TestSmtp } from './helpers/notify.js';

// The page address and title a poster sends are claims: the address is kept only on an origin
// the site allows (the title only with it), and a page's public title and address come from its
// earliest approved comment's claims (test/page-name.test.ts); moderators see each comment's own.

// Not the tests' own address: 127.0.0.1 is the posters' IP, which no public body may carry.
const SITE_ORIGIN = 'https://news.example';
let smtp: TestSmtp;
let app: NotifyTestApp;
let cookie: string;

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startNotifyApp(smtp, { env: { SITE_ORIGINS: SITE_ORIGIN }, siteSettings: { holdAll: true, disallowedKeys: ['casino-spam'] } });
  cookie = await login(app);
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const post = (over: Record<string, unknown>, headers: Record<string, string> = { origin: SITE_ORIGIN }) =>
  request(app, 'POST', '/api/comments', { body: commentBody(app, over), headers });
const heldMailFor = (id: string) => smtp.next((m) => (m.parsed.text ?? '').includes(id), `the moderator mail about ${id}`);
const asModerator = async (id: string) => {
  const res = await request(app, 'GET', `/api/moderation/comments?site=test&status=pending`, { cookie });
  return (res.body.comments as Array<{ id: string; pageUrl: string | null; pageTitle: string | null }>).find((c) => c.id === id)!;
};

describe('a poster cannot choose where a page links or what it is called', () => {
  it('when a comment names a page address on a foreign origin with a title, then it is stored (201) without them, and mail, dashboard and feed never show them', async () => {
    const page = '/2026/11/pu';
    const res = await post({ page, pageTitle: 'Verify your account', pageUrl: 'https://evil.example/phish' });
    expect(res.status).toBe(201);
    const id = res.body.comment.id as string;

    const m = await heldMailFor(id);
    expect(m.parsed.subject).not.toContain('Verify your account');
    expect(m.parsed.subject).toContain(page);
    expect(m.raw).not.toContain('evil.example');
    expect(m.raw).not.toContain('Verify your account');

    expect(await asModerator(id)).toMatchObject({ pageUrl: null, pageTitle: null });

    expect((await moderate(app, cookie, id, 'approve')).status).toBe(200);
    const feed = await request(app, 'GET', `/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`);
    expect(feed.status).toBe(200);
    expect(feed.text).not.toContain('evil.example');
    expect(feed.text).not.toContain('Verify your account');
  });

  it('when page addresses only look like the site origin (credentials, another host after "@", javascript:), then they are dropped too', async () => {
    for (const pageUrl of [`https://user:pw@news.example/x`, 'https://news.example@evil.example/x', 'javascript:alert(1)//news.example', 'https://news.example:8443/x']) {
      const res = await post({ page: '/2026/11/looks-like', pageUrl });
      expect(res.status, pageUrl).toBe(201);
      expect((await asModerator(res.body.comment.id)).pageUrl, pageUrl).toBeNull();
    }
  });

  it('when a non-browser client claims the page is on the Host it sent, then the address is dropped (a Host header is no proof)', async () => {
    const body = JSON.stringify(commentBody(app, { page: '/2026/11/host', pageUrl: 'http://evil.example/phish', pageTitle: 'Verify your account' }));
    const port = new URL(app.url).port;
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/comments', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    expect(await asModerator(answer.body.comment.id)).toMatchObject({ pageUrl: null, pageTitle: null });
  });

  it('when the first approved comment names the page, then later claims cannot rename it: moderators see them on their comments, mail and feed use the page’s name', async () => {
    const page = '/2026/11/named';
    const pageUrl = `${SITE_ORIGIN}${page}`;
    const first = await post({ page, pageUrl, pageTitle: 'مقال عن المدن' });
    expect(await asModerator(first.body.comment.id)).toMatchObject({ pageUrl, pageTitle: 'مقال عن المدن' });
    // held, it names nothing in public yet; the moderators' mail shows its claim, as the dashboard does
    const held = await heldMailFor(first.body.comment.id);
    expect(held.parsed.subject).toContain('مقال عن المدن');
    expect(await app.store.getPage('test', page)).toMatchObject({ title: null, url: null });
    expect((await moderate(app, cookie, first.body.comment.id, 'approve')).status).toBe(200);

    const second = await post({ page, pageUrl, pageTitle: 'Verify your account' });
    expect(second.status).toBe(201);
    expect(await asModerator(second.body.comment.id)).toMatchObject({ pageUrl, pageTitle: 'Verify your account' });
    const m = await heldMailFor(second.body.comment.id);
    expect(m.parsed.subject).toContain('مقال عن المدن');
    expect(m.raw).not.toContain('Verify your account');

    // The page's feed is named and linked by the page, whichever comment is newest.
    expect((await moderate(app, cookie, second.body.comment.id, 'approve')).status).toBe(200);
    const feed = await request(app, 'GET', `/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`);
    expect(feed.text).toContain('مقال عن المدن');
    expect(feed.text).toContain(`${pageUrl}#comment-${second.body.comment.id}`);
    expect(feed.text).not.toContain('Verify your account');
  });

  it('when a comment without a verified address or one sent to trash by a disallowed word comes first, then it does not name the page; the next verified one does once approved', async () => {
    const page = '/2026/11/later';
    const pageUrl = `${SITE_ORIGIN}${page}`;
    const unverified = await post({ page, pageUrl: 'https://evil.example/x', pageTitle: 'Verify your account' });
    expect(unverified.status).toBe(201);
    expect((await moderate(app, cookie, unverified.body.comment.id, 'approve')).status).toBe(200);
    const spam = await post({ page, pageUrl, pageTitle: 'Cheap casino', content: 'casino-spam here' });
    expect(spam.status).toBe(201);
    const good = await post({ page, pageUrl, pageTitle: 'عنوان المقال' });
    expect(await asModerator(good.body.comment.id)).toMatchObject({ pageUrl, pageTitle: 'عنوان المقال' });
    expect(await app.store.getPage('test', page)).toMatchObject({ title: null, url: null });
    expect((await moderate(app, cookie, good.body.comment.id, 'approve')).status).toBe(200);
    expect(await app.store.getPage('test', page)).toMatchObject({ title: 'عنوان المقال', url: pageUrl });
  });
});

describe('a site without configured origins', () => {
  let dev: TestApp;
  beforeAll(async () => {
    dev = await startApp({ siteSettings: { holdAll: true } });
  });
  afterAll(async () => dev.close());

  it('when page addresses are on localhost, then they are kept (the origin check admits localhost there); elsewhere they are dropped', async () => {
    const c = await login(dev);
    const kept = await request(dev, 'POST', '/api/comments', { body: commentBody(dev, { page: '/dev/1', pageUrl: 'http://localhost:4000/dev/1', pageTitle: 'تجربة' }) });
    const dropped = await request(dev, 'POST', '/api/comments', { body: commentBody(dev, { page: '/dev/2', pageUrl: 'https://evil.example/dev/2', pageTitle: 'Verify your account' }) });
    const list = (await request(dev, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie: c })).body.comments as Array<Record<string, unknown>>;
    expect(list.find((x) => x.id === kept.body.comment.id)).toMatchObject({ pageUrl: 'http://localhost:4000/dev/1', pageTitle: 'تجربة' });
    expect(list.find((x) => x.id === dropped.body.comment.id)).toMatchObject({ pageUrl: null, pageTitle: null });
  });
});
