import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type StartOptions, type TestApp } from './app.js';
import { launchBrowser } from './browser.js';

export const W = 'majlis-comments';

/**
 * Host pages on their own origin (as a news site embedding the widget), each
 * loading the app's real built /widget.js.
 */
export class WidgetHost {
  private server: Server | null = null;
  private url = '';
  private readonly bodies = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly app: TestApp,
    private readonly browser: Browser,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const body = this.bodies.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? '');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  newContext(opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    return this.browser.newContext({ locale: 'ar', viewport: { width: 1000, height: 900 }, reducedMotion: 'reduce', ...opts });
  }

  /** Opens a page holding a widget for `thread`; resolves once the thread is shown and the live connection has joined. */
  /** Serves any page on the host origin (a listing page with count elements); returns its URL. */
  serve(html: string): string {
    const path = `/host/${++this.seq}`;
    this.bodies.set(path, html);
    return this.url + path;
  }

  async open(context: BrowserContext, thread: string, opts: { lang?: string; attrs?: string; hash?: string; before?: (p: Page) => Promise<unknown> } = {}): Promise<Page> {
    const page = await context.newPage();
    await opts.before?.(page);
    // The server acknowledges the join ("43<id>[{"ok":true}]"), over polling or WebSocket.
    const ack = /(^|\x1e)43\d*\[\{"ok":true/;
    const joined = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (f) => ack.test(String(f.payload)) && resolve()));
      page.on('response', (r) => {
        if (r.url().includes('/socket.io/')) void r.text().then((t) => ack.test(t) && resolve(), () => undefined);
      });
    });
    const path = `/host/${++this.seq}`;
    this.bodies.set(
      path,
      `<!doctype html><html lang="${opts.lang ?? 'ar'}"><head><meta charset="utf-8"><title>مقال</title>
        <script type="module" src="${this.app.url}/widget.js"></script></head>
        <body><main><${W} site="${this.app.site}" page="${thread}" ${opts.attrs ?? ''}></${W}></main></body></html>`,
    );
    await page.goto(this.url + path + (opts.hash ?? ''));
    await page.locator(`${W} h2`).waitFor();
    await joined;
    return page;
  }
}

/** What a reader sees of the thread: heading, comments in order with their nesting, notices. Times and animations left out. */
export interface ThreadSnapshot {
  heading: string;
  comments: string[];
  closed: boolean;
  form: boolean;
  loadMore: boolean;
}

export function snapshot(page: Page): Promise<ThreadSnapshot> {
  return page.evaluate((tag) => {
    const root = document.querySelector(tag)!.shadowRoot!;
    const comments = [...root.querySelectorAll<HTMLElement>('article[data-id]')].map((a) => {
      let depth = 0;
      for (let el = a.parentElement; el && el !== root.host; el = el.parentElement) if (el.matches('ol.children')) depth++;
      const text = [...a.querySelectorAll('[part=content] > div')].map((d) => d.textContent).join('\n');
      return `${'  '.repeat(depth)}${a.dataset.id}${a.classList.contains('pending') ? ' (pending)' : ''} ${text}`;
    });
    return {
      heading: root.querySelector('h2')?.textContent ?? '',
      comments,
      closed: !!root.querySelector('.notice.closed'),
      form: !!root.querySelector('.root > majlis-comment-form'),
      loadMore: !!root.querySelector('[part=load-more]'),
    };
  }, W);
}

/**
 * Clicks the widget's element matching `selector` (inside its shadow root) if it shows at
 * this moment, found and clicked in one turn of the page, so a live event or a re-sync
 * cannot take it away between looking and clicking (Playwright's click would then wait for
 * an element that never comes back). Returns whether it clicked.
 */
export function clickIfShown(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    ([tag, sel]) => {
      const el = document.querySelector(tag)!.shadowRoot!.querySelector<HTMLElement>(sel);
      el?.click();
      return !!el;
    },
    [W, selector] as const,
  );
}

/**
 * Presses a paging button (default «تحميل المزيد»; `button.prev` for «تعليقات أقدم») until it
 * goes, as a reader would: never while it is busy (aria-disabled while a page loads, perhaps
 * from an earlier press), and each press waits for its page. Clicking a busy button makes
 * Playwright wait for it to be enabled; when that page is the last, the button goes instead
 * and the click times out.
 */
export async function loadAll(page: Page, button = '[part=load-more]'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await page.waitForFunction(
      ([tag, sel]) => document.querySelector(tag)!.shadowRoot!.querySelector(sel)?.getAttribute('aria-disabled') !== 'true',
      [W, button] as const,
    );
    const before = await page.locator(`${W} article`).count();
    if (!(await clickIfShown(page, button))) return;
    // A page always brings at least one thread, or it was the last and the button goes.
    await page.waitForFunction(
      ([tag, sel, n]) => {
        const r = document.querySelector(tag as string)!.shadowRoot!;
        const b = r.querySelector(sel as string);
        return !b || (r.querySelectorAll('article').length !== n && b.getAttribute('aria-disabled') !== 'true');
      },
      [W, button, before] as const,
    );
  }
}

/** When the last seed was made (ms), so the next one is made in a later millisecond. */
let lastSeedAt = 0;

/** An approved (or any status) comment put straight into the store, `agoMs` in the past. */
export async function seed(
  app: TestApp,
  page: string,
  over: { name?: string; content?: string; parentId?: string | null; status?: 'approved' | 'pending'; agoMs?: number } = {},
): Promise<string> {
  // Seeds with the same `agoMs` must keep the order they were made in: the thread sorts by
  // (createdAt, id) and ids made in one millisecond end in random characters.
  // One reading of the clock for both: read twice, the millisecond could tick between them, and
  // the next seed would then share this one's createdAt (and sort by its random id suffix).
  while (Date.now() <= lastSeedAt) await new Promise((r) => setTimeout(r, 1));
  const now = Date.now();
  lastSeedAt = now;
  const c = await app.store.createComment({
    site: app.site,
    page,
    parentId: over.parentId ?? null,
    authorName: over.name ?? 'ليلى',
    authorEmail: `seed-${Math.random().toString(36).slice(2)}@example.com`,
    authorUrl: null,
    avatarKey: '0123456789abcdef0123456789abcdef',
    content: over.content ?? `تعليق ${Math.random().toString(36).slice(2, 8)}`,
    status: over.status ?? 'approved',
    ip: '10.0.0.1',
    userAgent: 'seed',
    reasons: [],
    pageTitle: null,
    pageUrl: null,
    createdAt: now - (over.agoMs ?? 60_000),
  });
  return c.id;
}

/** A small seeded random generator (mulberry32), so a failing sequence can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What useWidgetHost starts: the app, Chromium, and the origin the widget's pages come from. */
export interface WidgetEnv {
  app: TestApp;
  browser: Browser;
  host: WidgetHost;
}

/**
 * The setup the widget's browser tests share: before the file's tests, an app (startApp with
 * `opts`), Chromium and a host origin, handed to `ready` (which may do more, e.g. log in);
 * after them, each stopped, whichever started.
 */
export function useWidgetHost(ready: (env: WidgetEnv) => void | Promise<void>, opts?: StartOptions): void {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let host: WidgetHost | undefined;
  beforeAll(async () => {
    app = await startApp(opts);
    browser = await launchBrowser();
    host = new WidgetHost(app, browser);
    await host.start();
    await ready({ app, browser, host });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await app?.close();
  });
}
