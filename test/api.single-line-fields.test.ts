import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMajlisJson } from '../bench/import.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';
import { allComments, importText, tempStore } from './helpers/import.js';

/**
 * Names, page titles and addresses are single-line text (validation/text-fields.ts): no C0 or
 * C1 control, no line break, no tag, no bidi control, whichever way they arrive (a post, a
 * moderator's edit, an import). Bodies keep their line breaks.
 */
let app: TestApp;
let cookie: string;
const work = mkdtempSync(path.join(tmpdir(), 'majlis-single-line-'));

beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://blog.example' } });
  cookie = await login(app);
});
afterAll(async () => {
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

const CONTROLS = /\p{Cc}/u;

describe('single-line fields', () => {
  it('when a name, page title and addresses carry control characters, then none is stored or served, and the body keeps its line breaks', async () => {
    const res = await postComment(app, {
      page: '/single-line/1',
      name: 'سا\x07رة\x1b[31m\u0085 \t\nمن\u009b عمّان\u202E\u200D',
      url: 'https://sara.example/\x07home',
      pageUrl: 'https://blog.example/single-line/1\x1b',
      pageTitle: 'عنوان\x07 المقال\nالثاني\x9b',
      content: 'سطر أول\nسطر ثان\tبعد جدولة',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = res.body.comment;
    expect(c.author.name).toBe('سارة[31m من عمّان\u200D');
    expect(c.author.url).toBe('https://sara.example/home');
    expect(c.content).toBe('سطر أول\nسطر ثان\tبعد جدولة');
    const m = (await app.store.getComment(c.id))!;
    expect(m.pageTitle).toBe('عنوان المقال الثاني');
    expect(m.pageUrl).toBe('https://blog.example/single-line/1');
    // an approved comment names its page (Store.namePage): with its cleaned claim
    expect((await request(app, 'POST', `/api/moderation/comments/${c.id}/actions`, { body: { action: 'approve' }, cookie, headers: { origin: app.url } })).status).toBe(200);
    expect((await app.store.getPage('test', '/single-line/1'))).toMatchObject({ title: 'عنوان المقال الثاني', url: 'https://blog.example/single-line/1' });
    for (const v of [m.authorName, m.authorUrl, m.pageTitle, m.pageUrl]) expect(v).not.toMatch(CONTROLS);
  });

  it('when a name is only controls and tags, then it is refused as missing', async () => {
    const res = await postComment(app, { name: '\x07<b>\x1b</b>' });
    expect(res.status).toBe(422);
    expect(res.body.fields.name).toBeTruthy();
  });

  it('when a moderator edits a name to one with nested tags and controls, then it is cleaned as a posted one is', async () => {
    const posted = await postComment(app, { page: '/single-line/2' });
    const c = posted.body.comment;
    const res = await request(app, 'PATCH', `/api/moderation/comments/${c.id}`, {
      body: { name: 'x<<b>img src=x onerror=alert(1)>\x07y', version: 1 },
      cookie,
      headers: { origin: app.url },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.comment?.author?.name ?? res.body.author?.name).toBe('xy');
  });

  it('when a moderator is named with controls and nested tags, then the name is cleaned as a commenter’s is', async () => {
    const res = await request(app, 'POST', '/api/moderation/moderators', {
      cookie,
      headers: { origin: app.url },
      body: { email: 'named@example.com', password: 'correct-horse-battery', name: 'مشرف\x07 <<b>img src=x>\nالموقع', role: 'moderator', sites: ['test'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.moderator?.name ?? res.body.name).toBe('مشرف الموقع');
  });

  it('when a moderator names a page with controls and line breaks, then the stored title and address have none; a title of controls alone is 400', async () => {
    const name = (body: Record<string, unknown>) =>
      request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page: '/single-line/named', ...body }, cookie, headers: { origin: app.url } });
    const set = await name({ title: 'عنوان\x07 المحرر\n\x9bالجديد', url: 'https://blog.example/named\x07' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.page).toMatchObject({ title: 'عنوان المحرر الجديد', url: 'https://blog.example/named' });
    expect((await name({ title: '\x07\x1b' })).status).toBe(400);
  });

  it('when a JSON export carries hostile names, titles and addresses, then the import stores them cleaned', async () => {
    await generateMajlisJson(path.join(work, 'one.json'), 100);
    const doc = JSON.parse(readFileSync(path.join(work, 'one.json'), 'utf8'));
    const first = doc.comments[0];
    first.author.name = 'x<<b>img src=x onerror=alert(1)>\x07y\u202E';
    first.author.url = 'https://x.example/\x07a';
    first.pageTitle = 'ع\x07نوان\nجديد';
    if (doc.pages?.[0]) doc.pages[0].title = 'صفحة\x1b\x07 أولى';
    const { store, dispose } = await tempStore('blog');
    try {
      const { ok, summary } = await importText(store, 'json', JSON.stringify(doc));
      expect(ok, JSON.stringify(summary.errors)).toBe(true);
      const got = (await allComments(store)).find((c) => c.source?.id === first.source.id)!;
      expect(got.authorName).toBe('xy');
      expect(got.authorUrl).toBe('https://x.example/a');
      expect(got.pageTitle).toBe('عنوان جديد');
      if (doc.pages?.[0]) expect((await store.getPage('blog', doc.pages[0].page))?.title).toBe('صفحة أولى');
    } finally {
      await dispose();
    }
  });
});
