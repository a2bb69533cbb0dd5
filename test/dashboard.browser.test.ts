import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { axeViolations as axeOf } from './helpers/axe.js';
import { eventually } from './helpers/eventually.js';

// The moderator dashboard at /moderate, driven in Chromium against the real app.
// Needs `npm run build` first (npm test does it).

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** While true, the browser does not receive comment:updated, so its copy of a comment goes stale (to lose a race). */
let holdUpdates = false;

const WIDTH = 1280;
/** Arabic-Indic digits (the dashboard formats numbers for ar-KW) read as Latin ones. */
const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));


async function tabCount(status: string): Promise<number> {
  const text = await page.locator(`[role="tab"][data-status="${status}"] .count`).textContent({ timeout: 5000 });
  return Number(latin(text ?? ''));
}

async function expectCounts(expected: Record<string, number>) {
  await eventually(async () => {
    for (const [status, n] of Object.entries(expected)) expect(await tabCount(status), status).toBe(n);
  }, `counts ${JSON.stringify(expected)}`);
}

/** Names and other inserted words are wrapped in bidi isolates (FSI…PDI) by the dashboard's strings. */
const iso = (s: string) => `\u2068${s}\u2069`;

const axeViolations = () => axeOf(page);

const item = (text: string) => page.locator('majlis-comment-item').filter({ hasText: text });

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  app = await startApp();
  await addModerator(app.store, { email: 'ahmad@example.com', password: 'another-long-pass', name: 'أحمد', role: 'moderator' }, Date.now());
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, reducedMotion: 'reduce' });
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (!(holdUpdates && typeof m === 'string' && m.includes('"comment:updated"'))) ws.send(m);
    });
  });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('moderator dashboard', () => {
  it('when opened signed out, then an Arabic RTL sign-in form shows the server error for a wrong password and then signs in', async () => {
    await page.goto(`${app.url}/moderate`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await page.getByLabel('البريد الإلكتروني').fill(app.admin.email);
    await page.getByLabel('كلمة المرور').fill('wrong-password');
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.getByRole('alert').filter({ hasText: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.' }).waitFor();

    await page.getByLabel('كلمة المرور').fill(app.admin.password);
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.locator('.conn', { hasText: 'متصل' }).waitFor();
    await expectCounts({ pending: 0, approved: 0, spam: 0, trash: 0 });
    expect(await page.title()).toBe('الإشراف — مجلس');
  });

  it('when a comment is posted over HTTP, then it arrives live in the pending list with its details, reasons and count in the title', async () => {
    const res = await postComment(
      app,
      { name: 'سارة', content: 'سطر أول\nسطر ثانٍ <b>ليس HTML</b>', pageTitle: 'مقال عن الكويت', pageUrl: `${app.url}/articles/1` },
      { origin: app.url },
    );
    expect(res.status).toBe(201);
    const sara = item('سطر أول');
    await sara.waitFor();
    expect(await sara.locator('.text').innerText()).toBe('سطر أول\nسطر ثانٍ <b>ليس HTML</b>');
    expect(await sara.locator('.text b').count()).toBe(0);
    expect(await sara.locator('.name').textContent()).toBe('سارة');
    await sara.getByText(/^sara\d+@example\.com$/).waitFor();
    await sara.getByText('أول تعليق من هذا الكاتب').waitFor();
    await sara.getByRole('link', { name: 'مقال عن الكويت' }).waitFor();
    await sara.getByText('127.0.0.1').waitFor();
    await expectCounts({ pending: 1 });
    await eventually(async () => expect(latin(await page.title())).toBe('(1) الإشراف — مجلس'), 'title');
    await eventually(async () => expect(await page.locator('[aria-live="polite"][aria-atomic="true"]').textContent()).toContain(`تعليق جديد من ${iso('سارة')}`), 'announcement');
  });

  it('when the moderator presses j then a, then the comment is approved in place and the counts move', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await item('سطر أول').getByText(`وافق عليه ${iso('Admin')}`).waitFor();
    await expectCounts({ pending: 0, approved: 1 });
    await eventually(async () => expect(await page.title()).toBe('الإشراف — مجلس'), 'title without count');
  });

  it('when another moderator decides over HTTP, then the item updates in place and names them', async () => {
    await postComment(app, { name: 'خالد', content: 'تعليق خالد الأول' }, { origin: app.url });
    await item('تعليق خالد الأول').waitFor();
    const cookie = await login(app, { email: 'ahmad@example.com', password: 'another-long-pass' });
    const list = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    const target = (list.body.comments as Array<{ id: string; version: number; content: string }>).find((c) => c.content === 'تعليق خالد الأول')!;
    expect((await moderate(app, cookie, target.id, 'spam', target.version)).status).toBe(200);
    await item('تعليق خالد الأول').getByText(`علّمه ${iso('أحمد')} مزعجاً`).waitFor();
    await expectCounts({ pending: 0, spam: 1 });
  });

  it('when the moderator decides on a comment someone else already decided, then the lost race names the winner and shows the current state', async () => {
    await postComment(app, { name: 'منى', content: 'تعليق السباق' }, { origin: app.url });
    const race = item('تعليق السباق');
    await race.locator('button[data-action="spam"]').waitFor();
    holdUpdates = true;
    try {
      const cookie = await login(app, { email: 'ahmad@example.com', password: 'another-long-pass' });
      const list = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
      const target = (list.body.comments as Array<{ id: string; version: number; content: string }>).find((c) => c.content === 'تعليق السباق')!;
      expect((await moderate(app, cookie, target.id, 'approve', target.version)).status).toBe(200);
      await race.locator('button[data-action="spam"]').click();
      // Who won and when, from the winner's history entry («وافق عليه أحمد قبل ٣ ثوانٍ»).
      const notice = race.locator('.notice');
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(new RegExp(`سبقك غيرك إلى القرار: \u2068وافق عليه ${iso('أحمد')}\u2069 \u2068(الآن|قبل [^\u2069]+)\u2069`));
      await race.locator('.decider').getByText(`وافق عليه ${iso('أحمد')}`).waitFor();
    } finally {
      holdUpdates = false;
    }
    expect((await app.store.getComment((await race.getAttribute('data-id'))!))?.status).toBe('approved');
  });

  it('when shown in Arabic, then the tabs and the action buttons sit on the right half (screenshot test-results/dashboard-rtl.png)', async () => {
    await postComment(app, { name: 'Lina', content: 'A comment in English, with a link https://example.com' }, { origin: app.url });
    const lina = item('A comment in English');
    await lina.locator('button[data-action="approve"]').waitFor();
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-rtl.png', fullPage: true });

    const boxes = async (selector: string) => Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
    const tabs = await boxes('[role="tab"]');
    expect(tabs).toHaveLength(4);
    for (const b of tabs) expect(b!.x).toBeGreaterThanOrEqual(WIDTH / 2);
    const actions = await Promise.all((await lina.locator('.actions button').all()).map((l) => l.boundingBox()));
    expect(actions.length).toBeGreaterThan(0);
    for (const b of actions) expect(b!.x).toBeGreaterThanOrEqual(WIDTH / 2);
    // Reading order runs right to left: the first tab is the rightmost.
    expect(tabs[0]!.x).toBeGreaterThan(tabs[1]!.x);
  });

  it('when the queue is checked with axe-core, then it reports no accessibility violations', async () => {
    expect(await axeViolations()).toEqual([]);
  });

  it('when the connection drops while comments arrive, then the status says so and after reconnecting each comment is listed once', async () => {
    await context.setOffline(true);
    await page.locator('.conn', { hasText: /غير متصل|انقطع الاتصال/ }).waitFor();
    for (const n of [1, 2, 3]) await postComment(app, { name: 'زائر', content: `وصل أثناء الانقطاع ${n}` }, { origin: app.url });
    await context.setOffline(false);
    await page.locator('.conn', { hasText: 'متصل — التحديث مباشر' }).waitFor({ timeout: 20_000 });
    for (const n of [1, 2, 3]) await item(`وصل أثناء الانقطاع ${n}`).waitFor();
    await expectCounts({ pending: 4 });
    expect(await item('وصل أثناء الانقطاع').count()).toBe(3);
  });

  it('when the moderator decides with the keyboard, then focus moves on so the next key acts on the next comment', async () => {
    const before = await app.store.countByStatus('test');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await page.keyboard.press('s');
    await eventually(async () => expect((await app.store.countByStatus('test')).spam).toBe(before.spam + 2), 'two comments marked spam');
    expect((await app.store.countByStatus('test')).pending).toBe(before.pending - 2);
  });

  it('when the English switch is pressed, then the dashboard turns LTR in English and remembers it', async () => {
    await page.getByRole('button', { name: 'Switch the dashboard to English' }).click();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
    await page.getByRole('tab', { name: /Pending/ }).waitFor();
    await item('A comment in English').getByRole('button', { name: 'Approve' }).waitFor();
    await item('A comment in English').getByText('first comment from this author').waitFor();
    const tabs = await Promise.all((await page.locator('[role="tab"]').all()).map((l) => l.boundingBox()));
    for (const b of tabs) expect(b!.x + b!.width).toBeLessThanOrEqual(WIDTH / 2);
    await page.reload();
    await page.getByRole('tab', { name: /Pending/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('when an admin saves settings, then server validation errors show per field and valid values are stored', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const maxLinks = page.getByLabel('Hold a comment with this many links or more');
    await maxLinks.fill('5000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Must be a whole number from 0 to 1,000.').waitFor();
    expect(await maxLinks.getAttribute('aria-invalid')).toBe('true');

    await maxLinks.fill('3');
    await page.getByLabel('Moderation words (hold for review)').fill('ممنوع\nspam phrase');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const site = await app.store.getSite('test');
    expect(site!.settings.maxLinks).toBe(3);
    expect(site!.settings.moderationKeys).toEqual(['ممنوع', 'spam phrase']);

    await page.getByLabel('Page key').fill('/articles/closed');
    await page.getByRole('button', { name: 'Close thread' }).click();
    await page.getByText(`The thread on ${iso('/articles/closed')} is closed.`).waitFor();
    expect((await app.store.getPage('test', '/articles/closed'))?.closed).toBe(true);
    expect(await axeViolations()).toEqual([]);
  });

  it('when the moderator signs out, then the sign-in form returns', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email', { exact: true }).waitFor();
    await page.reload();
    await page.getByLabel('Password', { exact: true }).waitFor();
  });
});
