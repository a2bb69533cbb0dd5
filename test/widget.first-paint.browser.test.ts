import { readFileSync } from 'node:fs';
import type { Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { seed, useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';

// The thread must show with first paint alone (widget.js and what it imports statically,
// plus the English words in English): every chunk loaded later (form, reader actions,
// live client and its event handlers) is held back here, and the thread still shows.

let app: TestApp;
let host: WidgetHost;

useWidgetHost((e) => {
  ({ app, host } = e);
});

/** Chunk file names widget.js imports statically (first paint). */
const firstPaint = () => [...readFileSync(new URL('../widget/dist/widget.js', import.meta.url), 'utf8').matchAll(/chunks\/([\w-]+\.js)/g)].map((m) => m[1]!);

describe('first paint', () => {
  test('when every chunk loaded after first paint is held back, then the thread still shows, in Arabic and in English', async () => {
    const thread = '/first-paint';
    await seed(app, thread, { content: 'تعليق يظهر مع أول رسم' });
    for (const lang of ['ar', 'en']) {
      const context = await host.newContext();
      const page = await context.newPage();
      const held: Route[] = [];
      const allowed = firstPaint();
      await page.route(/\/chunks\//, (route) => {
        const file = new URL(route.request().url()).pathname.split('/').pop()!;
        if (allowed.includes(file) || (lang === 'en' && file.startsWith('w-en-'))) return route.continue();
        held.push(route);
      });
      const url = host.serve(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>مقال</title>
        <script type="module" src="${app.url}/widget.js"></script></head>
        <body><main><${W} site="${app.site}" page="${thread}"></${W}></main></body></html>`);
      await page.goto(url);
      await page.locator(`${W} h2`).waitFor();
      await expect(page.locator(`${W} h2`).textContent()).resolves.toBe(lang === 'en' ? '1 comment' : 'تعليق واحد');
      await page.locator(`${W} article`, { hasText: 'تعليق يظهر مع أول رسم' }).waitFor();
      // The later chunks were asked for (after first paint) and are still held back.
      await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      expect(await page.evaluate(() => !!customElements.get('majlis-comment-form'))).toBe(false);
      await context.close();
    }
  }, 60_000);
});
