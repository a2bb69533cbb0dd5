import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';

// What the widget says when the thread cannot be loaded: the server's own reason when it
// refused the request (a 4xx with a JSON error), the network sentence and a retry button
// only when the server was not reached (that case: widget.browser.test.ts).

let app: TestApp;
let host: WidgetHost;

useWidgetHost((e) => {
  ({ app, host } = e);
});

/** Opens a host page (its `lang`) embedding the widget for `site`; resolves with the page and the `majlis-error` events it saw. */
async function openSite(site: string, lang: string): Promise<{ page: Page; errors: () => Promise<unknown[]> }> {
  const context = await host.newContext({ locale: lang });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: unknown[] = ((window as unknown as { majlisErrors: unknown[] }).majlisErrors = []);
    addEventListener('majlis-error', (e) => seen.push((e as CustomEvent).detail));
  });
  await page.goto(
    host.serve(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>مقال</title>
      <script type="module" src="${app.url}/widget.js"></script></head>
      <body><main><${W} site="${site}" page="/an/article"></${W}></main></body></html>`),
  );
  return { page, errors: () => page.evaluate(() => (window as unknown as { majlisErrors: unknown[] }).majlisErrors) };
}

describe('load errors', () => {
  test.each([
    ['ar', 'تعذّر تحميل التعليقات: الموقع «example» غير معروف.'],
    ['en', 'The comments could not be loaded. The site "example" is not known.'],
  ])('when the site id is unknown (%s), then the server\'s reason shows, not a network problem, and no retry button', async (lang, text) => {
    const { page, errors } = await openSite('example', lang);
    const alert = page.locator(`${W} [role=alert]`);
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(text);
    expect(await page.locator(`${W} [part=retry]`).count()).toBe(0);
    expect(await errors()).toEqual([{ code: 'load_failed', status: 400, message: text }]);
    await page.context().close();
  });

  test.each([
    ['ar', 'تعذّر تحميل التعليقات: هذا الموقع غير مسموح له بإرسال التعليقات هنا.'],
    ['en', 'The comments could not be loaded. This origin is not allowed to post comments here.'],
  ])('when the page\'s origin is one no site allows (%s), then the server\'s refusal shows, not a network problem, and no retry button', async (lang, text) => {
    // The site allows only another origin, so the host page's (a localhost one) is allowed by none.
    await app.store.setSiteOrigins(app.site, ['https://news.example']);
    try {
      const { page, errors } = await openSite(app.site, lang);
      const alert = page.locator(`${W} [role=alert]`);
      await alert.waitFor();
      expect((await alert.textContent())?.trim()).toBe(text);
      expect(await page.locator(`${W} [part=retry]`).count()).toBe(0);
      expect(await errors()).toEqual([{ code: 'load_failed', status: 403, message: text }]);
      await page.context().close();
    } finally {
      await app.store.setSiteOrigins(app.site, []);
    }
  });
});
