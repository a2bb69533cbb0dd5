import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { axeViolations } from './helpers/axe.js';

// Issue 13 points 6–8 in the dashboard: the admins' page (moderators, sites, privacy
// requests) and the audit view, driven in Chromium against the real app as an admin and
// as a moderator given one site. Needs `npm run build` first (npm test does it).

let app: TestApp;
let browser: Browser;
let adminCtx: BrowserContext;
let admin: Page;
let adminCookie: string;


async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${app.url}/moderate`);
  await page.getByLabel('البريد الإلكتروني').fill(email);
  await page.getByLabel('كلمة المرور').fill(password);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.locator('.conn', { hasText: 'متصل' }).waitFor({ timeout: 20_000 });
}

/** Same-origin JSON from inside the page, with its session cookie. */
const fetchIn = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }, path);

const H = () => ({ origin: app.url });

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  app = await startApp();
  adminCookie = await login(app);
  browser = await launchBrowser();
  adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
  admin = await adminCtx.newPage();
  await signIn(admin, app.admin.email, app.admin.password);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the admins’ page', () => {
  it('when an admin adds a site with origins and changes another’s origins, then the server keeps them; bad origins are refused beside the field; the page passes axe', async () => {
    await admin.getByRole('button', { name: 'المشرفون والمواقع' }).click();
    await admin.getByRole('heading', { name: 'إدارة المشرفين والمواقع وطلبات الخصوصية' }).waitFor();
    const form = admin.locator('majlis-admin-sites form[aria-labelledby="add-site-title"]');
    await form.getByLabel('معرّف الموقع').fill('news');
    await form.getByLabel('المصادر، واحد في كل سطر').fill('not an origin');
    await form.getByRole('button', { name: 'إضافة موقع' }).click();
    await form.locator('.error').waitFor();
    expect(await form.getByLabel('المصادر، واحد في كل سطر').getAttribute('aria-invalid')).toBe('true');
    expect((await request(app, 'GET', '/api/moderation/sites/news', { cookie: adminCookie })).status).toBe(404);

    await form.getByLabel('المصادر، واحد في كل سطر').fill('https://news.example\nhttps://www.news.example/');
    await form.getByRole('button', { name: 'إضافة موقع' }).click();
    await admin.getByRole('status').filter({ hasText: 'أُضيف الموقع' }).waitFor();
    const added = await request(app, 'GET', '/api/moderation/sites/news', { cookie: adminCookie });
    expect(added.body.site.origins).toEqual(['https://news.example', 'https://www.news.example']);
    // the new site is offered at once in the dashboard's site picker
    await admin.locator('select').first().locator('option[value="news"]').waitFor({ state: 'attached' });

    const test = admin.locator('majlis-admin-sites form[data-site="test"]');
    await test.locator('textarea').fill('https://blog.example');
    await test.getByRole('button', { name: 'حفظ المصادر' }).click();
    await admin.getByRole('status').filter({ hasText: 'حُفظت مصادر الموقع' }).waitFor();
    expect((await request(app, 'GET', '/api/moderation/sites/test', { cookie: adminCookie })).body.site.origins).toEqual(['https://blog.example']);
    await test.locator('textarea').fill('');
    await test.getByRole('button', { name: 'حفظ المصادر' }).click();
    await expect.poll(async () => (await request(app, 'GET', '/api/moderation/sites/test', { cookie: adminCookie })).body.site.origins).toEqual([]);
    const audit = await request(app, 'GET', '/api/moderation/audit?site=news', { cookie: adminCookie });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('site.add');
    expect(await axeViolations(admin)).toEqual([]);
  });

  it('when an admin adds a moderator limited to one site, then that moderator signs in and sees only that site, the API refuses the other, and there is no admins’ page for them', async () => {
    const form = admin.locator('majlis-admin-moderators form');
    await form.getByLabel('البريد الإلكتروني').fill('salma@example.com');
    await form.getByLabel('الاسم').fill('سلمى');
    await form.getByLabel('مواقع مختارة:').check();
    await form.getByLabel('news').check();
    await form.getByLabel('كلمة المرور').fill('short');
    await form.getByRole('button', { name: 'إضافة' }).click();
    await form.locator('#err-password').waitFor(); // the server's 422, beside its field
    await form.getByLabel('كلمة المرور').fill('salma-long-password');
    await form.getByRole('button', { name: 'إضافة' }).click();
    await admin.getByRole('status').filter({ hasText: 'أُضيف' }).first().waitFor();
    const row = admin.locator('majlis-admin-moderators tr[data-email="salma@example.com"]');
    await row.waitFor();
    expect(await row.locator('td').nth(3).innerText()).toBe('news');

    const postNews = await postComment(app, { site: 'news', page: '/n/1', content: 'تعليق على موقع الأخبار' }, { origin: app.url });
    expect(postNews.status).toBe(201);
    await postComment(app, { content: 'تعليق على موقع الاختبار' }, { origin: app.url });

    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const salma = await ctx.newPage();
      await signIn(salma, 'salma@example.com', 'salma-long-password');
      await salma.locator('majlis-comment-item').filter({ hasText: 'تعليق على موقع الأخبار' }).waitFor();
      expect(await salma.locator('majlis-comment-item').filter({ hasText: 'تعليق على موقع الاختبار' }).count()).toBe(0);
      expect(await salma.locator('select').count()).toBe(0); // one site: no picker
      expect(await salma.getByRole('button', { name: 'المشرفون والمواقع' }).count()).toBe(0);
      expect((await fetchIn(salma, '/api/moderation/sites')).body.sites.map((s: { id: string }) => s.id)).toEqual(['news']);
      const other = await fetchIn(salma, '/api/moderation/comments?site=test');
      expect(other.status).toBe(400);
      expect(other.body.message).toContain('test'); // «unknown site», as for a site that does not exist
      expect((await fetchIn(salma, '/api/moderation/moderators')).status).toBe(403);
      expect((await fetchIn(salma, '/api/moderation/privacy/export?email=a%40example.com')).status).toBe(403);
      // her audit view reads her site only
      await salma.getByRole('button', { name: 'سجلّ التدقيق' }).click();
      await salma.getByRole('heading', { name: /سجلّ التدقيق/ }).waitFor();
      expect(await salma.getByRole('heading', { name: /سجلّ التدقيق/ }).innerText()).toContain('news');
      expect((await fetchIn(salma, '/api/moderation/audit?site=test')).status).toBe(400);
      expect(await axeViolations(salma)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('when an admin removes a moderator who is signed in, then a confirm dialog names them and their open dashboard loses its session at once', async () => {
    const ctx = await browser.newContext();
    try {
      const salma = await ctx.newPage();
      await signIn(salma, 'salma@example.com', 'salma-long-password');
      const row = admin.locator('majlis-admin-moderators tr[data-email="salma@example.com"]');
      await row.getByRole('button', { name: 'إزالة' }).click();
      const dialog = admin.locator('majlis-admin-moderators dialog');
      await dialog.getByText('salma@example.com').waitFor();
      expect(await axeViolations(admin)).toEqual([]);
      await dialog.getByRole('button', { name: 'إزالة' }).click();
      await admin.getByRole('status').filter({ hasText: 'وانتهت جلساته واتصالاته المباشرة فوراً' }).waitFor();
      await row.waitFor({ state: 'detached' });
      // her live connection was closed by the server: the dashboard finds the session gone
      await salma.getByRole('button', { name: 'دخول' }).waitFor({ timeout: 20_000 });
      expect((await fetchIn(salma, '/api/auth/me')).status).toBe(401);
    } finally {
      await ctx.close();
    }
  });

  it('when an admin changes a moderator’s sites, then the page says their sessions ended and the server keeps the new sites', async () => {
    await request(app, 'POST', '/api/moderation/moderators', { cookie: adminCookie, headers: H(), body: { email: 'yusuf@example.com', name: 'يوسف', sites: ['*'], password: 'yusuf-long-password' } });
    await admin.getByRole('button', { name: 'التعليقات', exact: true }).click();
    await admin.getByRole('button', { name: 'المشرفون والمواقع' }).click();
    const row = admin.locator('majlis-admin-moderators tr[data-email="yusuf@example.com"]');
    await row.getByRole('button', { name: 'تعديل' }).click();
    const form = admin.locator('majlis-admin-moderators form');
    await form.getByRole('heading', { name: /تعديل المشرف/ }).waitFor();
    await form.getByLabel('مواقع مختارة:').check();
    await form.getByLabel('test').check();
    await form.getByRole('button', { name: 'حفظ' }).click();
    await admin.getByRole('status').filter({ hasText: 'انتهت جلسات' }).waitFor();
    const yusuf = (await request(app, 'GET', '/api/moderation/moderators', { cookie: adminCookie })).body.moderators.find((m: { email: string }) => m.email === 'yusuf@example.com');
    expect(yusuf.sites).toEqual(['test']);
  });

  it('when an admin exports and then erases an address, then the JSON download holds its comments and the dialog-confirmed erase reports the counts', async () => {
    await request(app, 'PATCH', '/api/moderation/sites/news', { cookie: adminCookie, headers: H(), body: { settings: { floodSeconds: 0 } } });
    const c1 = await postComment(app, { email: 'Layla@Example.com', name: 'ليلى', content: 'رأي ليلى الأول' }, { origin: app.url });
    await postComment(app, { site: 'news', page: '/n/2', email: 'layla@example.com', name: 'ليلى', content: 'رأي ليلى في الأخبار' }, { origin: app.url });
    expect(c1.status).toBe(201);
    const privacy = admin.locator('majlis-admin-privacy');
    await privacy.getByLabel('بريد صاحب الطلب').fill('not-an-email');
    await privacy.getByRole('button', { name: 'تصدير البيانات (JSON)' }).click();
    await privacy.locator('#p-error').waitFor();
    await privacy.getByLabel('بريد صاحب الطلب').fill('layla@example.com');
    const [download] = await Promise.all([admin.waitForEvent('download'), privacy.getByRole('button', { name: 'تصدير البيانات (JSON)' }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.email).toBe('layla@example.com');
    expect(data.comments.map((c: { content: string }) => c.content).sort()).toEqual(['رأي ليلى الأول', 'رأي ليلى في الأخبار']);
    expect(data.comments[0].ip).toBe('127.0.0.1');
    await privacy.getByRole('status').filter({ hasText: 'نُزّل ملف البيانات: تعليقان.' }).waitFor();

    await privacy.getByLabel('حذف التعليقات نهائياً').check();
    await privacy.getByRole('button', { name: 'محو البيانات…' }).click();
    const dialog = privacy.locator('dialog');
    await dialog.getByText('حذف كل تعليقات').waitFor();
    await dialog.getByRole('button', { name: 'إلغاء' }).click();
    expect((await request(app, 'GET', '/api/moderation/privacy/export?email=layla%40example.com', { cookie: adminCookie })).body.comments).toHaveLength(2);
    await privacy.getByRole('button', { name: 'محو البيانات…' }).click();
    await dialog.getByRole('button', { name: 'تأكيد' }).click();
    const counts = privacy.locator('dl.counts');
    await counts.waitFor();
    expect(await counts.locator('dd').first().innerText()).toBe('٢');
    expect((await request(app, 'GET', '/api/moderation/privacy/export?email=layla%40example.com', { cookie: adminCookie })).body.comments).toEqual([]);
    expect(await axeViolations(admin)).toEqual([]);
  });
});

describe('the audit view', () => {
  it('when an admin reads the audit, then decisions show who, when and before/after, new entries arrive politely, and it passes axe in Arabic and English', { timeout: 90_000 }, async () => {
    const posted = await postComment(app, { content: 'تعليق للتدقيق' }, { origin: app.url });
    await moderate(app, adminCookie, posted.body.comment.id, 'approve');
    await admin.getByRole('button', { name: 'سجلّ التدقيق' }).click();
    const view = admin.locator('majlis-audit');
    const entry = view.locator('li.entry[data-action="comment.approved"]').first();
    await entry.waitFor();
    expect(await entry.locator('.who').innerText()).toBe('Admin');
    expect(await entry.innerText()).toContain('اعتمد تعليقاً');
    const time = entry.locator('time');
    expect(Date.parse((await time.getAttribute('datetime'))!)).toBeGreaterThan(Date.now() - 120_000);
    expect(await time.getAttribute('title')).toMatch(/٢٠٢[٠-٩]/); // the full date, Arabic digits
    await entry.getByText('التفاصيل').click();
    const rows = entry.locator('tbody tr');
    expect(await rows.first().locator('th').innerText()).toBe('status');
    expect(await rows.first().locator('td').nth(0).innerText()).toBe('pending');
    expect(await rows.first().locator('td').nth(1).innerText()).toBe('approved');
    expect(await axeViolations(admin)).toEqual([]);

    // a decision made elsewhere appears on refresh, announced politely
    const other = await postComment(app, { content: 'تعليق آخر للتدقيق' }, { origin: app.url });
    await moderate(app, adminCookie, other.body.comment.id, 'spam');
    await view.getByRole('button', { name: 'تحديث' }).click();
    await view.getByRole('status').filter({ hasText: 'إدخال جديد في السجلّ' }).waitFor();
    await view.locator('li.entry[data-action="comment.spam"]').waitFor();

    await admin.getByRole('button', { name: 'Switch the dashboard to English' }).click();
    await view.getByRole('heading', { name: /Audit log: .*test/ }).waitFor();
    expect(await view.locator('li.entry[data-action="comment.spam"] .line').first().innerText()).toContain('marked a comment as spam');
    expect(await admin.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Moderators & sites' }).click();
    await admin.getByRole('heading', { name: 'Moderators, sites and privacy requests' }).waitFor();
    expect(await axeViolations(admin)).toEqual([]);
  });
});
