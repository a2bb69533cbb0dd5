import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, postComment } from './helpers/http.js';

// Mixed Arabic and English comments in the moderator dashboard, in Chromium against the real app.
// Needs `npm run build` first (npm test does it).

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const context = await browser.newContext();
  const [name, value] = (await login(app)).split('=') as [string, string];
  await context.addCookies([{ name, value, url: app.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('mixed-direction comments in the dashboard', () => {
  it('when a comment has an English line and then Arabic lines, then each line takes its own direction', async () => {
    const content = 'Great article, thanks!\nمقال رائع، شكراً\n\nوفقرة ثانية with English words';
    expect((await postComment(app, { content }, { origin: app.url })).status).toBe(201);
    await page.goto(`${app.url}/moderate`);
    const text = page.locator('majlis-comment-item').filter({ hasText: 'Great article' }).locator('.text');
    await text.waitFor();
    // Each line: its text, the direction the browser gave it (dir="auto" per line, as in the reader
    // widget) and whether it takes room (the empty line between paragraphs must).
    const lines = await text.evaluate((el) =>
      [...el.children].map((l) => [l.textContent, getComputedStyle(l).direction, l.getBoundingClientRect().height > 0]),
    );
    expect(lines.map((l) => l[0]).join('\n')).toBe(content);
    expect(lines).toEqual([
      ['Great article, thanks!', 'ltr', true],
      ['مقال رائع، شكراً', 'rtl', true],
      ['', expect.any(String), true],
      ['وفقرة ثانية with English words', 'rtl', true],
    ]);
  });
});
