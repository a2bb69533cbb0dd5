import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExport } from '../server/export/run-export.js';
import type { Store } from '../server/store/port.js';
import { startApp, type TestApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { importText, tempStore } from './helpers/import.js';

/**
 * The first-time user's fault: comments posted through the widget with `page="/2026/11/تجربة"`
 * on http://127.0.0.1:4001/ar.html (stored URL /ar.html, key /2026/11/تجربة) moved to /ar.html
 * when the WXR export was read back, and lost their edit mark, prevStatus, reasons, user agent
 * and milliseconds. Both exports must read back into a fresh store as the same comments.
 */
const HOST = 'http://127.0.0.1:4001';
let app: TestApp;
let admin: string;
// Milliseconds in every time, as a live server has them.
let now = Date.UTC(2026, 10, 20, 8, 0, 0, 250);
const stores: Array<{ dispose(): Promise<void> }> = [];

async function post(over: Record<string, unknown>) {
  now += 1_234;
  const res = await postComment(app, over);
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}

async function download(format: 'json' | 'wxr'): Promise<string> {
  const res = await request(app, 'GET', `/api/moderation/sites/test/export?format=${format}`, { cookie: admin });
  expect(res.status).toBe(200);
  return res.text;
}

async function exportJson(store: Store): Promise<{ pages: unknown[]; comments: Array<Record<string, unknown>> }> {
  const parts: string[] = [];
  for await (const p of writeExport(store, (await store.getSite('test'))!, 'json')) parts.push(p);
  return JSON.parse(parts.join(''));
}

/** A fresh store (no site: the import creates it, as `majlis import` into an empty DATA_DIR does) holding `text`. */
async function readBack(format: 'json' | 'wordpress', text: string) {
  const fresh = await tempStore('');
  stores.push(fresh);
  const { ok, summary } = await importText(fresh.store, format, text, { site: 'test', chunk: 401 });
  expect(ok).toBe(true);
  expect(summary).toMatchObject({ orphans: 0, repaired: [], errors: [] });
  return fresh.store;
}

beforeAll(async () => {
  app = await startApp({ clock: () => now, env: { SITE_ORIGINS: HOST } });
  admin = await login(app);
  const page = { page: '/2026/11/تجربة', pageUrl: `${HOST}/ar.html`, pageTitle: 'تجربة' };
  // approved, then edited by a moderator: the «(معدّل)» mark
  const first = await post({ ...page, name: 'ليلى', content: 'أول تعليق على التجربة' });
  await moderate(app, admin, first, 'approve');
  now += 2_001;
  const version = (await app.store.getComment(first))!.version;
  expect((await request(app, 'PATCH', `/api/moderation/comments/${first}`, { cookie: admin, headers: { origin: app.url }, body: { content: 'أول تعليق، مصحَّح', version } })).status).toBe(200);
  // a reply, held with the pipeline's reasons
  await post({ ...page, name: 'ليلى', content: 'ردّ على نفسي', parentId: first });
  // held with a reason, then marked spam: prevStatus pending, reasons kept
  const spam = await post({ ...page, name: 'زائر', content: 'اشترِ الآن من متجرنا' });
  now += 777;
  await moderate(app, admin, spam, 'spam');
  // a page with no stored URL and no title
  await post({ page: '/بلا-عنوان', name: 'سامي', content: 'صفحة لا عنوان لها' });
  // a closed page with no comments
  await app.store.setPageClosed('test', '/مغلقة', true, now);
}, 60_000);
afterAll(async () => {
  while (stores.length) await stores.pop()!.dispose();
  await app.close();
});

describe('export read back into a fresh store', () => {
  it('when the store holds comments whose page key is not their URL path, an edit, and spam with reasons, then the source is what the test says', async () => {
    const { pages, comments } = JSON.parse(await download('json'));
    expect(pages).toContainEqual(expect.objectContaining({ page: '/2026/11/تجربة', url: `${HOST}/ar.html`, title: 'تجربة' }));
    expect(pages).toContainEqual(expect.objectContaining({ page: '/بلا-عنوان', url: null, title: null }));
    expect(pages).toContainEqual(expect.objectContaining({ page: '/مغلقة', closed: true }));
    expect(comments.filter((c: { page: string }) => c.page === '/2026/11/تجربة')).toHaveLength(3);
    expect(comments.find((c: { content: string }) => c.content.includes('مصحَّح')).editedAt).toMatch(/\.\d{3}Z$/);
    expect(comments.find((c: { status: string }) => c.status === 'spam')).toMatchObject({ prevStatus: 'pending', reasons: [expect.objectContaining({ code: expect.any(String) })] });
    expect(comments.every((c: { userAgent: string }) => c.userAgent !== '')).toBe(true);
    expect(comments.every((c: { createdAt: string }) => !c.createdAt.endsWith('.000Z'))).toBe(true);
  });

  it('when the JSON export is imported, then the new store exports the same pages and comments', async () => {
    const source = JSON.parse(await download('json'));
    const copy = await exportJson(await readBack('json', await download('json')));
    expect(copy.pages).toEqual(source.pages);
    expect(copy.comments).toEqual(source.comments);
  });

  it('when the WXR export is imported, then every comment keeps its page key, times, edit mark, status, prevStatus, reasons and user agent', async () => {
    const source = JSON.parse(await download('json'));
    const copy = await exportJson(await readBack('wordpress', await download('wxr')));
    expect(copy.pages).toEqual(source.pages);
    expect(copy.comments).toEqual(source.comments);
  });

  it('when the user moves the site with the CLI (import wordpress into an empty DATA_DIR, then export json), then the comments stay on their pages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'majlis-wxr-move-'));
    try {
      const file = path.join(dir, 'site.wxr');
      writeFileSync(file, await download('wxr'));
      const env = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', REDIS_URL: '', MONGODB_URI: '' };
      const imported = await runCli(env, 'import', 'wordpress', file, '--site', 'test', '--json');
      expect(imported.status).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 4, errors: [] });
      const exported = await runCli(env, 'export', '--site', 'test', '--format', 'json');
      expect(exported.status).toBe(0);
      const source = JSON.parse(await download('json'));
      const copy = JSON.parse(exported.stdout);
      expect(copy.pages).toEqual(source.pages);
      expect(copy.comments).toEqual(source.comments);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('when a date was changed in WordPress after the move, then the WXR date wins over the stale majlis_created_at', async () => {
    const wxr = await download('wxr');
    const first = /<wp:comment_date_gmt><!\[CDATA\[([^\]]+)\]\]>/.exec(wxr)![1]!;
    const changed = wxr.replace(`<wp:comment_date_gmt><![CDATA[${first}]]>`, '<wp:comment_date_gmt><![CDATA[2025-01-02 03:04:05]]>');
    const copy = await exportJson(await readBack('wordpress', changed));
    expect(copy.comments.map((c) => c.createdAt)).toContain('2025-01-02T03:04:05.000Z');
  });

  it('when the WXR export is written, then WordPress can still read it: the link is the page URL, the dates are WordPress dates', async () => {
    const wxr = await download('wxr');
    expect(wxr).toContain(`<link>${HOST}/ar.html</link>`);
    expect(wxr).toMatch(/<wp:comment_date_gmt><!\[CDATA\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]\]><\/wp:comment_date_gmt>/);
    expect(wxr).not.toContain('comment_agent');
  });
});
