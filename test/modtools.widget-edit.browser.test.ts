import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, request } from './helpers/http.js';

/** Issue 13 point 4: a reader sees a moderator's edit live, in Chromium with the built widget. */
let app: TestApp;
let browser: Browser;
let pages: Server;
let pagesUrl = '';
let cookie: string;
const body = new Map<string, string>();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  cookie = await login(app);
  pages = createServer((req, res) => {
    res.writeHead(body.has(req.url ?? '') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body.get(req.url ?? '') ?? '');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => pages?.close(resolve));
});

test('when a moderator edits a visible comment, then the reader sees the new text and the edited mark without a reload', async () => {
  const c = await app.store.createComment({
    site: 'test', page: '/edit-live', parentId: null, authorName: 'ليلى', authorEmail: 'layla@example.com', authorUrl: null,
    avatarKey: '0123456789abcdef0123456789abcdef', content: 'نص فيه خطأ املائي', status: 'approved', ip: '10.0.0.1', userAgent: 'seed',
    reasons: [], pageTitle: null, pageUrl: null, createdAt: Date.now() - 60_000,
  });
  body.set('/p', `<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>صفحة</title><script type="module" src="${app.url}/widget.js"></script></head><body><main><majlis-comments site="test" page="/edit-live"></majlis-comments></main></body></html>`);
  const context = await browser.newContext({ locale: 'ar' });
  const page = await context.newPage();
  const ack = /(^|\x1e)43\d*\[\{"ok":true/;
  const joined = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', (f) => ack.test(String(f.payload)) && resolve()));
    page.on('response', (r) => {
      if (r.url().includes('/socket.io/')) void r.text().then((t) => ack.test(t) && resolve(), () => undefined);
    });
  });
  await page.goto(`${pagesUrl}/p`);
  const article = page.locator(`majlis-comments article[data-id="${c.id}"]`);
  await article.waitFor();
  await joined;
  expect(await article.textContent()).toContain('نص فيه خطأ املائي');
  expect(await article.textContent()).not.toContain('(معدّل)');
  const res = await request(app, 'PATCH', `/api/moderation/comments/${c.id}`, { cookie, headers: { origin: app.url }, body: { content: 'نص مصحّح', version: c.version } });
  expect(res.status).toBe(200);
  await expect.poll(() => article.textContent(), { timeout: 20_000 }).toContain('نص مصحّح');
  expect(await article.textContent()).not.toContain('خطأ املائي');
  expect(await article.textContent()).toContain('(معدّل)');
  await context.close();
}, 120_000);
