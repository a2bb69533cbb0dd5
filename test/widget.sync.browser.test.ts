import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import type { TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { loadAll, seed, snapshot, useWidgetHost, W, type WidgetHost } from './helpers/widget-host.js';

// Issue 9: after live events, what the widget shows equals a fresh load; time, direction and limits.

let app: TestApp;
let host: WidgetHost;
let cookie: string;
const contexts: BrowserContext[] = [];
let seq = 0;
const threadKey = () => `/sync/${Date.now().toString(36)}-${++seq}`;

useWidgetHost(async (e) => {
  ({ app, host } = e);
  cookie = await login(app);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function context(opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const c = await host.newContext(opts);
  contexts.push(c);
  return c;
}

/** Runs `body` with some site settings changed, then puts them back. */
async function withSettings(over: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const before = (await app.store.getSite(app.site))!.settings;
  await app.store.setSiteSettings(app.site, { ...before, ...over });
  try {
    await body();
  } finally {
    await app.store.setSiteSettings(app.site, before);
  }
}

const version = async (id: string) => (await app.store.getComment(id))!.version;
const act = async (id: string, action: string) => expect((await moderate(app, cookie, id, action, await version(id))).status).toBe(200);
const contents = (page: Page) => page.locator(`${W} [part=content]`).allTextContents();
const heading = (page: Page) => page.locator(`${W} h2`).textContent();

/** Loads every page in the open widget and in a fresh one, and expects them equal (retrying while events land). */
async function expectSameAsFresh(page: Page, what = ''): Promise<void> {
  await loadAll(page);
  const fresh = await host.open(page.context(), await page.locator(W).getAttribute('page') as string);
  try {
    await loadAll(fresh);
    const want = await snapshot(fresh);
    await expect.poll(() => snapshot(page), { timeout: 10_000, message: what }).toEqual(want);
  } finally {
    await fresh.close();
  }
}

async function postAs(page: Page, content: string, name = 'قارئ') {
  await page.fill(`${W} #content`, content);
  await page.fill(`${W} #name`, name);
  await page.fill(`${W} #email`, `reader${++seq}@example.com`);
  await page.click(`${W} button[type=submit]`);
  await page.locator(`${W} article.pending`, { hasText: content }).waitFor();
  return page.evaluate(
    (text) => (JSON.parse(localStorage.getItem('majlis:pending') ?? '[]') as Array<{ comment: { id: string; content: string } }>).find((e) => e.comment.content === text)!.comment.id,
    content,
  );
}

describe('the live thread equals a reload', () => {
  test('when a held thread that sorts before the loaded cursor is approved, then it appears in its place', async () => {
    await withSettings({ threadsPerPage: 2 }, async () => {
      const key = threadKey();
      await seed(app, key, { content: 'R1', agoMs: 50_000 });
      const held = await seed(app, key, { content: 'H', status: 'pending', agoMs: 40_000 });
      for (const [n, ago] of [['R2', 30_000], ['R3', 20_000], ['R4', 10_000]] as const) await seed(app, key, { content: n, agoMs: ago });
      const page = await host.open(await context(), key);
      expect(await contents(page)).toEqual(['R1', 'R2']);
      await act(held, 'approve');
      await expect.poll(() => contents(page)).toEqual(['R1', 'H', 'R2']);
      expect(await heading(page)).toBe('٥ تعليقات');
      await loadAll(page);
      expect(await contents(page)).toEqual(['R1', 'H', 'R2', 'R3', 'R4']);
    });
  });

  test('when a parent is un-approved and approved again, then it comes back with its approved replies and the count is right', async () => {
    const key = threadKey();
    const parent = await seed(app, key, { content: 'الأصل', agoMs: 30_000 });
    await seed(app, key, { content: 'رد', parentId: parent, agoMs: 20_000 });
    const page = await host.open(await context(), key);
    expect(await heading(page)).toBe('تعليقان');
    await act(parent, 'pending');
    await expect.poll(() => heading(page)).toBe('لا توجد تعليقات');
    await act(parent, 'approve');
    await expect.poll(() => contents(page)).toEqual(['الأصل', 'رد']);
    expect(await heading(page)).toBe('تعليقان');
    expect(await page.locator(`${W} ol.children article`).count()).toBe(1);
    await expectSameAsFresh(page);
  });

  test('when a moderator closes the thread, then open pages say so at once; reopened, the form returns', async () => {
    const key = threadKey();
    await seed(app, key, { content: 'قبل الإغلاق' });
    const page = await host.open(await context(), key);
    const close = (closed: boolean) =>
      request(app, 'POST', '/api/moderation/pages', { body: { site: app.site, page: key, closed }, cookie, headers: { origin: app.url } });
    await close(true);
    await page.locator(`${W} [part=notice]`, { hasText: 'التعليقات مغلقة على هذه الصفحة.' }).waitFor();
    expect(await page.locator(`${W} majlis-comment-form`).count()).toBe(0);
    expect(await page.locator(`${W} [part=reply]`).count()).toBe(0);
    await close(false);
    await page.locator(`${W} majlis-comment-form`).waitFor();
    expect(await page.locator(`${W} [part=reply]`).count()).toBe(1);
    expect(await page.locator(`${W} [part=notice]`).count()).toBe(0);
  });

  test('when a moderator trashes the reader’s own pending comment, then it disappears from their view; restored, it is back', async () => {
    const key = threadKey();
    const ctx = await context();
    const page = await host.open(ctx, key);
    const id = await postAs(page, 'تعليقي أنا');
    // Never «لا توجد تعليقات» above the reader's own pending comment.
    expect(await heading(page)).toBe('تعليق واحد');
    await act(id, 'trash');
    await page.locator(`${W} article[data-id="${id}"]`).waitFor({ state: 'detached' });
    expect(await heading(page)).toBe('لا توجد تعليقات');
    await expectSameAsFresh(page, 'after trash');
    await act(id, 'restore');
    await page.locator(`${W} article.pending[data-id="${id}"]`).waitFor();
    await expectSameAsFresh(page, 'after restore');
  });

  test('when the filters put the reader’s comment in spam, then it still looks held to them, after a reload too', async () => {
    await withSettings({ disallowedKeys: ['كلمةمحظورة'] }, async () => {
      const key = threadKey();
      const page = await host.open(await context(), key);
      const id = await postAs(page, 'نص فيه كلمةمحظورة');
      expect((await app.store.getComment(id))!.status).toBe('trash');
      await page.reload();
      await page.locator(`${W} article.pending[data-id="${id}"]`).waitFor();
      expect(await page.locator(`${W} article[data-id="${id}"] .awaiting`).textContent()).toBe('تعليقك في انتظار المراجعة.');
    });
  });

  test('when the server drops every reader connection and changes happen meanwhile, then the widget reconnects and shows them', async () => {
    const key = threadKey();
    const first = await seed(app, key, { content: 'موجود', agoMs: 30_000 });
    const later = await seed(app, key, { content: 'وافق عليه أثناء الانقطاع', status: 'pending', agoMs: 20_000 });
    const ctx = await context();
    const page = await host.open(ctx, key);
    // Hold the reconnection until the changes are made, as while a server restarts.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await ctx.route(/\/socket\.io\//, async (route) => {
      await released;
      await route.continue();
    });
    await ctx.routeWebSocket(/\/socket\.io\//, async (ws) => {
      await released;
      ws.connectToServer();
    });
    app.io.of('/').disconnectSockets(true);
    await act(first, 'trash');
    await act(later, 'approve');
    release();
    await expect.poll(() => contents(page), { timeout: 20_000 }).toEqual(['وافق عليه أثناء الانقطاع']);
    expect(await heading(page)).toBe('تعليق واحد');
  });
});

test('when a returning author’s comment is approved as it is posted on a thread with more pages, then they see it at once, and "load more" does not repeat it', async () => {
  await withSettings({ threadsPerPage: 2 }, async () => {
    const key = threadKey();
    for (const n of ['أ', 'ب', 'ج']) await seed(app, key, { content: `خيط ${n}`, agoMs: 60_000 });
    const earlier = await postComment(app, { page: key, name: 'عائد', email: 'returning@example.com', content: 'تعليقي الأول' }, { origin: app.url });
    await act(earlier.body.comment.id, 'approve');
    const page = await host.open(await context(), key);
    expect(await contents(page)).toEqual(['خيط أ', 'خيط ب']);
    await page.fill(`${W} #content`, 'تعليقي الثاني');
    await page.fill(`${W} #name`, 'عائد');
    await page.fill(`${W} #email`, 'returning@example.com');
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} article:not(.pending)`, { hasText: 'تعليقي الثاني' }).waitFor();
    await loadAll(page);
    expect(await contents(page)).toEqual(['خيط أ', 'خيط ب', 'خيط ج', 'تعليقي الأول', 'تعليقي الثاني']);
    await expectSameAsFresh(page);
  });
});

describe('time, direction and limits', () => {
  for (const skewMin of [5, -5]) {
    test(`when the reader’s clock is ${skewMin > 0 ? 'ahead' : 'behind'} by 5 minutes, then a just-posted comment reads «الآن», and its time moves on within the first minute`, async () => {
      const ctx = await context({ timezoneId: 'Asia/Kuwait' });
      const key = threadKey();
      await seed(app, key, { content: 'قديم', agoMs: 3 * 3600_000 });
      const page = await host.open(ctx, key, { before: (p) => p.clock.install({ time: Date.now() + skewMin * 60_000 }) });
      expect(Math.abs((await page.evaluate(() => Date.now())) - Date.now() - skewMin * 60_000)).toBeLessThan(30_000);
      const times = () => page.locator(`${W} time`).allTextContents();
      expect((await times())[0]).toBe('قبل ٣ ساعات');
      const id = await seed(app, key, { content: 'جديد', agoMs: 0 });
      await act(id, 'pending');
      await act(id, 'approve');
      await page.locator(`${W} article[data-id="${id}"]`).waitFor();
      expect((await times())[1]).toBe('الآن');
      await page.clock.fastForward(25_000);
      await expect.poll(async () => (await times())[1]).toMatch(/^قبل \S+ ثانية$/);
    });
  }

  test('when a comment has an English line then an Arabic one, then each line takes its own direction', async () => {
    const key = threadKey();
    await seed(app, key, { content: 'Thanks for the article!\nشكراً على المقال.\n\nسطر بعد فراغ' });
    for (const lang of ['ar', 'en']) {
      const page = await host.open(await context(), key, { lang });
      const dirs = await page.locator(`${W} [part=content] > div`).evaluateAll((els) => els.map((e) => [e.textContent, e.textContent ? getComputedStyle(e).direction : '']));
      expect(dirs).toEqual([
        ['Thanks for the article!', 'ltr'],
        ['شكراً على المقال.', 'rtl'],
        ['', ''],
        ['سطر بعد فراغ', 'rtl'],
      ]);
      // The Arabic line's full stop ends it on the left, where Arabic sentences end.
      const line = page.locator(`${W} [part=content] > div`).nth(1);
      const box = (await line.boundingBox())!;
      const text = await line.evaluate((e) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        const b = r.getBoundingClientRect();
        return { x: b.x, right: b.right };
      });
      expect(Math.abs(text.right - (box.x + box.width))).toBeLessThan(2);
      // The empty line keeps its height.
      expect(await page.locator(`${W} [part=content] > div`).nth(2).evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(10);
    }
  });

  test('when the site allows 8,000 characters, then 7,000 are neither cut nor refused, and 3,000 emoji count as 3,000', async () => {
    await withSettings({ maxLength: 8000 }, async () => {
      const page = await host.open(await context(), threadKey());
      const long = 'ا'.repeat(7000);
      await page.fill(`${W} #content`, long);
      expect((await page.inputValue(`${W} #content`)).length).toBe(7000);
      expect(await page.getAttribute(`${W} #content`, 'maxlength')).toBeNull();
      const id = await postAs(page, long);
      expect((await app.store.getComment(id))!.content.length).toBe(7000);
      await page.fill(`${W} #content`, '😀'.repeat(3000));
      await page.click(`${W} button[type=submit]`);
      await page.locator(`${W} article.pending`).nth(1).waitFor();
    });
  });

  test('when the text nears the site’s limit, then a live counter says how many are left; past it, an error and nothing is sent', async () => {
    await withSettings({ maxLength: 100, minLength: 5 }, async () => {
      const page = await host.open(await context(), threadKey());
      const posts: string[] = [];
      page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
      await page.fill(`${W} #content`, 'ب'.repeat(50));
      expect(await page.locator(`${W} .counter`).count()).toBe(0);
      await page.fill(`${W} #content`, 'ب'.repeat(80));
      expect(await page.locator(`${W} .counter`).textContent()).toBe('بقي ٢٠ حرفاً');
      expect(await page.getAttribute(`${W} #content`, 'aria-describedby')).toContain('counter');
      await page.fill(`${W} #content`, '😀'.repeat(97));
      expect(await page.locator(`${W} .counter`).textContent()).toBe('بقيت ٣ أحرف');
      await page.fill(`${W} #content`, 'ب'.repeat(102));
      expect(await page.locator(`${W} #e-content`).textContent()).toBe('التعليق أطول من المسموح بحرفين؛ احذفهما ثم أرسل.');
      expect(await page.getAttribute(`${W} #content`, 'aria-invalid')).toBe('true');
      await page.fill(`${W} #name`, 'سلمى');
      await page.fill(`${W} #email`, 'salma@example.com');
      await page.click(`${W} button[type=submit]`);
      expect(await page.inputValue(`${W} #content`)).toBe('ب'.repeat(102));
      await page.fill(`${W} #content`, 'قصير');
      await page.click(`${W} button[type=submit]`);
      await expect.poll(() => page.locator(`${W} #e-content`).textContent()).toBe('اكتب ٥ أحرف على الأقل.');
      expect(posts).toEqual([]);
    });
  });

  test('when the reader cancels a reply, then focus returns to the «رد» button that opened it', async () => {
    const key = threadKey();
    const id = await seed(app, key, { content: 'ما رأيكم؟' });
    const page = await host.open(await context(), key);
    await page.click(`${W} article[data-id="${id}"] [part=reply]`);
    await page.locator(`${W} .cancel`).click();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('majlis-comments')!.shadowRoot!.activeElement?.closest('article')?.getAttribute('data-id') + ' ' + document.querySelector('majlis-comments')!.shadowRoot!.activeElement?.className))
      .toBe(`${id} reply`);
  });

  test('when the pending note shows, then it is not slanted (no synthetic italics for Arabic)', async () => {
    const page = await host.open(await context(), threadKey());
    await postAs(page, 'ملاحظة غير مائلة');
    expect(await page.locator(`${W} .awaiting`).evaluate((e) => getComputedStyle(e).fontStyle)).toBe('normal');
  });
});
