import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalPageKey } from '../server/validation/page-key.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

// Issue 8 point 15: the percent-encoded and the decoded spelling of a path are one thread everywhere.
let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  app = await startApp({ siteSettings: { previouslyApproved: false } });
  cookie = await login(app);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await app.close();
});

const decoded = '/2026/مقال-x';
const encoded = encodeURI(decoded);
const q = encodeURIComponent;

describe('one key per page', () => {
  it('when a comment is posted to the encoded spelling, then counts and threads under either spelling find it', async () => {
    const posted = await postComment(app, { page: encoded });
    expect(posted.status).toBe(201);
    expect(posted.body.comment.page).toBe(decoded);
    const counts = await request(app, 'GET', `/api/counts?site=test&page=${q(decoded)}&page=${q(encoded)}`);
    expect(counts.body.counts).toEqual({ [decoded]: 1, [encoded]: 1 });
    const a = await request(app, 'GET', `/api/comments?site=test&page=${q(decoded)}`);
    const b = await request(app, 'GET', `/api/comments?site=test&page=${q(encoded)}`);
    expect(a.body.total).toBe(1);
    expect(b.body.comments).toEqual(a.body.comments);
  });

  it('when lower-case escapes, decomposed letters or stray white space spell the page, then it is the same thread', async () => {
    const page = '/2026/café-ü';
    await postComment(app, { page: encodeURI(page).toLowerCase() });
    const spellings = [page, page.normalize('NFD'), ` ${encodeURI(page)} `];
    for (const s of spellings) expect((await request(app, 'GET', `/api/comments?site=test&page=${q(s)}`)).body.total).toBe(1);
  });

  it('when a page key holds broken escapes, then it is stored as sent (never a 500) and reads back under the same spelling', async () => {
    for (const page of ['/bad%E2%28%A1', '/100%', '/x%ZZ', '/%C0%80', '/%00nul']) {
      const posted = await postComment(app, { page });
      expect(posted.status, page).toBe(201);
      expect((await request(app, 'GET', `/api/comments?site=test&page=${q(page)}`)).body.total, page).toBe(1);
      expect((await request(app, 'GET', `/api/counts?site=test&page=${q(page)}`)).status).toBe(200);
    }
  });

  it('when a reader joins the encoded spelling, then a comment approved on the decoded spelling reaches it live; closing either spelling closes both', async () => {
    const reader = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(reader);
    await new Promise<void>((resolve, reject) => {
      reader.once('connect', () => resolve());
      reader.once('connect_error', reject);
    });
    const page = '/2026/بث-مباشر';
    expect(await reader.emitWithAck('join', { site: 'test', page: encodeURI(page) })).toEqual({ ok: true });
    const live = new Promise<{ id: string }>((resolve) => reader.once('comment:approved', resolve));
    const held = await postComment(app, { page, content: 'رابط أو أكثر http://a.example http://b.example' });
    await moderate(app, cookie, held.body.comment.id, 'approve');
    expect((await live).id).toBe(held.body.comment.id);

    const closed = await request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page: encodeURI(page), closed: true }, cookie, headers: { origin: app.url } });
    expect(closed.body.page.page).toBe(page);
    expect((await request(app, 'GET', `/api/comments?site=test&page=${q(page)}`)).body.thread.closed).toBe(true);
  });

  it('when a key is only white space once its escapes are decoded (%20, %09%20), then every entry refuses it as it refuses an empty key, in the request language', async () => {
    const reader = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(reader);
    await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
    for (const page of ['', ' ', '%20', ' %20%20 ', '%E3%80%80']) {
      const posted = await postComment(app, { page });
      expect(posted.status, `POST ${page}`).toBe(400);
      expect(posted.body.error).toBe('bad_request');
      for (const lang of ['ar', 'en']) {
        // (the feed takes an empty `page` for "the whole site", as if it were not given)
        const feed = page === '' ? [] : [`/feed/comments.atom?site=test&page=${q(page)}`];
        for (const path of [`/api/comments?site=test&page=${q(page)}`, `/api/form-token?site=test&page=${q(page)}`, ...feed]) {
          const res = await request(app, 'GET', path, { lang });
          expect(res.status, `GET ${path}`).toBe(400);
          expect(res.body.message).toMatch(lang === 'ar' ? /\p{Script=Arabic}/u : /page/);
        }
      }
      const closed = await request(app, 'POST', '/api/moderation/pages', { body: { site: 'test', page, closed: true }, cookie, headers: { origin: app.url } });
      expect(closed.status, `close ${page}`).toBe(400);
      expect(await reader.emitWithAck('join', { site: 'test', page }), `join ${page}`).toEqual({ ok: false, error: 'bad_request' });
    }
  });
});

describe('raw control characters in a key', () => {
  it('when a comment is posted to a key with a raw control character, then its escaped spelling reads the same thread and counts agree', async () => {
    const posted = await postComment(app, { page: '\u0001/ctl' });
    expect(posted.status).toBe(201);
    expect(posted.body.comment.page).toBe('%01/ctl');
    // the first is "\u0001/ctl" once the query string is decoded, the second "%01/ctl"
    const raw = await request(app, 'GET', `/api/comments?site=test&page=${q('\u0001/ctl')}`);
    const escaped = await request(app, 'GET', `/api/comments?site=test&page=${q('%01/ctl')}`);
    expect(escaped.body.total).toBe(1);
    expect(raw.body.comments).toEqual(escaped.body.comments);
    const counts = await request(app, 'GET', `/api/counts?site=test&page=${q('\u0001/ctl')}&page=${q('%01/ctl')}&page=${q('/ctl')}`);
    expect(counts.body.counts).toEqual({ '\u0001/ctl': 1, '%01/ctl': 1, '/ctl': 0 });
  });

  it('when a reader joins the raw spelling, then a comment posted to the escaped one reaches it live', async () => {
    const reader = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(reader);
    await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
    expect(await reader.emitWithAck('join', { site: 'test', page: '\u0001/live' })).toEqual({ ok: true });
    const live = new Promise<{ id: string; page: string }>((resolve) => reader.once('comment:approved', resolve));
    const posted = await postComment(app, { page: '%01/live' });
    expect(await live).toMatchObject({ id: posted.body.comment.id, page: '%01/live' });
  });

  it('when the escaped spelling is posted first, then a reply naming the page with raw DEL and C1 characters is on the same thread', async () => {
    const first = await postComment(app, { page: '/a%7Fb%C2%85c' });
    expect(first.body.comment.page).toBe('/a%7Fb%C2%85c');
    const reply = await postComment(app, { page: '/a\u007fb\u0085c', parentId: first.body.comment.id });
    expect(reply.status).toBe(201);
    expect((await request(app, 'GET', `/api/comments?site=test&page=${q('/a%7Fb%C2%85c')}`)).body.total).toBe(2);
  });

  it('when two different keys have feeds, then their feed ids differ (a character XML cannot carry is not dropped from the id)', async () => {
    const feedId = async (page: string) => {
      const xml = await (await fetch(`${app.url}/feed/comments.atom?site=test&page=${q(page)}`)).text();
      return /<id>([^<]*)<\/id>/.exec(xml)?.[1];
    };
    const ids = await Promise.all(['/feed-x', '\u0001/feed-x', '/feed-x\uffff', '/feed\ufffe-x'].map(feedId));
    expect(ids[0]).toBe('tag:majlis,2026:test/%2Ffeed-x');
    expect(new Set(ids).size).toBe(4);
  });
});

describe('canonicalPageKey', () => {
  it('when applied twice to tricky spellings, then the second pass changes nothing', () => {
    for (const k of ['/a%2541', '%%41b', '/a%25%FF', '/x%0A', '%', '/p%', '/%e2%82%ac', '/e\u0301', '\ud800/lone']) {
      const once = canonicalPageKey(k);
      expect(canonicalPageKey(once), k).toBe(once);
    }
    expect(canonicalPageKey('/a%2541')).toBe('/a%2541');
    expect(canonicalPageKey('/x%0A')).toBe('/x%0A');
    expect(canonicalPageKey('/%e2%82%ac')).toBe('/€');
  });
});
