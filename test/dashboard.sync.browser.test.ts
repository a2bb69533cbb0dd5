import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CommentStatus } from '../server/domain/types.js';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { rng } from './helpers/widget-host.js';

// Issue 9 (dashboard points) and issue 8 point 8 (reconnect): the moderator dashboard in
// Chromium against the real app; the queue compared with the moderation API after random sequences.

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let other: string;
/** While true, the server looks down to the page: every request and WebSocket is refused (as during a restart). */
let down = false;

const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));
const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];

beforeAll(async () => {
  app = await startApp({ siteSettings: { holdAll: true } });
  await addModerator(app.store, { email: 'khaled@example.com', password: 'another-long-pass', name: 'خالد', role: 'moderator' }, Date.now());
  other = await login(app, { email: 'khaled@example.com', password: 'another-long-pass' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await context.route(/\/(socket\.io|api)\//, (route) => (down ? route.abort('connectionrefused') : route.continue()));
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) ws.close();
    else ws.connectToServer();
  });
  page = await context.newPage();
  await signInToDashboard(page, app.url, app.admin);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const openIds = () => page.locator('majlis-comment-item:not([decided])').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id!));
const focusedId = () =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) {
      if (el.localName === 'majlis-comment-item') break;
      el = el.shadowRoot.activeElement;
    }
    return el?.localName === 'majlis-comment-item' ? (el as HTMLElement).dataset.id : null;
  });
async function tabCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of STATUSES) out[s] = Number(latin((await page.locator(`[role="tab"][data-status="${s}"] .count`).textContent()) ?? ''));
  return out;
}
async function apiQueue(status: CommentStatus): Promise<{ ids: string[]; counts: Record<string, number> }> {
  const res = await request(app, 'GET', `/api/moderation/comments?site=test&status=${status}`, { cookie: other });
  return { ids: (res.body.comments as Array<{ id: string }>).map((c) => c.id), counts: res.body.counts };
}
async function post(content: string): Promise<string> {
  const res = await postComment(app, { content }, { origin: app.url });
  expect(res.status).toBe(201);
  return res.body.comment.id;
}

describe('dashboard stays true', () => {
  test('when the moderator decides with a button, then focus moves on to the next comment', async () => {
    const a = await post('الأول للزر');
    const b = await post('الثاني للزر');
    await page.locator(`majlis-comment-item[data-id="${a}"]`).waitFor();
    await page.locator(`majlis-comment-item[data-id="${b}"]`).waitFor();
    // Newest first: b, then a.
    await page.locator(`majlis-comment-item[data-id="${b}"] button[data-action="approve"]`).click();
    await expect.poll(focusedId).toBe(a);
    await expect.poll(async () => (await app.store.getComment(b))!.status).toBe('approved');
  });

  test('when the server drops the moderators and comments arrive meanwhile, then the dashboard reconnects and lists each once', async () => {
    down = true;
    app.io.of('/moderation').disconnectSockets(true);
    await page.locator('.conn', { hasText: /انقطع الاتصال|غير متصل/ }).waitFor();
    const arrived = [await post('وصل أثناء إعادة التشغيل ١'), await post('وصل أثناء إعادة التشغيل ٢')];
    await new Promise((r) => setTimeout(r, 1500));
    down = false;
    await page.locator('.conn', { hasText: 'متصل — التحديث مباشر' }).waitFor({ timeout: 30_000 });
    for (const id of arrived) await expect.poll(() => page.locator(`majlis-comment-item[data-id="${id}"]`).count()).toBe(1);
    const api = await apiQueue('pending');
    await expect.poll(openIds).toEqual(api.ids);
    await expect.poll(tabCounts).toEqual(api.counts);
  });

  test('when a settings save fails, then the typed values stay with the error under the wrong one; numbers read in Arabic digits', async () => {
    await page.getByRole('button', { name: 'الإعدادات' }).click();
    const maxLinks = page.locator('majlis-settings #set-maxLinks');
    const flood = page.locator('majlis-settings #set-floodSeconds');
    await expect.poll(() => maxLinks.inputValue()).toBe('٢');
    expect(await page.locator('majlis-settings #set-maxLength').inputValue()).toBe('٥٠٠٠');
    await maxLinks.fill('٥٠٠٠');
    await flood.fill('٧');
    await page.getByRole('button', { name: 'حفظ الإعدادات' }).click();
    await page.locator('majlis-settings #set-maxLinks-error').waitFor();
    expect(await maxLinks.inputValue()).toBe('٥٠٠٠');
    expect(await flood.inputValue()).toBe('٧');
    expect(await maxLinks.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('majlis-settings #set-floodSeconds-error').count()).toBe(0);
    expect((await app.store.getSite('test'))!.settings.floodSeconds).toBe(0);
    await maxLinks.fill('٣');
    await page.getByRole('button', { name: 'حفظ الإعدادات' }).click();
    await page.getByText('حُفظت الإعدادات.').waitFor();
    expect((await app.store.getSite('test'))!.settings).toMatchObject({ maxLinks: 3, floodSeconds: 7 });
    expect(await flood.inputValue()).toBe('٧');
    await flood.fill('٠');
    await page.getByRole('button', { name: 'حفظ الإعدادات' }).click();
    await expect.poll(async () => (await app.store.getSite('test'))!.settings.floodSeconds).toBe(0);
  });

  test('when the close-thread form is sent empty, then an inline Arabic error shows instead of the browser bubble', async () => {
    const input = page.locator('majlis-settings #page-key');
    expect(await page.locator('majlis-settings form.thread').getAttribute('novalidate')).not.toBeNull();
    await page.getByRole('button', { name: 'إغلاق النقاش' }).click();
    await page.locator('majlis-settings #page-key-error').waitFor();
    expect(await page.locator('majlis-settings #page-key-error').textContent()).toContain('اكتب مفتاح الصفحة');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain('page-key-error');
    await input.fill('/articles/1');
    expect(await page.locator('majlis-settings #page-key-error').count()).toBe(0);
    await page.getByRole('button', { name: 'إغلاق النقاش' }).click();
    await expect.poll(async () => (await app.store.getPage('test', '/articles/1'))?.closed).toBe(true);
    await page.getByRole('button', { name: 'فتح النقاش' }).click();
    await expect.poll(async () => (await app.store.getPage('test', '/articles/1'))?.closed).toBe(false);
    await page.getByRole('button', { name: 'التعليقات', exact: true }).click();
  });
});

const ACTIONS: Record<CommentStatus, string[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['pending', 'spam', 'trash'],
  spam: ['restore', 'trash'],
  trash: ['restore', 'spam'],
};
const seeds = process.env.MAJLIS_SEED ? [Number(process.env.MAJLIS_SEED)] : [Math.floor(Math.random() * 2 ** 31)];

describe('random moderation while the dashboard is open', () => {
  for (const s of seeds) {
    test(`when a random sequence runs (seed ${s}), then each tab's open items and the counts equal the moderation API`, { timeout: 180_000 }, async () => {
      const random = rng(s);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
      const log: string[] = [];
      let tab: CommentStatus = 'pending';
      let n = 0;
      for (let step = 1; step <= 30; step++) {
        const r = random();
        if (r < 0.25) {
          const id = await post(`عشوائي ${s} ${++n}`);
          log.push(`${step}: post ${id}`);
        } else if (r < 0.6) {
          const { comments } = (await request(app, 'GET', `/api/moderation/comments?site=test&status=${pick(STATUSES)}`, { cookie: other })).body as {
            comments: Array<{ id: string; status: CommentStatus; version: number }>;
          };
          if (!comments.length) continue;
          const c = pick(comments);
          const action = pick(ACTIONS[c.status]);
          log.push(`${step}: another moderator: ${action} ${c.id} → ${(await moderate(app, other, c.id, action, c.version)).status}`);
        } else if (r < 0.8) {
          const ids = await openIds();
          if (!ids.length) continue;
          const id = pick(ids);
          const buttons = page.locator(`majlis-comment-item[data-id="${id}"]:not([decided]) button[data-action]:not([disabled])`);
          const count = await buttons.count();
          if (!count) continue;
          const button = buttons.nth(Math.floor(random() * count));
          const action = await button.getAttribute('data-action');
          await button.click({ timeout: 2000 }).catch(() => undefined);
          log.push(`${step}: the dashboard: ${action} ${id}`);
        } else if (r < 0.93) {
          tab = pick(STATUSES);
          await page.locator(`[role="tab"][data-status="${tab}"]`).click();
          log.push(`${step}: tab ${tab}`);
        } else {
          app.io.of('/moderation').disconnectSockets(true);
          log.push(`${step}: the server drops the moderators`);
        }
        if (step % 10 === 0) {
          try {
            await page.locator('.conn', { hasText: 'متصل — التحديث مباشر' }).waitFor({ timeout: 20_000 });
            const api = await apiQueue(tab);
            await expect.poll(openIds, { timeout: 10_000 }).toEqual(api.ids);
            await expect.poll(tabCounts, { timeout: 10_000 }).toEqual(api.counts);
          } catch (e) {
            throw new Error(`seed ${s} (replay: MAJLIS_SEED=${s}), tab ${tab}, after step ${step}:\n${log.join('\n')}\n${(e as Error).message}`);
          }
        }
      }
    });
  }
});
