import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/**
 * A page's live events follow the Origin rule of GET /api/comments: a browser on an origin the
 * site does not admit is refused both ways; a client that sends no Origin (not a browser) is not.
 */
let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];

function reader(headers: Record<string, string>): Promise<Socket> {
  const s = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://blog.example' } });
  cookie = await login(app);
});
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(() => app?.close());

describe('reader sockets and origins', () => {
  it('when a socket from an origin the site does not admit joins a page, then it is refused as GET /api/comments is, in Arabic or English', async () => {
    const page = '/origin/evil';
    const http = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`, { headers: { origin: 'http://evil.example' } });
    expect(http.status).toBe(403);
    expect(http.body.error).toBe('forbidden');

    const evil = await reader({ origin: 'http://evil.example' });
    expect(await evil.emitWithAck('join', { site: 'test', page })).toEqual({ ok: false, error: 'origin_forbidden', message: 'هذا الموقع غير مسموح له بمتابعة التعليقات هنا مباشرةً.' });
    const evilEn = await reader({ origin: 'http://evil.example', 'accept-language': 'en' });
    expect(await evilEn.emitWithAck('join', { site: 'test', page })).toEqual({ ok: false, error: 'origin_forbidden', message: 'This origin is not allowed to follow comments here live.' });
  });

  it('when a comment is approved, then sockets of the site’s origin and without an Origin hear it, and a refused one does not', async () => {
    const page = '/origin/live';
    const own = await reader({ origin: 'https://blog.example' });
    const bare = await reader({});
    const evil = await reader({ origin: 'http://evil.example' });
    for (const s of [own, bare]) expect(await s.emitWithAck('join', { site: 'test', page })).toEqual({ ok: true });
    expect((await evil.emitWithAck('join', { site: 'test', page })).ok).toBe(false);
    const heardByEvil: unknown[] = [];
    evil.on('comment:approved', (c) => heardByEvil.push(c));
    const heard = (s: Socket) => new Promise<{ id: string }>((resolve) => s.once('comment:approved', resolve));
    const [a, b] = [heard(own), heard(bare)];
    const posted = await postComment(app, { page });
    await moderate(app, cookie, posted.body.comment.id, 'approve');
    expect((await a).id).toBe(posted.body.comment.id);
    expect((await b).id).toBe(posted.body.comment.id);
    // the evil socket is on the same server: a round trip on it after the emits proves nothing came
    await evil.emitWithAck('join', { site: 'test', page });
    expect(heardByEvil).toEqual([]);
  });
});
