import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { loadAll, seed, useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';
import { axeViolations as axeOf } from './helpers/axe.js';

// Issue 14 point 1 (permalinks) and the reader actions' accessibility, in Chromium.

let app: TestApp;
let host: WidgetHost;

useWidgetHost((e) => {
  ({ app, host } = e);
}, { siteSettings: { threadsPerPage: 2, threadDepth: 5 } });

// The test host page has no <h1> of its own: that rule is about the page, not the widget.
const axeViolations = (p: Page) => axeOf(p, ['page-has-heading-one']);

/** The id of the element focused inside the widget, and whether it is highlighted. */
const focused = (page: Page) =>
  page.evaluate((tag) => {
    const el = document.querySelector(tag)!.shadowRoot!.activeElement as HTMLElement | null;
    return { id: el?.id ?? '', linked: !!el?.classList.contains('linked') };
  }, W);

/** The reader-actions chunk has loaded (its buttons show). */
const actionsReady = (page: Page) => page.locator(`${W} button.copy`).first().waitFor();

describe('permalinks', () => {
  test('when a comment on a later page is opened by its #comment-<id> link, then its page is loaded and it is scrolled to, focused and highlighted', async () => {
    const thread = '/permalink/later';
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await seed(app, thread, { content: `موضوع رقم ${i}`, agoMs: 600_000 }));
    const target = ids[5]!;
    const context = await host.newContext();
    const page = await host.open(context, thread, { hash: `#comment-${target}` });
    await expect.poll(() => focused(page), { timeout: 15_000 }).toEqual({ id: `c-${target}`, linked: true });
    expect(await page.locator(`${W} #c-${target}`).isVisible()).toBe(true);
    // The time is the permalink.
    const href = await page.locator(`${W} #c-${target} a.permalink`).getAttribute('href');
    expect(href).toBe(`${page.url().split('#')[0]}#comment-${target}`);
    // The server answers `around`: the page holding it, with a way back to older threads.
    const prev = page.locator(`${W} button.prev`);
    await prev.waitFor();
    expect(await prev.textContent()).toContain('تعليقات أقدم');
    expect(await page.locator(`${W} #c-${ids[0]}`).count()).toBe(0);
    await loadAll(page, 'button.prev');
    await expect.poll(() => page.locator(`${W} #c-${ids[0]}`).count()).toBe(1);
    await context.close();
  }, 60_000);

  test('when a reply five levels deep is linked, then it shows focused inside its thread', async () => {
    const thread = '/permalink/deep';
    for (let i = 0; i < 4; i++) await seed(app, thread, { agoMs: 900_000 });
    let parent = await seed(app, thread, { content: 'أصل السلسلة', agoMs: 800_000 });
    for (let d = 0; d < 5; d++) parent = await seed(app, thread, { parentId: parent, content: `رد بعمق ${d + 2}`, agoMs: 700_000 - d * 1000 });
    const context = await host.newContext();
    const page = await host.open(context, thread, { hash: `#comment-${parent}` });
    await expect.poll(() => focused(page), { timeout: 15_000 }).toEqual({ id: `c-${parent}`, linked: true });
    expect(await page.locator(`${W} #c-${parent}`).textContent()).toContain('رد بعمق 6');
    await context.close();
  });

  test('when the reader clicks «نسخ الرابط», then the clipboard holds the permalink and «نُسخ الرابط» is announced', async () => {
    const thread = '/permalink/copy';
    const id = await seed(app, thread, { content: 'انسخ رابطي' });
    const context = await host.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await host.open(context, thread);
    await actionsReady(page);
    await page.locator(`${W} #c-${id} button.copy`).click();
    await expect.poll(() => page.locator(`${W} .sr[role=status]`).textContent()).toBe('نُسخ الرابط');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${page.url().split('#')[0]}#comment-${id}`);
    await context.close();
  });

  test('when the reader actions, sort menu and report dialog are shown, then axe-core finds no violations (Arabic and English)', async () => {
    const thread = '/permalink/axe';
    const id = await seed(app, thread, { content: 'تعليق للفحص' });
    await seed(app, thread, { parentId: id, content: 'رد للفحص' });
    for (const lang of ['ar', 'en']) {
      const context = await host.newContext();
      const page = await host.open(context, thread, { lang });
      await actionsReady(page);
      await page.locator(`${W} #sort`).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // The dialog opens from the keyboard, takes focus, and Escape gives it back to «إبلاغ».
      await page.locator(`${W} #c-${id} button.report`).focus();
      await page.keyboard.press('Enter');
      await page.locator(`${W} dialog[open]`).waitFor();
      expect(await page.evaluate((t) => document.querySelector(t)!.shadowRoot!.activeElement?.closest('dialog') !== null, W)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate((t) => document.querySelector(t)!.shadowRoot!.activeElement?.className, W)).toContain('report');
      await context.close();
    }
  }, 60_000);
});
