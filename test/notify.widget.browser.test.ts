import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate, postComment } from './helpers/http.js';
import { startNotifyApp, startSmtp, type NotifyTestApp, type TestSmtp } from './helpers/notify.js';

const W = 'majlis-comments';
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  browser = await launchBrowser();
  smtp = await startSmtp();
});
afterAll(async () => {
  await browser.close();
  await smtp.close();
});

async function openDemo(app: NotifyTestApp) {
  const page = await browser.newPage();
  await page.goto(`${app.url}/demo`);
  await page.locator(`${W} h3`).waitFor();
  return page;
}

describe('the widget offers reply notifications', () => {
  it('when the site mails readers, then the form offers «أعلمني بالردود…»; ticked, the reader gets the confirmation once the comment is approved', async () => {
    const app = await startNotifyApp(smtp, { siteSettings: { holdAll: true, notifyModerators: 'off' } });
    try {
      const page = await openDemo(app);
      const box = page.locator(`${W} #notify`);
      await box.waitFor();
      expect(await page.locator(`${W} label[for=notify]`).textContent()).toBe('أعلمني بالردود على تعليقي عبر البريد الإلكتروني');
      expect(await box.isChecked()).toBe(false); // opt-in, never pre-ticked
      await page.fill(`${W} #content`, 'أريد أن أعرف من يردّ');
      await page.fill(`${W} #name`, 'هالة');
      await page.fill(`${W} #email`, 'hala.widget@example.com');
      await box.check();
      await page.click(`${W} button[type=submit]`);
      await page.locator(`${W} article.pending`).waitFor();
      const [held] = (await app.store.listByStatus({ site: app.site, status: 'pending', before: null, limit: 1 })).comments;
      await app.idle();
      expect(smtp.messages.some((m) => m.envelopeTo.includes('hala.widget@example.com'))).toBe(false);
      expect((await moderate(app, await login(app), held!.id, 'approve')).status).toBe(200);
      const m = await smtp.next((x) => x.envelopeTo.includes('hala.widget@example.com'), 'the confirmation');
      expect(m.parsed.subject).toBe('أكّد رغبتك في تلقّي الردود على تعليقك');

      // The link a reply email carries (pageUrl#comment-<id>) brings that comment into view, with focus, even on a later page of threads.
      await app.store.setSiteSettings(app.site, { ...(await app.store.getSite(app.site))!.settings, threadsPerPage: 1 });
      const later = await postComment(app, { page: held!.page, content: 'تعليق أحدث في صفحة لاحقة' });
      await moderate(app, await login(app), later.body.comment.id, 'approve');
      const fromMail = await browser.newPage();
      await fromMail.goto(`${app.url}/demo#comment-${later.body.comment.id}`);
      await fromMail.waitForFunction((id) => document.querySelector('majlis-comments')?.shadowRoot?.activeElement?.id === `c-${id}`, later.body.comment.id);
      await fromMail.close();
      await page.close();
    } finally {
      await app.close();
    }
  });

  it('when email is not configured, then the form does not offer it', async () => {
    const app = await startNotifyApp(null);
    try {
      const page = await openDemo(app);
      await page.locator(`${W} #remember`).waitFor();
      expect(await page.locator(`${W} #notify`).count()).toBe(0);
      await page.close();
    } finally {
      await app.close();
    }
  });
});
