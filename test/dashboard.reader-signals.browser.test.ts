import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { axeViolations as axeOf } from './helpers/axe.js';
import { eventually as poll } from './helpers/eventually.js';

// Issue 14 points 5–6 in the dashboard, driven in Chromium against the real app: the «تمييز» toggle
// (button and `f`) with the reader API's `featured` list agreeing, readers' reports arriving live in
// the pending queue with their reasons and notes, dismissing them, and axe on such an item in ar and en.
// Needs `npm run build` first (npm test does it).

vi.setConfig({ testTimeout: 90_000 });

let app: TestApp;
let browser: Browser;
let page: Page;
let admin: string;
const ids: Record<string, string> = {};
const PAGE = '/signals/1';

const iso = (s: string) => `\u2068${s}\u2069`;

const eventually = <T>(check: () => Promise<T>, what: string, timeoutMs = 15_000) => poll(check, what, timeoutMs);

const axeViolations = () => axeOf(page);

const item = (text: string) => page.locator('majlis-queue majlis-comment-item').filter({ hasText: text });
const announced = () => page.locator('majlis-queue').locator('div.sr-only[aria-live="polite"]').textContent();
const featuredIds = async () => {
  const res = await request(app, 'GET', `/api/comments?site=${app.site}&page=${encodeURIComponent(PAGE)}`);
  expect(res.status).toBe(200);
  return (res.body.featured as Array<{ id: string }>).map((c) => c.id);
};
const modComment = async (id: string) => {
  const res = await request(app, 'GET', `/api/moderation/comments?site=${app.site}&status=pending`, { cookie: admin });
  return (res.body.comments as Array<{ id: string; reports: { count: number } }>).find((c) => c.id === id);
};
const report = (id: string, reader: string, body: Record<string, unknown>, ip: string) =>
  request(app, 'POST', `/api/comments/${id}/reports`, { body, headers: { 'majlis-reader': reader, origin: app.url, 'x-forwarded-for': ip } });

async function approved(key: string, over: Record<string, unknown>) {
  const res = await postComment(app, { page: PAGE, ...over }, { origin: app.url });
  expect(res.status).toBe(201);
  ids[key] = res.body.comment.id;
  if (res.body.comment.status !== 'approved') expect((await moderate(app, admin, ids[key]!, 'approve')).status).toBe(200);
}

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  app = await startApp({ env: { TRUST_PROXY: 'true' } });
  admin = await login(app);
  await approved('pick', { name: 'سارة', content: 'تعليق يستحق التمييز' });
  await approved('flagged', { name: 'هند', content: 'تعليق سيبلغ عنه القرّاء' });
  const likes = await request(app, 'POST', `/api/comments/${ids.pick}/reactions`, { body: { reaction: 'like' }, headers: { 'majlis-reader': 'reader-like-000001', origin: app.url } });
  expect(likes.status).toBe(200);

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signInToDashboard(page, app.url, app.admin);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('featured comments', () => {
  it('when «تمييز» is pressed on an approved comment, then it is pressed, shows «مختار», is announced and the reader API lists it as featured', async () => {
    await page.getByRole('tab', { name: /المعتمدة/ }).click();
    const pick = item('تعليق يستحق التمييز');
    await pick.waitFor();
    await pick.getByText('إعجاب واحد').waitFor(); // the likes, small
    const toggle = pick.getByRole('button', { name: 'تمييز' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.getAttribute('aria-keyshortcuts')).toBe('f');
    expect(await featuredIds()).toEqual([]);
    await toggle.click();
    await eventually(async () => expect(await toggle.getAttribute('aria-pressed')).toBe('true'), 'pressed');
    await pick.locator('.featured-badge', { hasText: 'مختار' }).waitFor();
    await eventually(async () => expect(await announced()).toBe('مُيّز التعليق، وصار في التعليقات المختارة.'), 'announced');
    expect(await featuredIds()).toEqual([ids.pick]);
  });

  it('when `f` is pressed on the focused featured comment, then it is unfeatured and the reader API drops it', async () => {
    const pick = item('تعليق يستحق التمييز');
    await pick.focus();
    await page.keyboard.press('f');
    const toggle = pick.getByRole('button', { name: 'تمييز' });
    await eventually(async () => expect(await toggle.getAttribute('aria-pressed')).toBe('false'), 'unpressed');
    expect(await pick.locator('.featured-badge').count()).toBe(0);
    await eventually(async () => expect(await announced()).toBe('أُزيل التمييز عن التعليق.'), 'announced');
    expect(await featuredIds()).toEqual([]);
    // and `f` again features it (the key works both ways; the focus stayed on the item)
    await page.keyboard.press('f');
    await eventually(async () => expect(await toggle.getAttribute('aria-pressed')).toBe('true'), 'pressed by key');
    await eventually(async () => expect(await featuredIds()).toEqual([ids.pick]), 'featured by key');
  });

  it('when the shortcuts help opens, then it lists `f`', async () => {
    await page.keyboard.press('?');
    const help = page.locator('majlis-shortcuts-help dialog');
    await help.getByText('تمييز التعليق الموافق عليه (تعليقات مختارة) أو إزالة تمييزه').waitFor();
    await page.keyboard.press('Escape');
  });
});

describe('readers’ reports', () => {
  it('when three readers report an approved comment, then it arrives live in the pending queue with «أبلغ عنه ٣ قرّاء», the reasons and the notes', async () => {
    await page.getByRole('tab', { name: /قيد المراجعة/ }).click();
    await page.locator('majlis-queue .empty').waitFor();
    expect((await report(ids.flagged!, 'reader-aaaaaaaaaaaa1', { reason: 'spam' }, '198.51.100.1')).status).toBe(202);
    expect((await report(ids.flagged!, 'reader-bbbbbbbbbbbb2', { reason: 'abuse', note: 'كلام جارح <b>هنا</b>' }, '198.51.100.2')).status).toBe(202);
    // a repeat from the same reader is not counted again
    expect((await report(ids.flagged!, 'reader-bbbbbbbbbbbb2', { reason: 'abuse' }, '198.51.100.2')).status).toBe(202);
    expect((await report(ids.flagged!, 'reader-cccccccccccc3', { reason: 'spam', note: 'Advertising link' }, '198.51.100.3')).status).toBe(202);
    const flagged = item('تعليق سيبلغ عنه القرّاء');
    await flagged.waitFor();
    const reports = flagged.locator('section.reports');
    await reports.getByText('أبلغ عنه ٣ قرّاء', { exact: true }).waitFor();
    expect(await reports.locator('.report-reasons li').allTextContents()).toEqual([`${iso('سبام')}: ٢`, `${iso('إساءة')}: ١`]);
    const notes = reports.locator('.report-notes li');
    expect(await notes.allTextContents()).toEqual(['كلام جارح <b>هنا</b>', 'Advertising link']); // as text, never markup
    expect(await notes.first().locator('bdi').getAttribute('dir')).toBe('auto');
    // each note takes its own direction: the Arabic one right-to-left, the English one left-to-right
    expect(await notes.locator('bdi').evaluateAll((els) => els.map((e) => getComputedStyle(e).direction))).toEqual(['rtl', 'ltr']);
    // the held reason, plural-aware, from the server's catalogue
    await flagged.locator('.reasons').getByText(/أبلغ عنه ٣ قرّاء/).waitFor();
    // not featured any more (pending), so no feature toggle; the dismiss button is there
    expect(await flagged.getByRole('button', { name: 'تمييز' }).count()).toBe(0);
    await flagged.getByRole('button', { name: 'تجاهل البلاغات' }).waitFor();
    expect((await modComment(ids.flagged!))?.reports.count).toBe(3);
  });

  it('when the item with reports is checked by axe, then there are no violations in Arabic', async () => {
    expect(await axeViolations()).toEqual([]);
  });

  it('when the page is reloaded, then the item shows the same reports as live', async () => {
    const live = await item('تعليق سيبلغ عنه القرّاء').locator('section.reports').innerText();
    await page.reload();
    await page.locator('.conn', { hasText: 'متصل' }).waitFor();
    expect(await item('تعليق سيبلغ عنه القرّاء').locator('section.reports').innerText()).toBe(live);
  });

  it('when «تجاهل البلاغات» is pressed, then the reports are gone, it is announced and the API agrees', async () => {
    const flagged = item('تعليق سيبلغ عنه القرّاء');
    await flagged.getByRole('button', { name: 'تجاهل البلاغات' }).click();
    await eventually(async () => expect(await flagged.locator('section.reports').count()).toBe(0), 'reports gone');
    expect(await flagged.getByRole('button', { name: 'تجاهل البلاغات' }).count()).toBe(0);
    await eventually(async () => expect(await announced()).toBe('تُجوهلت البلاغات عن التعليق.'), 'announced');
    const c = await modComment(ids.flagged!);
    expect(c?.reports).toEqual({ count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] });
  });

  it('when a reader reports a comment in view live, then the item updates and it is said politely; in English, axe-clean', async () => {
    // back to approved so it can be reported again, and shown in the approved tab
    const before = (await request(app, 'GET', `/api/moderation/comments?site=${app.site}&status=pending`, { cookie: admin })).body.comments[0];
    expect((await moderate(app, admin, ids.flagged!, 'approve', before.version)).status).toBe(200);
    await page.getByRole('button', { name: 'Switch the dashboard to English' }).click();
    await page.getByRole('tab', { name: /Approved/ }).click();
    const flagged = item('تعليق سيبلغ عنه القرّاء');
    await flagged.waitFor();
    expect((await report(ids.flagged!, 'reader-dddddddddddd4', { reason: 'off_topic', note: 'not about this' }, '198.51.100.4')).status).toBe(202);
    const reports = flagged.locator('section.reports');
    await reports.getByText('Reported by 1 reader', { exact: true }).waitFor();
    expect(await reports.locator('.report-reasons li').allTextContents()).toEqual([`${iso('Off topic')}: 1`]);
    await eventually(async () => expect(await announced()).toBe(`Reports on ${iso('هند')}’s comment changed: ${iso('Reported by 1 reader')}.`), 'announced');
    await flagged.getByRole('button', { name: 'Dismiss reports' }).waitFor();
    const pick = item('تعليق يستحق التمييز');
    expect(await pick.getByRole('button', { name: 'Feature' }).getAttribute('aria-pressed')).toBe('true');
    await pick.locator('.featured-badge', { hasText: 'Featured' }).waitFor();
    await pick.getByText('1 like', { exact: true }).waitFor();
    expect(await axeViolations()).toEqual([]);
  });
});
