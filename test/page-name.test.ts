import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExport } from '../server/export/run-export.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, publicBodies, request } from './helpers/http.js';

/**
 * What a page is called and where it lives (its feed's title and alternate link, the export's
 * post) is decided by comments a moderator let through, never by an anonymous claim that is
 * held, spam or trash: anyone can forge pageTitle/pageUrl in a POST, so approval is the trust boundary.
 */
let app: TestApp;
let cookie: string;

const SPAM_TITLE = 'عاجل: اربح جائزة على evil.example';
const PHISH = 'https://blog.example/phish';

beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://blog.example' }, siteSettings: { holdAll: true } });
  cookie = await login(app);
});
afterAll(() => app?.close());

async function post(page: string, over: Record<string, unknown>): Promise<string> {
  const res = await postComment(app, { page, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.comment.id as string;
}

async function feed(page: string): Promise<{ title: string; alternate: string | null; xml: string }> {
  const res = await fetch(`${app.url}/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`);
  expect(res.status).toBe(200);
  const xml = await res.text();
  publicBodies.push(xml);
  const head = xml.split('<entry>')[0]!;
  const title = /<title[^>]*>([^<]*)<\/title>/.exec(head)![1]!;
  const alt = /<link\b[^>]*rel="alternate"[^>]*>/.exec(head)?.[0] ?? null;
  return { title, alternate: alt ? /href="([^"]*)"/.exec(alt)![1]! : null, xml };
}

/** The head (title, link: the post) of the export's <item> holding this comment. */
async function wxrItem(commentId: string): Promise<string> {
  const parts: string[] = [];
  for await (const p of writeExport(app.store, (await app.store.getSite('test'))!, 'wxr')) parts.push(p);
  const item = parts.join('').split('<item>').find((i) => i.includes(commentId));
  expect(item, commentId).toBeDefined();
  return item!.split('<wp:comment>')[0]!;
}

async function dashboardTitles(page: string): Promise<Record<string, string | null>> {
  const res = await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent(`page:${page}`)}`, { cookie });
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.comments as Array<{ id: string; pageTitle: string | null }>).map((c) => [c.id, c.pageTitle]));
}

describe('page names', () => {
  it('when the first comment naming a page is spam and a later one is approved, then the feed and dashboard use the approved one’s title and address', async () => {
    const spam = await post('/newpage', { pageTitle: SPAM_TITLE, pageUrl: PHISH });
    expect((await moderate(app, cookie, spam, 'spam')).status).toBe(200);
    const real = await post('/newpage', { pageTitle: 'Real title', pageUrl: 'https://blog.example/newpage' });
    expect((await moderate(app, cookie, real, 'approve')).status).toBe(200);

    const f = await feed('/newpage');
    expect(f.title).toContain('Real title');
    expect(f.alternate).toBe('https://blog.example/newpage');
    expect(f.xml).not.toContain('evil.example');
    expect(f.xml).not.toContain('/phish');
    const titles = await dashboardTitles('/newpage');
    expect(titles[real]).toBe('Real title');
    // moderators still see what the spammer claimed, on the spammer's comment only
    expect(titles[spam]).toBe(SPAM_TITLE);
    // the WordPress export's post is the page as it is shown
    const wxr = await wxrItem(real);
    expect(wxr).toContain('Real title');
    expect(wxr).not.toContain('evil.example');
    expect(wxr).not.toContain('/phish');
  });

  it('when a page’s only comments are held, then no public place names it after them', async () => {
    const held = await post('/held-only', { pageTitle: SPAM_TITLE, pageUrl: PHISH });
    const f = await feed('/held-only');
    expect(f.xml).not.toContain('evil.example');
    expect(f.xml).not.toContain('/phish');
    const thread = await fetch(`${app.url}/api/comments?site=test&page=${encodeURIComponent('/held-only')}`);
    const body = await thread.text();
    expect(body).not.toContain('evil.example');
    expect(body).not.toContain('phish');
    expect((await app.store.getPage('test', '/held-only'))?.title ?? null).toBeNull();
    const wxr = await wxrItem(held);
    expect(wxr).not.toContain('evil.example');
    expect(wxr).not.toContain('/phish');
  });

  it('when the approved comment that named a page is trashed, then the page is named by the next approved one', async () => {
    const first = await post('/renamed', { pageTitle: 'First', pageUrl: 'https://blog.example/renamed-1' });
    const second = await post('/renamed', { pageTitle: 'Second', pageUrl: 'https://blog.example/renamed-2' });
    await moderate(app, cookie, second, 'approve');
    await moderate(app, cookie, first, 'approve');
    expect((await feed('/renamed')).title).toContain('First');
    await moderate(app, cookie, first, 'trash');
    const f = await feed('/renamed');
    expect(f.title).toContain('Second');
    expect(f.alternate).toBe('https://blog.example/renamed-2');
  });

  it('when a moderator names a page, then its feed uses that name whatever comments claim; null hands it back; bad names are 400 in Arabic or English', async () => {
    const c = await post('/by-hand', { pageTitle: 'From a reader', pageUrl: 'https://blog.example/by-hand' });
    await moderate(app, cookie, c, 'approve');
    const name = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page: '/by-hand', ...body }, cookie, headers: { origin: app.url, ...headers } });
    const set = await name({ title: 'عنوان المحرر', url: 'https://blog.example/posts/by-hand' });
    expect(set.status).toBe(200);
    expect(set.body.page).toMatchObject({ title: 'عنوان المحرر', url: 'https://blog.example/posts/by-hand', closed: false });
    let f = await feed('/by-hand');
    expect(f.title).toContain('عنوان المحرر');
    expect(f.alternate).toBe('https://blog.example/posts/by-hand');
    expect((await name({ title: null })).body.page).toMatchObject({ title: 'From a reader', url: 'https://blog.example/posts/by-hand' });
    f = await feed('/by-hand');
    expect(f.title).toContain('From a reader');

    const bad = await name({ url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('url');
    expect(bad.body.message).toMatch(/[\u0600-\u06FF]/);
    const badEn = await name({ title: 42 }, { 'accept-language': 'en' });
    expect(badEn.status).toBe(400);
    expect(badEn.body.message).toBe('The parameter "title" has an invalid value.');
  });

  it('when a WordPress export brings a post a reader’s approved comment already named, then the post’s title and link win', async () => {
    const c = await post('/wp-post/', { pageTitle: 'A reader’s claim', pageUrl: 'https://blog.example/wp-post/?utm=x' });
    await moderate(app, cookie, c, 'approve');
    expect((await feed('/wp-post/')).title).toContain('A reader’s claim');
    const wxr = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>blog</title><link>https://blog.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://blog.example</wp:base_site_url>
<item><title>مقال ووردبريس</title><link>https://blog.example/wp-post/</link><wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:comment_status>open</wp:comment_status>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Ali</wp:comment_author><wp:comment_author_email>ali@example.com</wp:comment_author_email><wp:comment_date_gmt>2020-01-01 10:00:00</wp:comment_date_gmt><wp:comment_content>تعليق قديم</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>`;
    const res = await fetch(`${app.url}/api/moderation/sites/test/imports?format=wordpress`, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': 'application/xml' }, body: wxr });
    expect(res.status, await res.clone().text()).toBe(200);
    const f = await feed('/wp-post/');
    expect(f.title).toContain('مقال ووردبريس');
    expect(f.alternate).toBe('https://blog.example/wp-post/');
  });
});
