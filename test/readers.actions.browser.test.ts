import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type StartOptions, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate } from './helpers/http.js';
import { seed, W, WidgetHost } from './helpers/widget-host.js';

// Issue 14 points 2–6 as readers meet them in Chromium: sorting, likes, the author's edit and
// delete window, reports past the threshold, featured comments. Needs the server side (s-readers).

let browser: Browser;
const apps: Array<{ app: TestApp; host: WidgetHost }> = [];
let skew = 0;

async function start(settings: Record<string, unknown>, opts: StartOptions = {}) {
  // Authors here are new: no "first comment" hold (WordPress's previously-approved rule) unless a test asks.
  const app = await startApp({ siteSettings: { previouslyApproved: false, ...settings } as StartOptions['siteSettings'], ...opts });
  const host = new WidgetHost(app, browser);
  await host.start();
  apps.push({ app, host });
  return { app, host };
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const { app, host } of apps) {
    await host.stop();
    await app.close();
  }
  await browser?.close();
});

const order = (page: Page) => page.locator(`${W} ol.list > li > article`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
const article = (page: Page, id: string) => page.locator(`${W} #c-${id}`);
const announced = (page: Page) => page.locator(`${W} .sr[role=status]`).textContent();
const actionsReady = (page: Page) => page.locator(`${W} #sort`).waitFor();

/** Posts through the widget's form, as the author would (the widget keeps the edit token). Returns the id. */
async function postViaWidget(page: Page, content: string): Promise<string> {
  await page.fill(`${W} #content`, content);
  await page.fill(`${W} #name`, 'سلمى');
  await page.fill(`${W} #email`, 'salma.author@example.com');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/comments') && r.request().method() === 'POST');
  await page.click(`${W} button[type=submit]`);
  const body = (await (await answer).json()) as { comment: { id: string } };
  await article(page, body.comment.id).waitFor();
  return body.comment.id;
}

describe('sorting', () => {
  test('when the reader chooses «الأحدث», then the threads reload newest first, and a later visit remembers it', async () => {
    const { app, host } = await start({});
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await seed(app, '/sort', { content: `رقم ${i}`, agoMs: 300_000 }));
    const context = await host.newContext();
    const page = await host.open(context, '/sort');
    await actionsReady(page);
    expect(await order(page)).toEqual(ids);
    await page.locator(`${W} #sort`).selectOption('newest');
    await expect.poll(() => order(page)).toEqual([...ids].reverse());
    const again = await host.open(context, '/sort');
    expect(await order(again)).toEqual([...ids].reverse());
    await actionsReady(again);
    expect(await again.locator(`${W} #sort`).inputValue()).toBe('newest');
    await context.close();
  }, 60_000);
});

describe('likes', () => {
  test('when two readers like a comment, then both see ٢ live; the same reader liking twice counts once; the pressed state is remembered', async () => {
    const { app, host } = await start({});
    const id = await seed(app, '/likes', { content: 'أعجبوني' });
    const ctxA = await host.newContext();
    const ctxB = await host.newContext();
    const a = await host.open(ctxA, '/likes');
    const b = await host.open(ctxB, '/likes');
    await actionsReady(a);
    await actionsReady(b);
    const like = (p: Page) => p.locator(`${W} #c-${id} button.like`);
    await like(a).click();
    await expect.poll(() => like(a).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => like(b).textContent()).toContain('١');
    await like(b).click();
    await expect.poll(() => like(a).textContent()).toContain('٢');
    // Reader A asks again with the same reader id: not counted twice.
    const again = await a.evaluate(
      async ([url, cid]) => {
        const reader = JSON.parse(localStorage.getItem('majlis:reader')!) as string;
        const r = await fetch(`${url}/api/comments/${cid}/reactions`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Majlis-Reader': reader }, body: '{"reaction":"like"}' });
        return (await r.json()) as { likes: number };
      },
      [app.url, id] as const,
    );
    expect(again.likes).toBe(2);
    const a2 = await host.open(ctxA, '/likes');
    await actionsReady(a2);
    expect(await like(a2).getAttribute('aria-pressed')).toBe('true');
    await like(a2).click(); // unlike
    await expect.poll(() => like(b).textContent()).toContain('١');
    await ctxA.close();
    await ctxB.close();
  }, 90_000);
});

describe('the author edit and delete window', () => {
  test('when the author edits within the window, then «(معدّل)» and the text show live; adding links to the clean comment holds it', async () => {
    const { host } = await start({ maxLinks: 1, editWindowMinutes: 10 });
    const ctxA = await host.newContext();
    const ctxB = await host.newContext();
    const a = await host.open(ctxA, '/edit');
    const id = await postViaWidget(a, 'نص أول نظيف');
    const b = await host.open(ctxB, '/edit');
    await actionsReady(a);
    await expect.poll(() => article(a, id).locator('.left').textContent()).toMatch(/يمكنك التعديل خلال (١٠|٩) دقائق/);
    await article(a, id).locator('button.edit').click();
    await a.locator(`${W} #edit-text`).fill('نص مصحّح');
    await a.locator(`${W} .edit button[type=submit]`).click();
    await expect.poll(() => article(b, id).textContent()).toContain('نص مصحّح');
    expect(await article(b, id).textContent()).toContain('(معدّل)');
    expect(await article(a, id).textContent()).toContain('(معدّل)');
    await article(a, id).locator('button.edit').click();
    await a.locator(`${W} #edit-text`).fill('انظر https://a.example/x و https://b.example/y');
    await a.locator(`${W} .edit button[type=submit]`).click();
    await expect.poll(() => article(a, id).getAttribute('class')).toContain('pending');
    await expect.poll(() => article(b, id).count()).toBe(0);
    await ctxA.close();
    await ctxB.close();
  }, 90_000);

  test('when the author tries after the window, then the server refuses, the text stays and edit and delete go', async () => {
    skew = 0;
    const { host } = await start({ editWindowMinutes: 10 }, { clock: () => Date.now() + skew });
    const ctx = await host.newContext();
    const a = await host.open(ctx, '/late');
    const id = await postViaWidget(a, 'نص لن يتغير');
    await actionsReady(a);
    await article(a, id).locator('button.edit').click();
    skew = 11 * 60_000;
    await a.locator(`${W} #edit-text`).fill('محاولة متأخرة');
    await a.locator(`${W} .edit button[type=submit]`).click();
    await expect.poll(() => article(a, id).locator('button.edit').count()).toBe(0);
    // The refusal is announced once the answer is shown: wait for it rather than read it once.
    await expect.poll(() => article(a, id).locator('button.delete').count()).toBe(0);
    expect(await article(a, id).textContent()).toContain('نص لن يتغير');
    await expect.poll(async () => (await announced(a)) ?? '').not.toBe('');
    await ctx.close();
  }, 60_000);

  test('when the author deletes a comment with replies, then «تعليق محذوف» stands in its place with the reply kept, live for others', async () => {
    const { app, host } = await start({ editWindowMinutes: 10 });
    const ctxA = await host.newContext();
    const ctxB = await host.newContext();
    let a = await host.open(ctxA, '/delete');
    const id = await postViaWidget(a, 'هذا تعليق سأحذفه بعد قليل لأنني غيّرت رأيي');
    const stored = await app.store.getComment(id);
    expect(stored?.status, JSON.stringify(stored?.reasons)).toBe('approved');
    const reply = await seed(app, '/delete', { parentId: id, content: 'رد يبقى', agoMs: 0 });
    a = await host.open(ctxA, '/delete');
    const b = await host.open(ctxB, '/delete');
    await actionsReady(a);
    await article(a, id).locator('button.delete').click();
    await article(a, id).locator('.confirm button.yes').click();
    for (const p of [a, b]) {
      await expect.poll(() => article(p, id).textContent()).toContain('تعليق محذوف');
      expect(await article(p, id).textContent()).not.toContain('غيّرت رأيي');
      expect(await article(p, reply).textContent()).toContain('رد يبقى');
    }
    await ctxA.close();
    await ctxB.close();
  }, 90_000);
});

describe('reports and featured comments', () => {
  test('when two readers report a comment and the threshold is 2, then it disappears live for a third', async () => {
    const { app, host } = await start({ reportThreshold: 2 }, { env: { TRUST_PROXY: 'true' } });
    const id = await seed(app, '/report', { content: 'تعليق مسيء' });
    const contexts: BrowserContext[] = [];
    const watcherCtx = await host.newContext();
    const watcher = await host.open(watcherCtx, '/report');
    for (let i = 0; i < 2; i++) {
      // two readers on two networks: the threshold counts networks, not reader ids
      const ctx = await host.newContext();
      await ctx.route('**/api/comments/*/reports', (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': `198.51.100.${i + 1}` } }));
      contexts.push(ctx);
      const p = await host.open(ctx, '/report');
      await actionsReady(p);
      await article(p, id).locator('button.report').click();
      await p.locator(`${W} dialog[open] input[value=spam]`).check();
      await p.locator(`${W} dialog[open] #rep-note`).fill('إعلان متكرر');
      await p.locator(`${W} dialog[open] button[type=submit]`).click();
      await expect.poll(() => announced(p)).toBe('شكراً، وصل بلاغك وسيراجعه المشرفون.');
      expect(await p.locator(`${W} dialog[open]`).count()).toBe(0);
    }
    await expect.poll(() => article(watcher, id).count(), { timeout: 15_000 }).toBe(0);
    for (const c of [...contexts, watcherCtx]) await c.close();
  }, 90_000);

  test('when the author name runs left to right, then the Arabic heading of the report dialog isolates it in <bdi>', async () => {
    const { app, host } = await start({});
    const id = await seed(app, '/report-name', { name: 'John Smith 2', content: 'تعليق' });
    const ctx = await host.newContext();
    const p = await host.open(ctx, '/report-name');
    await actionsReady(p);
    await article(p, id).locator('button.report').click();
    const heading = p.locator(`${W} dialog[open] h3`);
    expect(await heading.locator('bdi').textContent()).toBe('John Smith 2');
    expect(await heading.textContent()).toBe('الإبلاغ عن تعليق John Smith 2');
    await ctx.close();
  }, 60_000);

  test('when a moderator features a comment, then «تعليقات مختارة» shows it above the thread live', async () => {
    const { app, host } = await start({});
    const id = await seed(app, '/featured', { content: 'تعليق مختار بعناية' });
    const ctx = await host.newContext();
    const p = await host.open(ctx, '/featured');
    await actionsReady(p);
    expect((await moderate(app, await login(app), id, 'feature')).status).toBe(200);
    const section = p.locator(`${W} section.featured`);
    await expect.poll(() => section.textContent(), { timeout: 15_000 }).toContain('تعليق مختار بعناية');
    expect(await section.locator('h3').textContent()).toBe('تعليقات مختارة');
    await moderate(app, await login(app), id, 'unfeature');
    await expect.poll(() => section.count()).toBe(0);
    await ctx.close();
  }, 60_000);
});
