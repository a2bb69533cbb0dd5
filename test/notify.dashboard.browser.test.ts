import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.js';
import { login, postComment } from './helpers/http.js';
import { startNotifyApp, startReceiver, type NotifyTestApp, type TestReceiver } from './helpers/notify.js';

let browser: Browser;
let app: NotifyTestApp;
let receiver: TestReceiver;

beforeAll(async () => {
  browser = await launchBrowser();
  receiver = await startReceiver();
  app = await startNotifyApp(null);
});
afterAll(async () => {
  await browser.close();
  await app.close();
  await receiver.close();
});

describe('dashboard: notifications view', () => {
  it('when an admin opens the settings without SMTP, then it says email is not configured; a webhook added there shows its secret once and its deliveries', async () => {
    const [name, value] = (await login(app)).split('=') as [string, string];
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();
    await page.goto(`${app.url}/moderate`);
    const settings = page.getByRole('button', { name: 'الإعدادات' });
    await settings.click();
    await page.locator('#mail-status').filter({ hasText: 'البريد الإلكتروني غير مُعدّ' }).waitFor();

    await page.getByLabel('لغة الرسائل').selectOption('en');
    await page.getByLabel('إعلام المشرفين بالتعليقات المحتجزة').selectOption('digest');
    await page.locator('majlis-notify-settings').getByRole('button', { name: 'حفظ' }).click();
    await page.getByText('تم الحفظ.').waitFor();
    expect((await app.store.getSite(app.site))!.settings).toMatchObject({ mailLanguage: 'en', notifyModerators: 'digest' });

    await page.getByLabel('عنوان الخطاف', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: 'إضافة خطاف' }).click();
    const secret = page.getByText(/المفتاح السري لهذا الخطاف/);
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/whsec_[0-9a-f]{64}/);
    expect((await app.store.notify.listWebhooks(app.site)).map((w) => w.url)).toEqual([receiver.url]);

    const posted = await postComment(app, { content: 'تعليق يصل إلى الخطاف' });
    await receiver.next((d) => d.body.comment.id === posted.body.comment.id);
    await app.idle();
    await page.getByRole('button', { name: 'التعليقات', exact: true }).click();
    await settings.click();
    await page.locator('majlis-notify-settings summary').first().click();
    await page.getByText('comment.created').first().waitFor();
    expect(await page.locator('majlis-notify-settings').getByText(/تم/).count()).toBeGreaterThan(0);
    expect(await page.getByText(/المفتاح السري لهذا الخطاف/).count()).toBe(0); // shown once only
    await context.close();
  });
});
