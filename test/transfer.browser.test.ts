import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, request } from './helpers/http.js';
import { WXR_FIXTURE } from './helpers/import.js';
import { axeViolations } from './helpers/axe.js';

// The admins' import/export view of the dashboard, driven in Chromium against the real app.

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let queuePage: Page;

const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));

async function signIn(p: Page) {
  await signInToDashboard(p, app.url, app.admin, false);
  await p.getByRole('button', { name: 'الاستيراد والتصدير' }).waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  app = await startApp();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
  queuePage = await context.newPage();
  await signIn(queuePage);
  // The second tab shares the session cookie.
  page = await context.newPage();
  await page.goto(`${app.url}/moderate`);
  await page.getByRole('button', { name: 'الاستيراد والتصدير' }).waitFor({ timeout: 15_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('dashboard import and export', () => {
  it('when an admin checks a WordPress export by keyboard, then the dry-run counts show in Arabic, right to left, and nothing is written', async () => {
    await page.getByRole('button', { name: 'الاستيراد والتصدير' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('heading', { name: 'نقل التعليقات: استيراد وتصدير' }).waitFor();
    // Without a file the buttons say so, next to the field.
    await page.getByRole('button', { name: 'فحص دون استيراد' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('اختر ملفاً أولاً.').waitFor();
    expect(await page.getByLabel('ملف التصدير').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('ملف التصدير').setInputFiles(WXR_FIXTURE);
    await page.getByRole('button', { name: 'فحص دون استيراد' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('نتيجة الفحص (لم يُكتب شيء):').waitFor({ timeout: 20_000 });
    const summary = page.getByRole('definition');
    expect((await summary.allTextContents()).map(latin).slice(0, 5)).toEqual(['52', '39', '9', '0', '4']);
    const cookie = await login(app);
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    expect(queue.body.counts).toEqual({ pending: 0, approved: 0, spam: 0, trash: 0 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the admin imports, then the summary shows and an open queue refreshes its counts without a reload', async () => {
    await page.getByRole('button', { name: 'استيراد', exact: true }).click();
    await page.getByText('اكتمل الاستيراد:').waitFor({ timeout: 30_000 });
    expect(latin((await page.getByRole('definition').first().textContent()) ?? '')).toBe('52');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-import.png', fullPage: true });
    await expect
      .poll(async () => latin((await queuePage.locator('[role="tab"][data-status="pending"] .count').textContent()) ?? ''), { timeout: 15_000 })
      .toBe('9');
    await queuePage.getByText('Still pending when the thread closed.').waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when a malformed WordPress file is checked, then the dashboard explains it in Arabic with its line; the parser’s English only apart, left to right', async () => {
    await page.getByRole('button', { name: 'الاستيراد والتصدير' }).click();
    const broken = readFileSync(WXR_FIXTURE, 'utf8').replace('</wp:comment_content>', '</wp:comment_contnet>');
    await page.getByLabel('ملف التصدير').setInputFiles({ name: 'broken.xml', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'فحص دون استيراد' }).click();
    await page.getByText('تعذّرت قراءة الملف؛ لم يُستورد شيء.').waitFor({ timeout: 20_000 });
    const item = page.locator('majlis-transfer ul.error li').first();
    const line = broken.split('</wp:comment_contnet>')[0]!.split('\n').length;
    expect(latin((await item.textContent()) ?? '')).toContain(`السطر ${line}`);
    const detail = item.locator('[dir="ltr"]');
    expect(await detail.textContent({ timeout: 5_000 })).toMatch(/close tag/);
    expect(await detail.getAttribute('lang')).toBe('en');
    // Outside the isolated detail, no English words (XML is the format's name).
    const arabic = await item.evaluate((li) => {
      const copy = li.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[dir="ltr"]').forEach((x) => x.remove());
      return copy.textContent ?? '';
    });
    expect(arabic.replace(/XML/g, '')).not.toMatch(/[A-Za-z]/);
    mkdirSync('test-results', { recursive: true });
    await item.screenshot({ path: 'test-results/dashboard-import-unreadable.png' });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when a Majlis JSON export is chosen as WordPress (or a WordPress export as JSON), then the field says what the file is and which type to choose, before uploading', async () => {
    await page.getByRole('button', { name: 'الاستيراد والتصدير' }).click();
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/imports')) uploads.push(r.url());
    });
    const json = '\uFEFF\n{"format":"majlis-export","version":1,"comments":[]}';
    await page.getByLabel('نوع الملف').selectOption('wordpress');
    await page.getByLabel('ملف التصدير').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.getByRole('button', { name: 'فحص دون استيراد' }).click();
    await page.getByText('هذا الملف JSON (ملف تصدير من مجلس) وليس XML: اختر «مجلس (JSON)» في «نوع الملف» ثم أعد المحاولة.').waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('ملف التصدير').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('تعذّرت قراءة XML').count()).toBe(0);
    await page.getByLabel('نوع الملف').selectOption('json');
    await page.getByLabel('ملف التصدير').setInputFiles(WXR_FIXTURE);
    await page.getByRole('button', { name: 'فحص دون استيراد' }).click();
    await page.getByText('اختر «ووردبريس (WXR)» في «نوع الملف»', { exact: false }).waitFor({ timeout: 10_000 });
    expect(uploads).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('نوع الملف').selectOption('wordpress');
  });

  it('when the admin downloads the export, then the JSON file holds every comment', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'تنزيل بصيغة مجلس (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^majlis-test-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(doc.comments).toHaveLength(52);
  });
});
