import { describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { login, moderate, postComment } from './helpers/http.js';
import { seed, useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';

// Issue 14 point 8: a listing page with many <majlis-count> elements asks once, shows Arabic
// plurals (English where lang="en"), and follows a comments widget's live count.

let app: TestApp;
let host: WidgetHost;

useWidgetHost((e) => {
  ({ app, host } = e);
});

describe('count.js on a listing page', () => {
  test('when 40 articles each carry <majlis-count>, then one /api/counts request fills them all with «١٢ تعليقاً»-style plurals, and a widget on the page updates its article live', async () => {
    const counts: Record<string, number> = { '/c/1': 12, '/c/2': 0, '/c/3': 1, '/c/4': 3, '/c/5': 2 };
    for (const [page, n] of Object.entries(counts)) for (let i = 0; i < n; i++) await seed(app, page);
    const pages = Array.from({ length: 40 }, (_, i) => `/c/${i + 1}`);
    const url = host.serve(`<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>قائمة</title>
      <script type="module" src="${app.url}/count.js"></script><script type="module" src="${app.url}/widget.js"></script></head>
      <body><main><ul>${pages.map((p) => `<li><a href="${p}">مقال</a> <majlis-count site="${app.site}" page="${p}"></majlis-count></li>`).join('')}</ul>
      <p lang="en"><majlis-count site="${app.site}" page="/c/1"></majlis-count></p>
      <${W} site="${app.site}" page="/c/1"></${W}></main></body></html>`);
    const context = await host.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/counts') && requests.push(r.url()));
    // The server acknowledges the widget's join ("43<id>[{"ok":true}]"), over polling or WebSocket.
    const ack = /(^|\x1e)43\d*\[\{"ok":true/;
    const joined = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (f) => ack.test(String(f.payload)) && resolve()));
      page.on('response', (r) => {
        if (r.url().includes('/socket.io/')) void r.text().then((t) => ack.test(t) && resolve(), () => undefined);
      });
    });
    await page.goto(url);
    const text = (p: string, n = 0) => page.locator(`majlis-count[page="${p}"]`).nth(n).textContent();
    await expect.poll(() => text('/c/1')).toBe('١٢ تعليقاً');
    expect(await text('/c/2')).toBe('لا تعليقات');
    expect(await text('/c/3')).toBe('تعليق واحد');
    expect(await text('/c/4')).toBe('٣ تعليقات');
    expect(await text('/c/5')).toBe('تعليقان');
    expect(await text('/c/1', 1)).toBe('12 comments');
    expect(await page.locator('majlis-count[data-count]').count()).toBe(41);
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!).searchParams.getAll('page')).toHaveLength(40);

    // The widget for /c/1 is on the page; once its live connection is up, a new approved comment updates both counts.
    await page.locator(`${W} h2`).waitFor();
    await joined;
    const held = await postComment(app, { page: '/c/1', content: 'تعليق جديد يرفع العدد' });
    if (held.body.comment.status !== 'approved') await moderate(app, await login(app), held.body.comment.id, 'approve');
    await expect.poll(() => text('/c/1'), { timeout: 15_000 }).toBe('١٣ تعليقاً');
    expect(await text('/c/1', 1)).toBe('13 comments');
    expect(requests).toHaveLength(1);
    await context.close();
  });

  test('when a listing has 150 articles, then it asks in chunks of 100 pages', async () => {
    const pages = Array.from({ length: 150 }, (_, i) => `/many/${i}`);
    const url = host.serve(`<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>قائمة</title>
      <script type="module" src="${app.url}/count.js"></script></head><body><main>
      ${pages.map((p) => `<p><majlis-count site="${app.site}" page="${p}"></majlis-count></p>`).join('')}</main></body></html>`);
    const context = await host.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/counts') && requests.push(r.url()));
    await page.goto(url);
    await expect.poll(() => page.locator('majlis-count[data-count]').count()).toBe(150);
    expect(requests.map((u) => new URL(u).searchParams.getAll('page').length).sort()).toEqual([100, 50]);
    await context.close();
  });
});
