import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { plural } from '../widget/shared/plural.js';
import ar from '../widget/comments/i18n/ar.js';
import { startApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { login, moderate } from './helpers/http.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const W = 'majlis-comments';

let app: TestApp;
let browser: Browser;
/** Host pages live on their own origin, as on a real news site embedding the widget. */
let pages: Server;
let pagesUrl = '';
const pageBodies = new Map<string, string>();
let cookie: string;
const contexts: BrowserContext[] = [];
let seq = 0;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  cookie = await login(app);
  pages = createServer((req, res) => {
    res.writeHead(pageBodies.has(req.url ?? '') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pageBodies.get(req.url ?? '') ?? '');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => pages?.close(resolve));
});

interface Opened {
  page: Page;
  dialogs: string[];
  /** Resolves once the live connection has joined the thread. */
  joined: Promise<void>;
}

/** A fresh thread key per test, so each test owns its data. */
const threadKey = () => `/t/${Date.now().toString(36)}-${++seq}`;

/** Opens a host page holding `body`; the widget script is the real built /widget.js from the app. */
async function open(body: string, opts: { lang?: string; context?: BrowserContext; colorScheme?: 'dark' | 'light' } = {}): Promise<Opened> {
  const context =
    opts.context ??
    (await browser.newContext({ locale: 'ar', viewport: { width: 1000, height: 900 }, colorScheme: opts.colorScheme ?? 'light' }));
  contexts.push(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // The server acknowledges the join ("43<id>[{"ok":true}]"), over polling or WebSocket.
  const ack = /(^|\x1e)43\d*\[\{"ok":true/;
  const joined = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', (f) => ack.test(String(f.payload)) && resolve()));
    page.on('response', (r) => {
      if (r.url().includes('/socket.io/')) void r.text().then((t) => ack.test(t) && resolve(), () => undefined);
    });
  });
  const path = `/p/${++seq}`;
  pageBodies.set(
    path,
    `<!doctype html><html lang="${opts.lang ?? 'ar'}"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>صفحة اختبار</title>
      <style>@media (prefers-color-scheme: dark) { body { background: #121212; color: #eee; } }</style>
      <script type="module" src="${app.url}/widget.js"></script></head><body><main>${body}</main></body></html>`,
  );
  await page.goto(pagesUrl + path);
  return { page, dialogs, joined };
}

const widget = (key: string, attrs = '') => `<${W} site="test" page="${key}" ${attrs}></${W}>`;

async function ready(page: Page, nth = 0): Promise<void> {
  await page.locator(`${W} h2`).nth(nth).waitFor();
}

async function fillForm(page: Page, f: { content: string; name?: string; email?: string; url?: string }, scope = `${W}`) {
  await page.fill(`${scope} #content`, f.content);
  if (f.name !== undefined) await page.fill(`${scope} #name`, f.name);
  if (f.email !== undefined) await page.fill(`${scope} #email`, f.email);
  if (f.url !== undefined) await page.fill(`${scope} #url`, f.url);
}

/** An approved comment put straight into the store (what a moderator would have approved). */
async function seed(page: string, over: { name?: string; content?: string; url?: string | null; parentId?: string | null } = {}) {
  const c = await app.store.createComment({
    site: app.site,
    page,
    parentId: over.parentId ?? null,
    authorName: over.name ?? 'ليلى',
    authorEmail: `seed${++seq}@example.com`,
    authorUrl: over.url ?? null,
    avatarKey: '0123456789abcdef0123456789abcdef',
    content: over.content ?? `تعليق منشور رقم ${seq}`,
    status: 'approved',
    ip: '10.0.0.1',
    userAgent: 'seed',
    reasons: [],
    pageTitle: null,
    pageUrl: null,
    createdAt: Date.now() - 60_000 + seq,
  });
  return c.id;
}

/** Where the text of the first match actually is (block boxes span the whole line). */
const textBox = (page: Page, sel: string) =>
  page
    .locator(`${W} ${sel}`)
    .first()
    .evaluate((el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      const b = r.getBoundingClientRect();
      return { x: b.x, width: b.width };
    });

const pendingId = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('majlis:pending') ?? '[]') as Array<{ comment: { id: string } }>)[0]?.comment.id);

describe('count wording', () => {
  test('when the count changes, then every Arabic plural category reads correctly', () => {
    const say = (n: number) => plural('ar', n, ar.count);
    expect(say(0)).toBe('لا توجد تعليقات');
    expect(say(1)).toBe('تعليق واحد');
    expect(say(2)).toBe('تعليقان');
    expect(say(3)).toBe('٣ تعليقات');
    expect(say(10)).toBe('١٠ تعليقات');
    expect(say(11)).toBe('١١ تعليقاً');
    expect(say(99)).toBe('٩٩ تعليقاً');
    expect(say(100)).toBe('١٠٠ تعليق');
    expect(say(103)).toBe('١٠٣ تعليقات');
  });
});

describe('<majlis-comments> in Chromium', () => {
  test('when a reader fills the form in Arabic and sends it, then their comment shows awaiting moderation and survives a reload', async () => {
    const key = threadKey();
    const { page } = await open(widget(key));
    await ready(page);
    expect(await page.locator(`${W} h2`).textContent()).toBe('لا توجد تعليقات');
    expect(await page.locator(`${W} h3`).textContent()).toContain('اترك تعليقاً');

    await fillForm(page, { content: 'مقال رائع،\nشكراً للكاتب!', name: 'سارة', email: 'sara@example.com' });
    await page.click(`${W} button[type=submit]`);
    const pending = page.locator(`${W} article.pending`);
    await pending.waitFor();
    expect(await pending.locator('.awaiting').textContent()).toBe('تعليقك في انتظار المراجعة.');
    expect(await pending.locator('[part=content]').innerText()).toBe('مقال رائع،\nشكراً للكاتب!');
    expect(await pending.locator('bdi').first().textContent()).toBe('سارة');
    expect(await page.inputValue(`${W} #content`)).toBe('');
    expect(await page.inputValue(`${W} #name`)).toBe('سارة');

    const id = await pendingId(page);
    expect((await app.store.getComment(id!))?.status).toBe('pending');

    await page.reload();
    await ready(page);
    await page.locator(`${W} article.pending`).waitFor();
    expect(await page.locator(`${W} article.pending [part=content]`).innerText()).toContain('شكراً للكاتب');
  });

  test('when required fields are empty, then Arabic errors show under each field and focus moves to the first', async () => {
    const { page } = await open(widget(threadKey()));
    await ready(page);
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().includes('/api/comments') && posts.push(r.url()));
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} #e-content`).waitFor();
    expect(await page.locator(`${W} #e-content`).textContent()).toBe('الرجاء كتابة نصّ تعليقك.');
    expect(await page.locator(`${W} #e-name`).textContent()).toBe('الرجاء كتابة اسمك.');
    expect(await page.locator(`${W} #e-email`).textContent()).toBe('الرجاء كتابة بريدك الإلكتروني.');
    expect(await page.getAttribute(`${W} #content`, 'aria-invalid')).toBe('true');
    expect(await page.getAttribute(`${W} #email`, 'aria-describedby')).toContain('e-email');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.id)).toBe('content');

    await fillForm(page, { content: 'نص', name: 'أحمد', email: 'not-an-email', url: 'example.com' });
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} #e-url`).waitFor();
    expect(await page.locator(`${W} #e-email`).textContent()).toContain('يرجى إدخال عنوان بريد إلكتروني صالح');
    expect(await page.locator(`${W} #e-url`).textContent()).toContain('http://');

    // type=url alone accepts javascript: — the widget refuses it before sending, like the server.
    await fillForm(page, { content: 'نص', name: 'أحمد', email: 'ahmad@example.com', url: 'javascript:alert(1)' });
    await page.click(`${W} button[type=submit]`);
    await expect.poll(() => page.locator(`${W} #e-url`).count()).toBe(1);
    expect(await page.getAttribute(`${W} #url`, 'aria-invalid')).toBe('true');
    expect(posts).toEqual([]);
  });

  test('when the server refuses fields the browser accepted, then its messages show inline and the text is kept', async () => {
    const { page } = await open(widget(threadKey()));
    await ready(page);
    // Spaces pass `required`; "a@b" passes type=email; the server refuses both.
    await fillForm(page, { content: 'تعليقي المهم', name: '   ', email: 'a@b' });
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} #e-name`).waitFor();
    expect(await page.locator(`${W} #e-name`).textContent()).toBe('الرجاء إدخال اسمك.');
    expect(await page.locator(`${W} #e-email`).textContent()).toBe('يرجى إدخال عنوان بريد إلكتروني صالح.');
    expect(await page.getAttribute(`${W} #name`, 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.id)).toBe('name');
    expect(await page.inputValue(`${W} #content`)).toBe('تعليقي المهم');
  });

  test('when an Arabic widget sits in a page not marked RTL, then the page does not grow sideways', async () => {
    const { page } = await open(widget(threadKey()));
    await ready(page);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
  });

  test('when a moderator approves through the API, then the pending comment turns into a normal one live', async () => {
    const key = threadKey();
    const { page, joined } = await open(widget(key));
    await ready(page);
    await joined;
    await fillForm(page, { content: 'أنتظر الموافقة', name: 'خالد', email: 'khaled@example.com' });
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} article.pending`).waitFor();
    const id = (await pendingId(page))!;

    const res = await moderate(app, cookie, id, 'approve');
    expect(res.status).toBe(200);
    await page.locator(`${W} article.pending`).waitFor({ state: 'detached' });
    const article = page.locator(`${W} article[data-id="${id}"]`);
    expect(await article.locator('.awaiting').count()).toBe(0);
    expect(await article.locator('[part=content]').textContent()).toBe('أنتظر الموافقة');
    expect(await page.locator(`${W} h2`).textContent()).toBe('تعليق واحد');
    await expect.poll(() => page.locator(`${W} [aria-live=polite]`).textContent()).toContain('وافق المشرف');
    // Remembered as approved: if a moderator sends it back for review, its author sees it pending again.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('majlis:pending') ?? '[]')[0]?.status)).toBe('approved');
  });

  test('when another reader’s comment is approved or removed, then it appears and disappears without a reload', async () => {
    const key = threadKey();
    const first = await seed(key, { content: 'الأول' });
    const reply = await seed(key, { content: 'رد على الأول', parentId: first });
    const { page, joined } = await open(widget(key));
    await ready(page);
    await joined;
    const other = await fetch(`${app.url}/api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ site: app.site, page: key, name: 'منى', email: 'mona@example.com', content: 'تعليق من قارئة أخرى' }),
    }).then((r) => r.json() as Promise<{ comment: { id: string } }>);
    await moderate(app, cookie, other.comment.id, 'approve');
    await page.locator(`${W} article[data-id="${other.comment.id}"]`).waitFor();
    expect(await page.locator(`${W} h2`).textContent()).toBe('٣ تعليقات');
    await expect.poll(() => page.locator(`${W} [aria-live=polite]`).textContent()).toContain('منى');

    // Removing a comment takes its replies with it, as a reload would show.
    await moderate(app, cookie, first, 'trash');
    await page.locator(`${W} article[data-id="${first}"]`).waitFor({ state: 'detached' });
    expect(await page.locator(`${W} article[data-id="${reply}"]`).count()).toBe(0);
    expect(await page.locator(`${W} h2`).textContent()).toBe('تعليق واحد');
  });

  test('when a reader replies, then the form moves under the comment and the reply shows in its thread', async () => {
    const key = threadKey();
    const parent = await seed(key, { name: 'Omar عمر', content: 'ما رأيكم؟' });
    const { page } = await open(widget(key));
    await ready(page);
    await page.fill(`${W} #content`, 'نص بدأته قبل الرد');
    await page.click(`${W} article[data-id="${parent}"] [part=reply]`);
    const heading = page.locator(`${W} li:has(article[data-id="${parent}"]) h3`);
    await heading.waitFor();
    expect(await heading.innerText()).toContain('اترك رداً على');
    expect(await heading.locator('bdi').textContent()).toBe('Omar عمر');
    expect(await heading.locator('button').textContent()).toBe('إلغاء الرد');
    expect(await page.inputValue(`${W} #content`)).toBe('نص بدأته قبل الرد');

    await fillForm(page, { content: 'أتفق معك', name: 'هدى', email: 'huda@example.com' });
    await page.click(`${W} button[type=submit]`);
    const reply = page.locator(`${W} li:has(> article[data-id="${parent}"]) > ol.children article.pending`);
    await reply.waitFor();
    expect(await reply.locator('[part=content]').textContent()).toBe('أتفق معك');
    const stored = await app.store.getComment((await pendingId(page))!);
    expect(stored?.parentId).toBe(parent);
    // The form is back at the bottom of the thread.
    expect(await page.locator(`${W} .root > majlis-comment-form h3`).textContent()).toContain('اترك تعليقاً');
  });

  test('when replies go deeper than the site allows, then they are flattened and the reply button is hidden at the limit', async () => {
    await app.store.setSiteSettings(app.site, { ...(await app.store.getSite(app.site))!.settings, threadDepth: 2 });
    try {
      const key = threadKey();
      const a = await seed(key, { content: 'مستوى ١' });
      const b = await seed(key, { content: 'مستوى ٢', parentId: a });
      const c = await seed(key, { content: 'مستوى ٣', parentId: b });
      const { page } = await open(widget(key));
      await ready(page);
      expect(await page.locator(`${W} article[data-id="${a}"] [part=reply]`).count()).toBe(1);
      expect(await page.locator(`${W} article[data-id="${b}"] [part=reply]`).count()).toBe(0);
      // c is shown beside b, under a.
      expect(await page.locator(`${W} li:has(> article[data-id="${a}"]) > ol > li > article`).count()).toBe(2);
      expect(await page.locator(`${W} article[data-id="${c}"] [part=reply]`).count()).toBe(0);
    } finally {
      await app.store.setSiteSettings(app.site, { ...(await app.store.getSite(app.site))!.settings, threadDepth: 5 });
    }
  });

  test('when name, url and text carry markup and script, then they render as inert text', async () => {
    const key = threadKey();
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await seed(key, { name: `<svg onload=alert(3)>`, url: 'javascript:alert(4)', content: `${hostile}\nانظر https://example.com/a?b=1"onmouseover="alert(5)` });
    const { page, dialogs } = await open(widget(key));
    await ready(page);
    // Also through the form, as a reader would type it.
    await fillForm(page, { content: hostile, name: '"><img src=x onerror=alert(6)>x', email: 'x@example.com' });
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} article.pending`).waitFor();

    const injected = await page.evaluate(() => {
      const root = document.querySelector('majlis-comments')!.shadowRoot!;
      return root.querySelectorAll('article script, article svg, article img:not(.avatar), article [onerror], article [onload], article [onmouseover]').length;
    });
    expect(injected).toBe(0);
    const contents = await page.locator(`${W} [part=content]`).allTextContents();
    expect(contents[0]).toContain('<img src=x onerror="alert(1)">');
    expect(await page.locator(`${W} [part=author]`).first().textContent()).toContain('<svg onload=alert(3)>');
    // A javascript: author address is not a link.
    expect(await page.locator(`${W} [part=author] a`).count()).toBe(0);
    const link = page.locator(`${W} [part=content] a`).first();
    expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/example\.com\//);
    await page.mouse.move(0, 0);
    await link.hover();
    expect(dialogs).toEqual([]);
  });

  test('when the page is Arabic, then the layout is right-to-left (checked on a screenshot)', async () => {
    const key = threadKey();
    await seed(key, { name: 'ريم', content: 'تعليق للتحقق من الاتجاه' });
    const { page } = await open(widget(key));
    await ready(page);
    mkdirSync('test-results', { recursive: true });
    await page.locator(W).screenshot({ path: 'test-results/widget-rtl.png' });
    const host = (await page.locator(`${W} .root`).boundingBox())!;
    const right = (b: { x: number; width: number }) => b.x + b.width;
    for (const sel of ['h2', 'h3', 'label[for=content]', 'label[for=name]']) {
      const b = await textBox(page, sel);
      expect(Math.abs(right(b) - right(host)), `${sel} sits at the right edge`).toBeLessThan(4);
      expect(b.x - host.x, `${sel} is not at the left edge`).toBeGreaterThan(40);
    }
    const avatar = (await page.locator(`${W} img.avatar`).boundingBox())!;
    const author = await textBox(page, '[part=author]');
    expect(avatar.x).toBeGreaterThan(author.x);
    expect(await page.locator(`${W} .root`).getAttribute('dir')).toBe('rtl');
  });

  test('when lang is English, then strings are English and the layout is left-to-right', async () => {
    const { page } = await open(widget(threadKey()), { lang: 'en' });
    await ready(page);
    expect(await page.locator(`${W} h2`).textContent()).toBe('No comments yet');
    expect(await page.locator(`${W} h3`).textContent()).toContain('Leave a comment');
    expect(await page.locator(`${W} .root`).getAttribute('dir')).toBe('ltr');
    const label = await textBox(page, 'label[for=content]');
    const host = (await page.locator(`${W} .root`).boundingBox())!;
    expect(Math.abs(label.x - host.x)).toBeLessThan(4);
  });

  test('when axe checks the widget with comments, a reply form and errors, then it finds no serious violations', async () => {
    const key = threadKey();
    const parent = await seed(key, { name: 'نور', content: 'رابط مفيد: https://example.com/guide' });
    await seed(key, { name: 'سامي', content: 'رد', parentId: parent });
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open(widget(key), { colorScheme });
      await ready(page);
      await page.click(`${W} article[data-id="${parent}"] [part=reply]`);
      await page.click(`${W} button[type=submit]`);
      await page.locator(`${W} #e-content`).waitFor();
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
        const r = await axe.run(document);
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, what: JSON.stringify(v.nodes.slice(0, 2)).slice(0, 1500) }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), colorScheme).toEqual([]);
    }
  });

  test('when the server is unreachable, then a clear message and a retry button show, and retry loads the thread', async () => {
    const key = threadKey();
    await seed(key, { content: 'موجود' });
    const context = await browser.newContext({ locale: 'ar' });
    await context.route((url) => url.pathname === '/api/comments', (route) => route.abort('connectionrefused'));
    const { page } = await open(widget(key), { context });
    const retry = page.locator(`${W} [part=retry]`);
    await retry.waitFor();
    expect(await page.locator(`${W} [role=alert]`).textContent()).toContain('تعذّر تحميل التعليقات');
    await context.unrouteAll();
    await retry.click();
    await ready(page);
    expect(await page.locator(`${W} h2`).textContent()).toBe('تعليق واحد');
  });

  test('when sending fails (offline, duplicate), then a sentence says so and the typed text is kept', async () => {
    const { page } = await open(widget(threadKey()));
    await ready(page);
    await fillForm(page, { content: 'لن يضيع هذا النص', name: 'رنا', email: 'rana@example.com' });
    const isApi = (url: URL) => url.pathname === '/api/comments';
    await page.route(isApi, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} .msg`).waitFor();
    expect(await page.locator(`${W} .msg`).textContent()).toContain('تعذّر الوصول إلى الخادم');
    expect(await page.inputValue(`${W} #content`)).toBe('لن يضيع هذا النص');

    await page.unroute(isApi);
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} article.pending`).waitFor();
    // The same text again is a duplicate.
    await page.fill(`${W} #content`, 'لن يضيع هذا النص');
    await page.click(`${W} button[type=submit]`);
    await expect.poll(() => page.locator(`${W} .msg`).textContent()).toContain('مكرر');
    expect(await page.inputValue(`${W} #content`)).toBe('لن يضيع هذا النص');
  });

  test('when several widgets share a page and one changes its page attribute, then each shows its own thread', async () => {
    const k1 = threadKey();
    const k2 = threadKey();
    await seed(k1, { content: 'في الأول' });
    await seed(k2, { content: 'في الثاني أ' });
    await seed(k2, { content: 'في الثاني ب' });
    const { page } = await open(`${widget(k1, 'id="w1"')}${widget(k1, 'id="w2" lang="en"')}`);
    await ready(page, 0);
    await ready(page, 1);
    expect(await page.locator('#w1 h2').textContent()).toBe('تعليق واحد');
    expect(await page.locator('#w2 h2').textContent()).toBe('1 comment');
    await page.evaluate((k) => document.querySelector('#w2')!.setAttribute('page', k), k2);
    await expect.poll(() => page.locator('#w2 h2').textContent()).toBe('2 comments');
    expect(await page.locator('#w1 h2').textContent()).toBe('تعليق واحد');
  });

  test('when the widget is added after load and removed, then it works, leaks no globals and closes its live connection', async () => {
    const key = threadKey();
    await seed(key, { content: 'متأخر' });
    const context = await browser.newContext({ locale: 'ar' });
    contexts.push(context);
    const page = await context.newPage();
    pageBodies.set('/blank', '<!doctype html><html lang="ar"><head><title>فارغة</title></head><body></body></html>');
    await page.goto(`${pagesUrl}/blank`);
    const before = await page.evaluate(() => Object.keys(window));
    const socketOpened = page.waitForEvent('websocket');
    const socketClosed = new Promise<void>((resolve) => page.on('websocket', (ws) => ws.on('close', () => resolve())));
    await page.evaluate(
      ([url, k]) => {
        const s = document.createElement('script');
        s.type = 'module';
        s.src = url;
        document.head.append(s);
        const el = document.createElement('majlis-comments');
        el.setAttribute('site', 'test');
        el.setAttribute('page', k);
        document.body.append(el);
      },
      [`${app.url}/widget.js`, key] as const,
    );
    await ready(page);
    await socketOpened;
    const after = await page.evaluate(() => Object.keys(window));
    expect(after.filter((k) => !before.includes(k))).toEqual([]);
    await page.evaluate(() => document.querySelector('majlis-comments')!.remove());
    await socketClosed;
  });

  test('when the reader ticks "remember me", then their details are filled next time; unticking forgets them', async () => {
    const { page } = await open(widget(threadKey()));
    await ready(page);
    await fillForm(page, { content: 'تذكرني', name: 'فاطمة', email: 'fatima@example.com', url: 'https://fatima.example' });
    await page.check(`${W} #remember`);
    await page.click(`${W} button[type=submit]`);
    await page.locator(`${W} article.pending`).waitFor();
    await page.reload();
    await ready(page);
    expect(await page.inputValue(`${W} #name`)).toBe('فاطمة');
    expect(await page.inputValue(`${W} #url`)).toBe('https://fatima.example');
    expect(await page.isChecked(`${W} #remember`)).toBe(true);
    await page.uncheck(`${W} #remember`);
    expect(await page.evaluate(() => localStorage.getItem('majlis:author'))).toBeNull();
  });
  /** Runs `body` with some site settings changed, then puts them back. */
  async function withSettings(over: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
    const before = (await app.store.getSite(app.site))!.settings;
    await app.store.setSiteSettings(app.site, { ...before, ...over });
    try {
      await body();
    } finally {
      await app.store.setSiteSettings(app.site, before);
    }
  }

  test('when a thread has more threads than a page holds, then "load more" brings the rest', async () => {
    await withSettings({ threadsPerPage: 2 }, async () => {
      const key = threadKey();
      for (const n of ['أ', 'ب', 'ج']) await seed(key, { content: `خيط ${n}` });
      const { page } = await open(widget(key));
      await ready(page);
      expect(await page.locator(`${W} h2`).textContent()).toBe('٣ تعليقات');
      expect(await page.locator(`${W} article`).count()).toBe(2);
      await page.click(`${W} [part=load-more]`);
      await expect.poll(() => page.locator(`${W} article`).count()).toBe(3);
      expect(await page.locator(`${W} [part=load-more]`).count()).toBe(0);
      expect(await page.locator(`${W} [part=content]`).allTextContents()).toEqual(['خيط أ', 'خيط ب', 'خيط ج']);
    });
  });

  test('when the thread is closed, then the form is replaced by a notice', async () => {
    const key = threadKey();
    await seed(key, { content: 'قبل الإغلاق' });
    await app.store.setPageClosed(app.site, key, true, Date.now());
    const { page } = await open(widget(key));
    await ready(page);
    expect(await page.locator(`${W} majlis-comment-form`).count()).toBe(0);
    expect(await page.locator(`${W} [part=notice]`).textContent()).toBe('التعليقات مغلقة على هذه الصفحة.');
    expect(await page.locator(`${W} [part=reply]`).count()).toBe(0);
  });

  test('when the site requires a form token, then a comment sent through the widget carries one and is held, not marked spam', async () => {
    await withSettings({ requireFormToken: true }, async () => {
      const { page } = await open(widget(threadKey()));
      await ready(page);
      await fillForm(page, { content: 'بتوكن صالح', name: 'يوسف', email: 'yousef@example.com' });
      await page.click(`${W} button[type=submit]`);
      await page.locator(`${W} article.pending`).waitFor();
      expect((await app.store.getComment((await pendingId(page))!))?.status).toBe('pending');
    });
  });

  test('when a reply arrives live above where the reader is looking, then what they look at does not move', async () => {
    const key = threadKey();
    const first = await seed(key, { content: 'أول خيط' });
    for (let i = 0; i < 8; i++) await seed(key, { content: `سطر\n`.repeat(6) + i });
    const { page, joined } = await open(widget(key));
    await ready(page);
    await joined;
    const last = page.locator(`${W} article`).last();
    await last.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const before = (await last.boundingBox())!.y;
    const reply = await fetch(`${app.url}/api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ site: app.site, page: key, parentId: first, name: 'زائر', email: 'visitor@example.com', content: 'رد طويل\n'.repeat(5) }),
    }).then((r) => r.json() as Promise<{ comment: { id: string } }>);
    await moderate(app, cookie, reply.comment.id, 'approve');
    await page.locator(`${W} article[data-id="${reply.comment.id}"]`).waitFor();
    expect(Math.abs((await last.boundingBox())!.y - before)).toBeLessThan(2);
  });

  test('when theme="dark" is set, then the widget uses the dark colours whatever the reader prefers, on the page’s own background', async () => {
    const { page } = await open(widget(threadKey(), 'theme="dark"'));
    await ready(page);
    const bg = await page.locator(`${W} .root`).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator(`${W} .root`).evaluate((el) => getComputedStyle(el).color)).toBe('rgb(231, 233, 236)');
    const light = await open(widget(threadKey(), 'theme="light"'), { colorScheme: 'dark' });
    await ready(light.page);
    expect(await light.page.locator(`${W} .root`).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
  });
});

