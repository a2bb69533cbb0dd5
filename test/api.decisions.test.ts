import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment } from './helpers/http.js';

// Issue 8 point 5 and issue 9 point 14: decisions without a version never conflict;
// a stale version loses with who decided and when, on the API and on the socket.
let app: TestApp;
let now = Date.now();
let admin: string;
let khalid: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startApp({ clock: () => now });
  admin = await login(app);
  await addModerator(app.store, { email: 'khalid@example.com', password: 'khalid-password', name: 'خالد', role: 'moderator' }, now);
  khalid = await login(app, { email: 'khalid@example.com', password: 'khalid-password' });
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await app.close();
});

function moderatorSocket(cookie: string, lang: 'ar' | 'en'): Promise<Socket> {
  const s = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie }, auth: { lang } });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

describe('a decision that loses a race', () => {
  it('when the version is stale, then 409 says who decided and how long ago, in the request language, and keeps the current comment', async () => {
    const c = await postComment(app, { page: '/decided' });
    const id = c.body.comment.id as string;
    expect((await moderate(app, khalid, id, 'approve', 1)).status).toBe(200);
    now += 3000;
    const en = await moderate(app, admin, id, 'trash', 1);
    expect(en.status).toBe(409);
    expect(en.body).toMatchObject({ error: 'conflict', comment: { status: 'approved', version: 2 } });
    const ar = await moderate(app, admin, id, 'trash', 1);
    expect(ar.body.message).toBe('وافق عليه \u2068خالد\u2069 قبل ٣ ثوانِ.');
    const english = await fetch(`${app.url}/api/moderation/comments/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin, origin: app.url, 'accept-language': 'en' },
      body: JSON.stringify({ action: 'spam', version: 1 }),
    });
    expect(((await english.json()) as { message: string }).message).toBe('\u2068خالد\u2069 approved it 3 seconds ago.');
  });

  it('when the version is stale on the socket, then the ack carries the same message and the current comment', async () => {
    const c = await postComment(app, { page: '/decided-socket' });
    const id = c.body.comment.id as string;
    await moderate(app, khalid, id, 'spam', 1);
    now += 2 * 60_000;
    const s = await moderatorSocket(admin, 'en');
    const ack = await s.emitWithAck('moderate', { id, action: 'approve', version: 1 });
    expect(ack).toMatchObject({ ok: false, error: 'conflict', message: '\u2068خالد\u2069 marked it as spam 2 minutes ago.', comment: { status: 'spam', version: 2 } });
  });
});

describe('decisions without a version', () => {
  it('when 20 decisions without a version arrive at once over HTTP and sockets, then none gets 409 and each change is in the history', async () => {
    const c = await postComment(app, { page: '/no-version' });
    const id = c.body.comment.id as string;
    const actions = ['approve', 'spam', 'pending', 'trash', 'restore'] as const;
    const [sa, sk] = await Promise.all([moderatorSocket(admin, 'ar'), moderatorSocket(khalid, 'ar')]);
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const action = actions[i % actions.length]!;
        if (i % 4 === 0) return (await moderate(app, admin, id, action)).status;
        if (i % 4 === 1) return (await moderate(app, khalid, id, action)).status;
        const ack = await (i % 4 === 2 ? sa : sk).emitWithAck('moderate', { id, action });
        return ack.ok ? 200 : ack.error;
      }),
    );
    expect(results).toEqual(Array(20).fill(200));
    const stored = (await app.store.getComment(id))!;
    expect(stored.version).toBe(1 + stored.history.length);
    // Each history entry starts where the previous one ended: every decision applied to the fresh state.
    stored.history.forEach((h, i) => expect(h.from).toBe(i === 0 ? 'pending' : stored.history[i - 1]!.to));
  });
});
