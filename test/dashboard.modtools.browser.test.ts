import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser, signInToDashboard } from './helpers/browser.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { axeViolations as axeOf } from './helpers/axe.js';
import { eventually as poll } from './helpers/eventually.js';

// Issue 13 in the dashboard, driven in Chromium against the real app: search with operators and
// Arabic spelling variants, the per-page view, the commenter's history, `b` rules and the rules
// view, reply context, edit and reply. Needs `npm run build` first (npm test does it).

// generous: each step may wait on a loaded machine (the steps themselves time out at 10 s)
vi.setConfig({ testTimeout: 90_000 });

let app: TestApp;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};
const WIDTH = 1280;

const iso = (s: string) => `\u2068${s}\u2069`;
const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));

const eventually = <T>(check: () => Promise<T>, what: string, timeoutMs = 15_000) => poll(check, what, timeoutMs);

const axeViolations = () => axeOf(page);

/** The element that has the focus, looking through shadow roots. */
const focused = () =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.localName ?? '', text: (a?.textContent ?? '').replace(/\s+/g, ' ').trim() };
  });

/** Text of the dashboard's polite announcements (the workspace's status region). */
const announced = () => page.locator('majlis-workspace').locator('div.sr-only[role="status"]').textContent();

const queueItem = (text: string) => page.locator('majlis-queue majlis-comment-item').filter({ hasText: text });
const resultItems = () => page.locator('majlis-search-results majlis-comment-item');
const summary = () => page.locator('majlis-search-results .summary');

async function post(key: string, over: Record<string, unknown>, ip = '192.0.2.1') {
  const res = await postComment(app, over, { origin: app.url, 'x-forwarded-for': ip });
  expect(res.status).toBe(201);
  ids[key] = res.body.comment.id;
  return res.body.comment.id as string;
}

async function search(q: string) {
  await page.getByRole('searchbox', { name: 'بحث في التعليقات' }).fill(q);
  await page.getByRole('button', { name: 'بحث', exact: true }).click();
  await page.locator('majlis-search-results h2', { hasText: q }).waitFor();
  await eventually(async () => expect(await summary().textContent()).not.toBe('جارٍ البحث…'), `search ${q}`);
}

const resultTexts = async () => (await resultItems().locator('.text').allTextContents()).map((s) => s.trim());

beforeAll(async () => {
  if (!existsSync(new URL('../widget/dist/moderate.js', import.meta.url))) throw new Error('widget/dist/moderate.js is missing: run "npm run build"');
  // holdAll: Sara's second comment waits in the queue although her first was approved
  app = await startApp({ env: { TRUST_PROXY: 'true' }, siteSettings: { holdAll: true } });
  await addModerator(app.store, { email: 'khaled@example.com', password: 'khaled-long-pass', name: 'خالد', role: 'moderator' }, Date.now());
  const admin = await login(app);
  // first, so that the named comments below are the newest (the queue's first page)
  for (let i = 0; i < 53; i++) await post(`bulk${i}`, { content: `تعليق للتصفح رقم ${i}`, page: '/bulk' });
  await post('parent', { name: 'سارة', email: 'sara@news.example', content: 'التعليق الأصلي عن الكويت', page: '/news/1', pageTitle: 'مقال الأخبار', pageUrl: `${app.url}/news/1` }, '203.0.113.5');
  expect((await moderate(app, admin, ids.parent!, 'approve')).status).toBe(200);
  await post('john', { name: 'John', email: 'john@example.com', content: 'A great article about science', page: '/news/1', pageTitle: 'مقال الأخبار', pageUrl: `${app.url}/news/1` }, '198.51.100.9');
  expect((await moderate(app, admin, ids.john!, 'spam')).status).toBe(200);
  await post('ahmad', { name: 'أحمد', email: 'ahmad@mail.example', content: 'مقـــالة رائعة جداً', page: '/news/2', pageTitle: 'مقال ثانٍ', pageUrl: `${app.url}/news/2` }, '2001:db8:1::7');
  await post('hind', { name: 'هند', email: 'hind@gmail.com', content: 'تعليق هند الأول', page: '/news/2' }, '198.51.100.20');
  await post('reply', { name: 'ليلى', email: 'laila@example.com', content: 'ردّ ليلى على سارة', page: '/news/1', parentId: ids.parent, pageUrl: `${app.url}/news/1` }, '192.0.2.30');
  await post('sara', { name: 'سارة', email: 'Sara@News.example', content: 'قرأتُ المقالةَ عن الإسلام', page: '/news/1', pageTitle: 'مقال الأخبار', pageUrl: `${app.url}/news/1` }, '203.0.113.5');

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signInToDashboard(page, app.url, app.admin);
  await queueItem('قرأتُ المقالةَ').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('reply context', () => {
  it('when a queued reply is shown, then it says whom it answers with the start of their text and links to it on the page', async () => {
    const reply = queueItem('ردّ ليلى على سارة');
    await reply.locator('.reply-to').getByText(`ردّ على ${iso('سارة')}: ${iso('التعليق الأصلي عن الكويت')}`).waitFor();
    expect(await reply.getByRole('link', { name: 'التعليق الأصلي في الصفحة' }).getAttribute('href')).toBe(`${app.url}/news/1#comment-${ids.parent}`);
  });
});

describe('search', () => {
  it('when words are typed with another hamza, tashkeel or ة/ه spelling, then the same comments are found in every status, with the count announced', async () => {
    await search('الاسلام');
    expect(await resultTexts()).toEqual(['قرأتُ المقالةَ عن الإسلام']);
    expect(await summary().textContent()).toBe('وُجد تعليق واحد.');
    expect(await summary().getAttribute('aria-live')).toBe('polite');
    await search('مقاله');
    expect(await resultTexts()).toEqual(['قرأتُ المقالةَ عن الإسلام', 'مقـــالة رائعة جداً']);
    expect(await summary().textContent()).toBe('وُجد تعليقان.');
    await search('article science');
    expect(await resultTexts()).toEqual(['A great article about science']);
    await resultItems().first().getByText(`الحالة: ${iso('المزعجة')}`).waitFor(); // a spam comment, found without status:
  });

  it('when operators are used, then email:, name:, ip: (range), page:, url: and status: narrow the results', async () => {
    await search('email:sara@news.example');
    expect(await resultTexts()).toEqual(['قرأتُ المقالةَ عن الإسلام', 'التعليق الأصلي عن الكويت']);
    await search('name:ساره status:approved');
    expect(await resultTexts()).toEqual(['التعليق الأصلي عن الكويت']);
    await search('ip:203.0.113.0/24');
    expect(await resultTexts()).toEqual(['قرأتُ المقالةَ عن الإسلام', 'التعليق الأصلي عن الكويت']);
    await search('ip:2001:db8::/32');
    expect(await resultTexts()).toEqual(['مقـــالة رائعة جداً']);
    await search(`url:${app.url}/news/* status:spam`);
    expect(await resultTexts()).toEqual(['A great article about science']);
    await search('ip:300.1.1.1');
    await page.locator('majlis-search-results .summary', { hasText: 'تعذّر البحث' }).waitFor();
  });

  it('when there are more than 50 matches, then «المزيد» loads the next page by cursor and the count follows', async () => {
    await search('للتصفح');
    expect(await resultItems().count()).toBe(50);
    expect(latin((await summary().textContent()) ?? '')).toBe('عُرض 50 تعليقاً، وهناك المزيد.');
    await page.getByRole('button', { name: 'المزيد' }).click();
    await eventually(async () => expect(await resultItems().count()).toBe(53), '53 results');
    expect(latin((await summary().textContent()) ?? '')).toBe('وُجد 53 تعليقاً.');
    expect(await page.getByRole('button', { name: 'المزيد' }).count()).toBe(0);
    const numbers = (await resultTexts()).map((t) => Number(t.split(' ').at(-1)));
    expect(numbers).toEqual(Array.from({ length: 53 }, (_, i) => 52 - i)); // newest first, none twice
  });

  it('when the search results are checked with axe-core, then there are no violations; «العودة» brings the queue back', async () => {
    await search('مقاله');
    expect(await axeViolations()).toEqual([]);
    await page.getByRole('button', { name: 'العودة إلى قائمة المراجعة' }).click();
    await queueItem('قرأتُ المقالةَ').waitFor();
    expect(await page.locator('majlis-search-results').count()).toBe(0);
  });
});

describe('per-page view', () => {
  it('when a comment\'s page button is pressed, then every comment of that article shows, any status, and a new one arrives live', async () => {
    await queueItem('قرأتُ المقالةَ').getByRole('button', { name: 'كل تعليقات الصفحة' }).click();
    await page.locator('majlis-search-results h2', { hasText: `كل تعليقات الصفحة ${iso('مقال الأخبار')}` }).waitFor();
    await eventually(async () => expect(await resultItems().count()).toBe(4), 'four on /news/1');
    expect((await resultTexts()).sort()).toEqual(['A great article about science', 'التعليق الأصلي عن الكويت', 'ردّ ليلى على سارة', 'قرأتُ المقالةَ عن الإسلام'].sort());
    expect(await focused()).toMatchObject({ tag: 'h2' });
    await post('late', { name: 'زائر', content: 'تعليق وصل والصفحة مفتوحة', page: '/news/1' });
    await resultItems().filter({ hasText: 'تعليق وصل والصفحة مفتوحة' }).waitFor();
    await eventually(async () => expect(await announced()).toBe(`تعليق جديد من ${iso('زائر')} في هذه الصفحة.`), 'live arrival announced');
    expect(await axeViolations()).toEqual([]);
  });

  it('when page: is searched, then the same per-page view opens', async () => {
    await page.getByRole('searchbox', { name: 'بحث في التعليقات' }).fill('page:/news/2');
    await page.keyboard.press('Enter');
    await page.locator('majlis-search-results h2', { hasText: 'كل تعليقات الصفحة' }).waitFor();
    await eventually(async () => expect((await resultTexts()).sort()).toEqual(['تعليق هند الأول', 'مقـــالة رائعة جداً'].sort()), '/news/2');
    await page.getByRole('button', { name: 'العودة إلى قائمة المراجعة' }).click();
    await queueItem('قرأتُ المقالةَ').waitFor();
  });
});

describe('the commenter', () => {
  it('when a name is pressed, then their history opens beside the queue (inline end), with names, dates, counts, IPs and comments; Escape closes it and focus returns', async () => {
    const nameButton = queueItem('قرأتُ المقالةَ').locator('button.who-btn', { hasText: 'سارة' });
    await nameButton.click();
    const panel = page.locator('majlis-commenter-panel');
    await panel.locator('h2', { hasText: 'sara@news.example' }).waitFor();
    await panel.locator('.counts li[data-status="approved"]', { hasText: 'تعليق معتمد واحد' }).waitFor();
    expect(await panel.locator('.counts li[data-status="pending"]').textContent()).toBe('تعليق واحد قيد المراجعة');
    expect(await panel.locator('.counts li[data-status="spam"]').textContent()).toBe('لا تعليقات مزعجة');
    await panel.getByText('203.0.113.5').waitFor();
    expect(await panel.locator('.comments li').count()).toBe(2);
    expect(await panel.locator('time').first().textContent()).toMatch(/[٠-٩]/); // an Intl date in Arabic digits
    await eventually(async () => expect(await announced()).toBe(`فُتح سجلّ ${iso('sara@news.example')}.`), 'opened announced');
    expect(await focused()).toMatchObject({ tag: 'h2' });
    // RTL: the queue on the right, the history on its left (the inline end)
    const aside = (await page.locator('majlis-workspace aside').boundingBox())!;
    const queue = (await page.locator('majlis-queue').boundingBox())!;
    expect(aside.x + aside.width).toBeLessThanOrEqual(queue.x + 1);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-commenter.png' });
    expect(await axeViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await page.locator('majlis-commenter-panel').count()).toBe(0), 'panel closed');
    expect(await focused()).toEqual({ tag: 'button', text: 'سارة' });
  });
});

describe('rules with b', () => {
  async function ruleFor(text: string) {
    const it = queueItem(text);
    await it.focus();
    await page.keyboard.press('b');
    const dialog = page.locator('majlis-rule-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    return dialog;
  }

  it('when b blocks a comment\'s email, then the dialog closes, focus returns, and that email\'s next comment goes to spam silently', async () => {
    const dialog = await ruleFor('مقـــالة رائعة');
    await dialog.getByRole('heading', { name: `قاعدة لتعليق ${iso('أحمد')}` }).waitFor();
    // the address, its /64, and the domain are offered too
    await dialog.getByLabel(`النطاق ${iso('2001:db8:1:0::/64')}`).waitFor();
    expect(await dialog.getByLabel(`البريد ${iso('ahmad@mail.example')}`).isChecked()).toBe(true);
    expect(await dialog.getByLabel('حظر: يذهب تعليقه إلى المزعج بصمت').isChecked()).toBe(true);
    expect(await axeViolations()).toEqual([]);
    await dialog.getByLabel('ملاحظة (اختيارية)').fill('يكرر الإساءة');
    await page.screenshot({ path: 'test-results/dashboard-rule-dialog.png' });
    await dialog.getByRole('button', { name: 'حفظ القاعدة' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => expect(await announced()).toContain('حُفظت القاعدة'), 'saved announced');
    expect(await focused()).toMatchObject({ tag: 'majlis-comment-item' });
    const id = await post('ahmad2', { name: 'أحمد', email: 'ahmad@mail.example', content: 'أحمد يعود' }, '192.0.2.99');
    expect((await app.store.getComment(id))!.status).toBe('spam');
  });

  it('when b blocks an IPv4 comment\'s /24 range, then another address in that range is blocked', async () => {
    const dialog = await ruleFor('قرأتُ المقالةَ');
    await dialog.getByLabel(`النطاق ${iso('203.0.113.0/24')}`).check();
    await dialog.getByLabel('مدة القاعدة').selectOption('week');
    await dialog.getByRole('button', { name: 'حفظ القاعدة' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const id = await post('range', { name: 'مجهول', email: 'new@elsewhere.example', content: 'من النطاق نفسه' }, '203.0.113.77');
    expect((await app.store.getComment(id))!.status).toBe('spam');
    const other = await post('outside', { name: 'مجهول', email: 'new2@elsewhere.example', content: 'من خارج النطاق' }, '203.0.114.77');
    expect((await app.store.getComment(other))!.status).toBe('pending');
  });

  it('when b blocks a common provider\'s domain, then the server\'s warning and a confirm box show; once confirmed, any address there is blocked', async () => {
    const dialog = await ruleFor('تعليق هند الأول');
    await dialog.getByLabel(`كل بريد في ${iso('gmail.com')}`).check();
    await dialog.getByRole('button', { name: 'حفظ القاعدة' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'مزوّد بريد شائع' }).waitFor();
    const confirm = dialog.getByLabel('نعم، أؤكد تطبيق القاعدة على هذا النطاق كله');
    expect(await confirm.isChecked()).toBe(false);
    expect(await axeViolations()).toEqual([]);
    await confirm.check();
    await dialog.getByRole('button', { name: 'حفظ القاعدة' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const id = await post('gmail', { name: 'غريب', email: 'someone.else@gmail.com', content: 'من جيميل' }, '192.0.2.120');
    expect((await app.store.getComment(id))!.status).toBe('spam');
  });
});

describe('the rules view', () => {
  it('when opened, then every rule shows its match, action, note, expiry and author; removing one lets that email post for review again; a rule is added by hand', async () => {
    await page.getByRole('button', { name: 'قواعد الحظر والثقة' }).click();
    const view = page.locator('majlis-rules');
    await view.locator('tbody tr').nth(2).waitFor();
    expect(await view.locator('tbody tr').count()).toBe(3);
    const emailRow = view.locator('tbody tr', { hasText: 'ahmad@mail.example' });
    expect(await emailRow.locator('td').nth(1).textContent()).toBe('حظر');
    expect(await emailRow.locator('td').nth(2).textContent()).toBe('يكرر الإساءة');
    expect(await emailRow.locator('td').nth(3).textContent()).toBe('لا تنتهي');
    expect(await emailRow.locator('td').nth(4).textContent()).toContain('Admin');
    expect(await view.locator('tbody tr', { hasText: '203.0.113.0/24' }).locator('time').count()).toBe(1); // expires in a week
    await page.screenshot({ path: 'test-results/dashboard-rules.png' });
    expect(await axeViolations()).toEqual([]);

    await emailRow.getByRole('button', { name: `حذف القاعدة على ${iso(`البريد ${iso('ahmad@mail.example')}`)}` }).click();
    await eventually(async () => expect(await view.locator('tbody tr').count()).toBe(2), 'row removed');
    await eventually(async () => expect(await announced()).toContain('حُذفت القاعدة'), 'removal announced');
    const id = await post('ahmad3', { name: 'أحمد', email: 'ahmad@mail.example', content: 'أحمد بعد رفع الحظر' }, '192.0.2.98');
    expect((await app.store.getComment(id))!.status).toBe('pending');

    await view.getByLabel('النوع').selectOption('ip');
    await view.getByLabel('القيمة').fill('192.0.2.0/24');
    await view.getByLabel('الإجراء').selectOption('trust');
    await view.getByRole('button', { name: 'إضافة' }).click();
    await view.locator('tbody tr', { hasText: '192.0.2.0/24' }).waitFor();
    const rules = (await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: await login(app) })).body.rules as Array<{ match: Record<string, string>; action: string }>;
    expect(rules.find((r) => r.match.ip === '192.0.2.0/24')?.action).toBe('trust');
    await page.getByRole('button', { name: 'قواعد الحظر والثقة' }).click();
    await queueItem('قرأتُ المقالةَ').waitFor();
  });
});

describe('trust with b', () => {
  it('when b trusts an email, then that email\'s next comment is published at once despite hold-all', async () => {
    const target = queueItem('ردّ ليلى على سارة');
    await target.focus();
    await page.keyboard.press('b');
    const dialog = page.locator('majlis-rule-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByLabel('ثقة: يُنشر تعليقه مباشرة (الكلمات المحظورة تبقى نافذة)').check();
    await dialog.getByRole('button', { name: 'حفظ القاعدة' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => expect(await announced()).toBe(`حُفظت القاعدة: ${iso('ثقة')} — ${iso(`البريد ${iso('laila@example.com')}`)}.`), 'trust announced');
    const id = await post('laila2', { name: 'ليلى', email: 'laila@example.com', content: 'ليلى موثوقة الآن', page: '/news/3' }, '198.51.100.77');
    expect((await app.store.getComment(id))!.status).toBe('approved');
  });
});

describe('edit and reply', () => {
  it('when a moderator edits a comment, then its text changes in place and in the store', async () => {
    const target = queueItem('أحمد بعد رفع الحظر');
    await target.getByRole('button', { name: 'تعديل' }).click();
    const dialog = page.locator('majlis-edit-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByLabel('النص').inputValue()).toBe('أحمد بعد رفع الحظر');
    expect(await axeViolations()).toEqual([]);
    await dialog.getByLabel('النص').fill('أحمد بعد رفع الحظر (مصحَّح)');
    await dialog.getByRole('button', { name: 'حفظ التعديل' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await queueItem('(مصحَّح)').locator('.edited').waitFor();
    expect((await app.store.getComment(ids.ahmad3!))!.content).toBe('أحمد بعد رفع الحظر (مصحَّح)');
    expect(await focused()).toEqual({ tag: 'button', text: 'تعديل' });
  });

  it('when someone else edited first, then saving says who and shows the current text', async () => {
    const target = queueItem('تعليق هند الأول');
    await target.getByRole('button', { name: 'تعديل' }).click();
    const dialog = page.locator('majlis-edit-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    const khaled = await login(app, { email: 'khaled@example.com', password: 'khaled-long-pass' });
    const current = (await app.store.getComment(ids.hind!))!;
    const res = await request(app, 'PATCH', `/api/moderation/comments/${ids.hind}`, { cookie: khaled, headers: { origin: app.url }, body: { content: 'نص خالد', version: current.version } });
    expect(res.status).toBe(200);
    await dialog.getByLabel('النص').fill('نصي أنا');
    await dialog.getByRole('button', { name: 'حفظ التعديل' }).click();
    await dialog.getByRole('alert').filter({ hasText: `سبقك ${iso('خالد')} إلى تعديله` }).waitFor();
    expect(await dialog.getByLabel('النص').inputValue()).toBe('نص خالد');
    expect((await app.store.getComment(ids.hind!))!.content).toBe('نص خالد');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('when a moderator replies to a pending comment, then the comment is approved and the reply published at once under their name', async () => {
    const target = queueItem('قرأتُ المقالةَ');
    await target.getByRole('button', { name: 'ردّ', exact: true }).click();
    const dialog = page.locator('majlis-edit-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByLabel('ردّك').fill('شكراً على تعليقك يا سارة');
    expect(await axeViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'نشر الرد' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => expect(await announced()).toBe(`نُشر ردّك على ${iso('سارة')}.`), 'reply announced');
    expect((await app.store.getComment(ids.sara!))!.status).toBe('approved');
    const thread = await request(app, 'GET', '/api/comments?site=test&page=%2Fnews%2F1');
    const reply = (thread.body.comments as Array<{ parentId: string | null; content: string; author: { name: string } }>).find((c) => c.parentId === ids.sara);
    expect(reply).toMatchObject({ content: 'شكراً على تعليقك يا سارة', author: { name: 'Admin' } });
  });

  it('when switched to English, then the tools speak English', async () => {
    await page.getByRole('button', { name: 'Switch the dashboard to English' }).click();
    await page.getByRole('searchbox', { name: 'Search comments' }).fill('الاسلام');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await eventually(async () => expect(await summary().textContent()).toBe('Found 1 comment.'), 'english summary');
    await resultItems().first().getByRole('button', { name: 'Block or trust…' }).waitFor();
    expect(await axeViolations()).toEqual([]);
  });
});
