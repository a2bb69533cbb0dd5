import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countLinks } from '../server/moderation/links.js';
import { findLinks } from '../server/shared/links.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/** Issue 9, point 10: what the widget shows as a link is exactly what the link limit counts. */
let app: TestApp;
let browser: Browser;
let host: Server;
let hostUrl = '';
let cookie: string;

beforeAll(async () => {
  app = await startApp({ env: { TRUST_PROXY: 'true' }, siteSettings: { maxLinks: 2, previouslyApproved: false } });
  browser = await launchBrowser();
  cookie = await login(app);
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>روابط</title>
      <script type="module" src="${app.url}/widget.js"></script></head>
      <body><majlis-comments site="test" page="/links"></majlis-comments></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => host?.close(resolve));
});

const CONTENTS = [
  'Mirrors: (www.a.example) (www.b.example)',
  'Join irc://chat.a.example/room or gopher://b.example/',
  'راجع https://a.example/مقال، ثم www.c.example.',
  'write to me@d.example or see ftp.e.example and ftp://f.example/x',
  '<a href="https://g.example/">g</a> <b>bold</b> <code>https://h.example</code> «https://i.example»',
  '<a href="javascript:alert(1)">click</a> http:// (https://j.example/wiki/K_(l))',
];

describe('links in the widget', () => {
  test('when comments with every kind of link are shown, then each counted link, and nothing else, is a link; only http(s) ones open', async () => {
    const ids: string[] = [];
    let ip = 0;
    for (const content of CONTENTS) {
      const res = await postComment(app, { page: '/links', content }, { 'x-forwarded-for': `192.0.2.${++ip}` });
      expect(res.status).toBe(201);
      const expected = countLinks(content) >= 2 ? 'pending' : 'approved';
      expect(res.body.comment.status, content).toBe(expected);
      if (expected === 'pending') {
        const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie, lang: 'en' });
        const held = queue.body.comments.find((c: { id: string }) => c.id === res.body.comment.id);
        expect(held.reasons).toContain(`${countLinks(content)} links`);
        await moderate(app, cookie, res.body.comment.id, 'approve');
      }
      ids.push(res.body.comment.id);
    }

    const context = await browser.newContext({ locale: 'ar' });
    const page = await context.newPage();
    await page.goto(hostUrl);
    await expect.poll(() => page.locator('majlis-comments article[data-id]').count(), { timeout: 20_000 }).toBe(CONTENTS.length);

    for (const [i, content] of CONTENTS.entries()) {
      const box = page.locator(`majlis-comments article[data-id="${ids[i]}"] [part=content]`);
      // The text is shown as typed: markup in a comment is text, never HTML.
      expect((await box.innerText()).replace(/\s+/g, ' ')).toBe(content.replace(/\s+/g, ' '));
      const shown = await box.locator('a').evaluateAll((as) =>
        as.map((a) => ({ text: a.textContent, href: a.getAttribute('href'), rel: a.getAttribute('rel') })),
      );
      const counted = findLinks(content);
      expect(shown.length, content).toBe(countLinks(content));
      expect(shown.map((a) => a.text)).toEqual(counted.map((l) => content.slice(l.start, l.end)));
      for (const a of shown) {
        if (a.href === null) continue;
        expect(a.href).toMatch(/^https?:\/\//);
        expect(a.rel).toBe('nofollow ugc noopener');
      }
      expect(shown.map((a) => a.href)).toEqual(counted.map((l) => l.href));
    }

    // Spot checks of the rule as a reader meets it.
    const links = (i: number) => page.locator(`majlis-comments article[data-id="${ids[i]}"] [part=content] a`);
    expect(await links(0).count()).toBe(0); // (www.…) is not a link, as in WordPress
    expect(await links(1).evaluateAll((as) => as.map((a) => [a.textContent, a.hasAttribute('href')]))).toEqual([
      ['irc://chat.a.example/room', false],
      ['gopher://b.example/', false],
    ]);
    expect(await links(2).evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://a.example/مقال', 'http://www.c.example']);
    await context.close();
  }, 90_000);
});
