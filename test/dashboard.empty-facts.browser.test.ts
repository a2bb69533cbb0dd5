import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, postComment } from './helpers/http.js';
import { axeViolations } from './helpers/axe.js';

// Facts a comment may not have: retention cleared its IP and browser, or it was imported
// without an email, a website or an IP. The dashboard never shows a label with nothing after it.

vi.setConfig({ testTimeout: 90_000 });

let app: TestApp;
let browser: Browser;
let page: Page;

/** A WordPress export of one pending comment that has a name and text, and nothing else. */
const BARE_WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>مدونة</title>
  <link>http://wp.test</link>
  <wp:base_blog_url>http://wp.test</wp:base_blog_url>
  <item>
    <title>مقال</title>
    <link>http://wp.test/bare/</link>
    <wp:post_id>7</wp:post_id>
    <wp:comment>
      <wp:comment_id>70</wp:comment_id>
      <wp:comment_author><![CDATA[ضيف قديم]]></wp:comment_author>
      <wp:comment_author_email></wp:comment_author_email>
      <wp:comment_author_url></wp:comment_author_url>
      <wp:comment_author_IP></wp:comment_author_IP>
      <wp:comment_date>2012-03-04 12:00:00</wp:comment_date>
      <wp:comment_date_gmt>2012-03-04 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[تعليق مستورد بلا بريد ولا عنوان]]></wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
</channel>
</rss>`;

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  app = await startApp();
  const posted = await postComment(app, { name: 'سلمى', email: 'salma@example.com', content: 'تعليق انتهت مدة حفظ عنوانه' }, { origin: app.url, 'x-forwarded-for': '192.0.2.7' });
  expect(posted.status).toBe(201);
  // What the retention pass does once ipRetentionDays have gone by.
  expect(await app.store.clearOldIps('test', Date.now() + 1000)).toBeGreaterThan(0);
  const cookie = await login(app);
  const imported = await fetch(`${app.url}/api/moderation/sites/test/imports?format=wordpress`, { method: 'POST', headers: { cookie, origin: app.url }, body: BARE_WXR });
  expect(imported.status, await imported.clone().text()).toBe(200);
  expect((await imported.json()).imported).toBe(1);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInToDashboard(page, app.url, app.admin);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const item = (text: string) => page.locator('majlis-queue majlis-comment-item').filter({ hasText: text });

/** Each fact of an item as [label, value], values trimmed. */
const facts = (text: string) =>
  item(text).evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('dl.facts > div')].map((row) => [row.querySelector('dt')?.textContent?.trim() ?? '', row.querySelector('dd')?.textContent?.trim() ?? '']),
  );

describe('facts a comment does not have', () => {
  it('when retention cleared the IP and browser, then their labels say «غير محفوظ» instead of standing empty', async () => {
    await item('تعليق انتهت مدة حفظ عنوانه').waitFor({ timeout: 15_000 });
    const rows = Object.fromEntries(await facts('تعليق انتهت مدة حفظ عنوانه'));
    expect(rows['عنوان IP']).toBe('غير محفوظ');
    expect(rows['المتصفح']).toBe('غير محفوظ');
    for (const [label, value] of await facts('تعليق انتهت مدة حفظ عنوانه')) expect(value, label).not.toBe('');
    mkdirSync('test-results', { recursive: true });
    await item('تعليق انتهت مدة حفظ عنوانه').screenshot({ path: 'test-results/dashboard-ip-not-kept.png' });
  });

  it('when an imported comment has no email, website or IP, then no empty email, link or label shows and the rule dialog offers nothing empty', async () => {
    const bare = item('تعليق مستورد بلا بريد ولا عنوان');
    await bare.waitFor({ timeout: 15_000 });
    for (const [label, value] of await facts('تعليق مستورد بلا بريد ولا عنوان')) expect(value, label).not.toBe('');
    expect(await bare.locator('.email').count()).toBe(0);
    expect(await bare.locator('a.website').count()).toBe(0);
    // Their history is found by email: without one, the name is not a button that opens an empty history.
    expect(await bare.locator('button.who-btn').count()).toBe(0);
    // Nothing in the header reads as a label with nothing after it («البريد:» alone).
    const contact = await bare.locator('.contact').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
    for (const text of contact) expect(text).not.toMatch(/:$/);

    await bare.locator('.tool-rule').click();
    const dialog = page.locator('majlis-rule-dialog dialog[open]');
    await dialog.waitFor();
    // No email and no IP: nothing to make a rule on, and the dialog says so instead of offering «البريد» with nothing after it.
    expect(await dialog.locator('input[name="target"]').count()).toBe(0);
    await dialog.getByText('ليس لهذا التعليق بريد ولا عنوان IP تُبنى عليه قاعدة.').waitFor();
    expect(await dialog.getByRole('button', { name: 'حفظ القاعدة' }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });
});
