import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate, postComment } from './helpers/http.js';

// Issue 8 point 15 in the browser: a widget without a `page` attribute uses location.pathname,
// which the browser percent-encodes; the server keeps the decoded key. Both are one thread.
const W = 'majlis-comments';
const articlePath = '/2026/مقال-حي';
let app: TestApp;
let browser: Browser;
let host: Server;
let hostUrl = '';
let cookie: string;

beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
  browser = await launchBrowser();
  host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>مقال</title>
      <script type="module" src="${app.url}/widget.js"></script></head><body><${W} site="test"></${W}></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => host?.close(resolve));
});

/** Opens the article; resolves once the widget's live connection has joined its thread. */
async function openArticle(page: Page): Promise<void> {
  const ack = /(^|\x1e)43\d*\[\{"ok":true/;
  const joined = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', (f) => ack.test(String(f.payload)) && resolve()));
    page.on('response', (r) => {
      if (r.url().includes('/socket.io/')) void r.text().then((t) => ack.test(t) && resolve(), () => undefined);
    });
  });
  await page.goto(hostUrl + encodeURI(articlePath));
  await page.locator(`${W} h2`).waitFor();
  await joined;
}

describe('a widget on a percent-encoded path', () => {
  test('when comments are posted under the decoded key, then the widget lists them, receives an approval live, and keeps its own pending comment after a reload', async () => {
    const context = await browser.newContext({ locale: 'ar' });
    const page = await context.newPage();
    expect(encodeURI(articlePath)).not.toBe(articlePath);

    const earlier = await postComment(app, { page: articlePath, content: 'تعليق سابق على المقال' });
    await moderate(app, cookie, earlier.body.comment.id, 'approve');
    await openArticle(page);
    await page.locator(`${W} article`, { hasText: 'تعليق سابق على المقال' }).waitFor();

    const held = await postComment(app, { page: articlePath, content: 'تعليق يصل مباشرة' });
    expect(held.body.comment.status).toBe('pending');
    await moderate(app, cookie, held.body.comment.id, 'approve');
    await page.locator(`${W} article`, { hasText: 'تعليق يصل مباشرة' }).waitFor();

    await page.fill(`${W} #content`, 'تعليقي أنا من المتصفح');
    await page.fill(`${W} #name`, 'قارئ');
    await page.fill(`${W} #email`, 'reader@example.com');
    await page.locator(`${W} button[type=submit]`).click();
    await page.locator(`${W} article.pending`, { hasText: 'تعليقي أنا من المتصفح' }).waitFor();
    await page.reload();
    await page.locator(`${W} article.pending`, { hasText: 'تعليقي أنا من المتصفح' }).waitFor();
    await context.close();
  }, 90_000);
});
