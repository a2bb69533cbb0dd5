import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CommentStatus } from '../server/domain/types.js';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';

// "The live view equals a reload", made deterministic: the dashboard's list request is held
// after the server answered it (so its snapshot is old), a change is made and its live
// events reach the page, then the old answer is let through. What the dashboard shows
// must still equal a fresh load. (Flaky seed 2055039983 of dashboard.sync.browser.test.ts:
// a reconnect's re-fetch answered after a newer `counts` event and put older counts back.)

let app: TestApp;
let browser: Browser;
let page: Page;
let other: string;

const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));

/** The next list request of the dashboard, answered by the server now and held until `release()`. */
let holdNext: ((route: Route) => Promise<void>) | null = null;
function holdListRequest(): { answered: Promise<void>; release: () => void } {
  let answered!: () => void;
  let release!: () => void;
  const done = new Promise<void>((r) => (answered = r));
  const gate = new Promise<void>((r) => (release = r));
  holdNext = async (route) => {
    const response = await route.fetch(); // the snapshot is read now
    answered();
    await gate;
    await route.fulfill({ response });
  };
  return { answered: done, release };
}

beforeAll(async () => {
  app = await startApp({ siteSettings: { holdAll: true } });
  await addModerator(app.store, { email: 'khaled@example.com', password: 'another-long-pass', name: 'خالد', role: 'moderator' }, Date.now());
  other = await login(app, { email: 'khaled@example.com', password: 'another-long-pass' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  await page.route(/\/api\/moderation\/comments\?/, async (route) => {
    const hold = holdNext;
    holdNext = null;
    if (hold && route.request().method() === 'GET') await hold(route);
    else await route.continue();
  });
  await signInToDashboard(page, app.url, app.admin);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function tabCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of STATUSES) out[s] = Number(latin((await page.locator(`[role="tab"][data-status="${s}"] .count`).textContent()) ?? ''));
  return out;
}
const openIds = () => page.locator('majlis-comment-item:not([decided])').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id!));
async function apiQueue(status: CommentStatus): Promise<{ ids: string[]; counts: Record<string, number>; nextCursor: string | null }> {
  const res = await request(app, 'GET', `/api/moderation/comments?site=test&status=${status}`, { cookie: other });
  return { ids: (res.body.comments as Array<{ id: string }>).map((c) => c.id), counts: res.body.counts, nextCursor: res.body.nextCursor };
}
async function post(content: string): Promise<string> {
  const res = await postComment(app, { content }, { origin: app.url });
  expect(res.status).toBe(201);
  return res.body.comment.id;
}
/** Waits until the page shows `approved` as the approved tab's count (a live `counts` event arrived). */
const seesApproved = (n: number) => expect.poll(async () => (await tabCounts()).approved, { timeout: 10_000 }).toBe(n);
/** What the page shows stays equal to a fresh load (polled, so live events still on their way may land). */
async function equalsReload(tab: CommentStatus) {
  const api = await apiQueue(tab);
  await expect.poll(tabCounts, { timeout: 5_000 }).toEqual(api.counts);
  await expect.poll(openIds, { timeout: 5_000 }).toEqual(api.ids);
  // and stays so: nothing later puts the old answer back
  await new Promise((r) => setTimeout(r, 600));
  expect(await tabCounts()).toEqual(api.counts);
  expect(await openIds()).toEqual(api.ids);
}

describe('a re-fetch answered after newer live events', () => {
  test('when the server drops the moderators and a decision lands while the re-fetch is on its way, then the counts are the newer ones', async () => {
    const id = await post('قبل إعادة الاتصال');
    await page.locator(`majlis-comment-item[data-id="${id}"]`).waitFor();
    const before = (await apiQueue('pending')).counts;
    const held = holdListRequest();
    app.io.of('/moderation').disconnectSockets(true);
    await held.answered; // the reconnect's re-fetch: its snapshot has the comment still pending
    expect((await moderate(app, other, id, 'approve')).status).toBe(200);
    await seesApproved(before.approved! + 1); // the live counts came in after the reconnect
    held.release();
    await equalsReload('pending');
  });

  test('when the moderator opens another tab and a decision lands while its list is on its way, then the counts are the newer ones', async () => {
    const id = await post('قبل تبديل التبويب');
    await page.locator(`majlis-comment-item[data-id="${id}"]`).waitFor();
    const before = (await apiQueue('pending')).counts;
    const held = holdListRequest();
    await page.locator('[role="tab"][data-status="spam"]').click();
    await held.answered;
    expect((await moderate(app, other, id, 'approve')).status).toBe(200);
    await seesApproved(before.approved! + 1);
    held.release();
    await equalsReload('spam');
    await page.locator('[role="tab"][data-status="pending"]').click();
    await equalsReload('pending');
  });

  test('when «load more» is answered after a comment of that page was decided live, then the old page neither lists it nor brings its counts back', async () => {
    // 50 a page: the oldest of 51 waiting comments comes with the second page.
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) ids.push(await post(`للصفحة الثانية ${i}`));
    const oldest = ids[0]!;
    await expect.poll(async () => (await tabCounts()).pending, { timeout: 10_000 }).toBe((await apiQueue('pending')).counts.pending);
    // they arrived live (all listed); the tab opened again lists the first page, with «more»
    await page.locator('[role="tab"][data-status="trash"]').click();
    await page.locator('[role="tab"][data-status="pending"]').click();
    const more = page.locator('majlis-queue button.more');
    await more.waitFor();
    const before = (await apiQueue('pending')).counts;
    const held = holdListRequest();
    await more.click();
    await held.answered; // the second page: the oldest still pending
    expect((await moderate(app, other, oldest, 'approve')).status).toBe(200);
    await seesApproved(before.approved! + 1);
    held.release();
    await expect.poll(() => more.count()).toBe(0);
    const api = await apiQueue('pending');
    expect(api.nextCursor).toBeNull(); // one page holds them all now
    await equalsReload('pending');
    expect(await openIds()).not.toContain(oldest);
  }, 120_000);

  test('when a comment is deleted for good, live or while the spam tab\'s list is on its way, then it is not listed and the counts follow', async () => {
    const spam = async (content: string) => {
      const id = await post(content);
      expect((await moderate(app, other, id, 'spam')).status).toBe(200);
      return id;
    };
    const [first, second] = [await spam('يُحذف نهائيًا ١'), await spam('يُحذف نهائيًا ٢')];
    const held = holdListRequest();
    await page.locator('[role="tab"][data-status="spam"]').click();
    await held.answered; // the spam tab's list: both still there
    const before = (await apiQueue('spam')).counts;
    expect((await request(app, 'DELETE', `/api/moderation/comments/${first}`, { cookie: other, headers: { origin: app.url } })).status).toBe(204);
    await expect.poll(async () => (await tabCounts()).spam, { timeout: 10_000 }).toBe(before.spam! - 1);
    held.release();
    await equalsReload('spam');
    // and live, with the list shown
    await page.locator(`majlis-comment-item[data-id="${second}"]`).waitFor();
    expect((await request(app, 'DELETE', `/api/moderation/comments/${second}`, { cookie: other, headers: { origin: app.url } })).status).toBe(204);
    await equalsReload('spam');
    await page.locator('[role="tab"][data-status="pending"]').click();
  });
});

describe('the moderator tools\' views answered after newer live events', () => {
  const results = () => page.locator('majlis-search-results majlis-comment-item');
  const shownStatuses = () => results().evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.id, (e as unknown as { comment: { status: string } }).comment.status]));

  test('when a search is answered after one of its comments was decided live, then the result shows the decision, as a new search does', async () => {
    const word = 'كلمةنادرةللسباق';
    const id = await post(`${word} في تعليق`);
    await page.locator(`majlis-comment-item[data-id="${id}"]`).waitFor();
    const before = (await apiQueue('pending')).counts;
    const held = holdListRequest();
    await page.getByRole('searchbox', { name: 'بحث في التعليقات' }).fill(word);
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    await held.answered; // the search: still pending
    expect((await moderate(app, other, id, 'approve')).status).toBe(200);
    await seesApproved(before.approved! + 1); // the queue (under the results) heard the decision
    held.release();
    const api = (await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent(word)}`, { cookie: other })).body as { comments: Array<{ id: string; status: string }> };
    expect(api.comments.map((c) => [c.id, c.status])).toEqual([[id, 'approved']]);
    await expect.poll(shownStatuses, { timeout: 5_000 }).toEqual([[id, 'approved']]);
    await new Promise((r) => setTimeout(r, 600));
    expect(await shownStatuses()).toEqual([[id, 'approved']]);
    await page.getByRole('button', { name: 'العودة إلى قائمة المراجعة' }).click();
  });
});
