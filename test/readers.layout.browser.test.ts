import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { login, moderate } from './helpers/http.js';
import { loadAll, seed, useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';

// REVIEW14 widget items 8 and 6, in Chromium: what the late reader-actions chunk does to the
// reader's place, and "load more" in popular order while likes change.

let app: TestApp;
let host: WidgetHost;

useWidgetHost((e) => {
  ({ app, host } = e);
}, { siteSettings: { threadsPerPage: 2, threadDepth: 5, previouslyApproved: false } });

/** Holds back the reader-actions chunk (the one holding `majlis:liked`) by `ms`, as a busy page would. */
const slowActions = (ms: number) => (p: Page) =>
  p.route(/\/chunks\//, async (route) => {
    const r = await route.fetch();
    const body = await r.text();
    if (body.includes('majlis:liked')) await new Promise((res) => setTimeout(res, ms));
    await route.fulfill({ response: r, body });
  });

/** Where comment `id` is in the viewport (px) and whether it is wholly inside it. */
const where = (page: Page, id: string) =>
  page.evaluate(
    ([tag, cid]) => {
      const r = document.querySelector(tag!)!.shadowRoot!.querySelector(`#c-${cid}`)!.getBoundingClientRect();
      return { top: Math.round(r.top), inView: r.top >= 0 && r.bottom <= innerHeight };
    },
    [W, id] as const,
  );

describe('reader actions arriving late', () => {
  test('when the sort menu and a tall «تعليقات مختارة» render after a permalinked comment was revealed, then the comment stays where it was, in view', async () => {
    const thread = '/layout/permalink';
    const ids: string[] = [];
    const long = Array.from({ length: 6 }, (_, i) => `سطر ${i + 1} من تعليق مختار طويل`).join('\n');
    for (let i = 0; i < 8; i++) ids.push(await seed(app, thread, { content: i < 6 ? long : `موضوع ${i}`, agoMs: 600_000 }));
    for (let i = 0; i < 6; i++) await app.store.readers.setFeatured(ids[i]!, undefined, Date.now() - i * 1000);
    const target = ids[6]!;
    const context = await host.newContext();
    const page = await host.open(context, thread, { hash: `#comment-${target}`, before: slowActions(2500) });
    await expect
      .poll(() => page.evaluate((t) => (document.querySelector(t)!.shadowRoot!.activeElement as HTMLElement | null)?.id, W), { timeout: 15_000 })
      .toBe(`c-${target}`);
    expect(await page.locator(`${W} section.featured`).count(), 'the chunk is still held back').toBe(0);
    const before = await where(page, target);
    expect(before.inView).toBe(true);
    await page.locator(`${W} section.featured`).waitFor({ timeout: 15_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await where(page, target);
    expect(after.inView).toBe(true);
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(2);
    await context.close();
  }, 60_000);
});

/** Likes comment `id` as `n` different readers, over HTTP (as the widget does). */
async function like(id: string, n: number, from = 0): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${app.url}/api/comments/${id}/reactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'majlis-reader': `reader-${id}-${from + i}-xxxxxxxxxxxx` },
      body: JSON.stringify({ reaction: 'like' }),
    });
    expect(r.status).toBe(200);
  }
}

const rootIds = (page: Page) => page.locator(`${W} ol.list > li > article`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));

describe('popular order', () => {
  test('when a thread not loaded yet is liked past the last loaded one, then "load more" still brings every thread, in the order a reload shows', async () => {
    const thread = '/layout/popular';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seed(app, thread, { content: `موضوع ${i}`, agoMs: 600_000 }));
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    await like(a, 5);
    await like(b, 3);
    await like(c, 2);
    await like(d, 1);
    const context = await host.newContext();
    const before = (p: Page) => p.addInitScript(() => localStorage.setItem('majlis:sort', JSON.stringify('popular')));
    const page = await host.open(context, thread, { before });
    await expect.poll(() => rootIds(page)).toEqual([a, b]);
    // c goes from 2 to 4 likes: past b (3), the last thread loaded, so after any keyset cursor at b.
    await like(c, 2, 100);
    await loadAll(page);
    const shown = await rootIds(page);
    const fresh = await host.open(context, thread, { before });
    await loadAll(fresh);
    expect(await rootIds(fresh)).toEqual([a, c, b, d, e]);
    expect(shown).toEqual([a, c, b, d, e]);
    await context.close();
  }, 60_000);
});

describe('featured section live', () => {
  test('when one of a full «تعليقات مختارة» (10) is unfeatured live, then the section refills to the 10 a reload shows', async () => {
    const thread = '/layout/featured';
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await seed(app, thread, { content: `مختار ${i}`, agoMs: 600_000 }));
    // Featured oldest first: ids[10] newest featured, ids[0] the 11th (not in the list of 10).
    for (let i = 0; i < 11; i++) await app.store.readers.setFeatured(ids[i]!, undefined, Date.now() - (11 - i) * 1000);
    const context = await host.newContext();
    const page = await host.open(context, thread);
    const listed = () => page.locator(`${W} section.featured li a`).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.replace('#comment-', '')));
    await expect.poll(listed, { timeout: 15_000 }).toHaveLength(10);
    expect(await listed()).not.toContain(ids[0]);
    expect((await moderate(app, await login(app), ids[5]!, 'unfeature')).status).toBe(200);
    const fresh = await host.open(context, thread);
    const reload = () => fresh.locator(`${W} section.featured li a`).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.replace('#comment-', '')));
    await expect.poll(reload, { timeout: 15_000 }).toHaveLength(10);
    await expect.poll(listed, { timeout: 15_000 }).toEqual(await reload());
    expect(await listed()).toContain(ids[0]);
    await context.close();
  }, 60_000);
});

/** Holds back the comment form chunk (the one holding `email-notes`) by `ms`. */
const slowForm = (ms: number) => (p: Page) =>
  p.route(/\/chunks\//, async (route) => {
    const r = await route.fetch();
    const body = await r.text();
    if (body.includes('email-notes')) await new Promise((res) => setTimeout(res, ms));
    await route.fulfill({ response: r, body });
  });

describe('the form area at first paint', () => {
  test('when the form chunk arrives after the thread, then its area was already reserved: the block-size of the form changes by at most 15% when it renders (ar and en)', async () => {
    const thread = '/layout/form';
    await seed(app, thread, { content: 'تعليق قبل النموذج' });
    for (const lang of ['ar', 'en']) {
      const context = await host.newContext();
      const page = await host.open(context, thread, { lang, before: slowForm(2500) });
      const measure = () =>
        page.evaluate((t) => {
          const r = document.querySelector(t)!.shadowRoot!;
          const f = r.querySelector('.root > majlis-comment-form') as HTMLElement;
          return { defined: !!customElements.get('majlis-comment-form'), form: f.getBoundingClientRect().height, end: r.querySelector('.end')!.getBoundingClientRect().top };
        }, W);
      const early = await measure();
      expect(early.defined, 'the form chunk is still held back').toBe(false);
      await page.locator(`${W} majlis-comment-form textarea`).waitFor({ timeout: 15_000 });
      const late = await measure();
      expect(early.form).toBeGreaterThan(0);
      // The reader actions (above) may land meanwhile and move everything: the form's own block-size is what is held.
      expect(Math.abs(late.form - early.form)).toBeLessThanOrEqual(late.form * 0.15);
      await context.close();
    }
  }, 60_000);
});
