import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request, secretsSeen } from './helpers/http.js';

let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];

function socket(nsp: string, cookieHeader?: string): Socket {
  const s = connect(app.url + nsp, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookieHeader ? { cookie: cookieHeader } : undefined,
  });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
const next = <T>(s: Socket, event: string, filter: (x: T) => boolean = () => true) =>
  new Promise<T>((resolve) => {
    const h = (x: T) => {
      if (filter(x)) {
        s.off(event, h);
        resolve(x);
      }
    };
    s.on(event, h);
  });
async function reader(page: string): Promise<Socket> {
  const s = socket('/');
  await connected(s);
  const ack = await s.emitWithAck('join', { site: 'test', page });
  expect(ack).toEqual({ ok: true });
  return s;
}

beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
});
afterAll(() => app.close());

describe('/moderation namespace', () => {
  it('when a reader socket is open, then the server keeps only its handshake headers, and a moderation namespace opened later on the same connection still signs in', async () => {
    // one engine connection, two namespaces (socket.io-client multiplexes them on one Manager)
    const page = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
    sockets.push(page);
    await connected(page);
    const [server] = await app.io.of('/').fetchSockets();
    const engineConn = (app.io.of('/').sockets.get(server!.id)!.conn as unknown as { request: object });
    // issue 10: the upgrade request (an IncomingMessage, kept for the connection's life) is replaced by what handshakes read
    expect(engineConn.request.constructor.name).toBe('Object');
    expect(Object.keys(engineConn.request).sort()).toEqual(['_query', 'connection', 'headers', 'url']);
    const mod = page.io.socket('/moderation');
    sockets.push(mod);
    await connected(mod);
    expect(mod.connected).toBe(true);
    const arrived = next<{ id: string; email: string }>(mod, 'comment:new');
    const posted = await postComment(app, { page: '/slim', email: 'slim@example.com' });
    expect(await arrived).toMatchObject({ id: posted.body.comment.id, email: 'slim@example.com' });
  });

  it('when connecting without a session, then connect_error "unauthorized"', async () => {
    const s = socket('/moderation');
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
  });

  it('when a comment is posted over HTTP, then every connected moderator gets comment:new with private fields and counts', async () => {
    const a = socket('/moderation', cookie);
    const b = socket('/moderation', await login(app));
    await Promise.all([connected(a), connected(b)]);
    const gotA = next<any>(a, 'comment:new');
    const gotB = next<any>(b, 'comment:new');
    const counts = next<any>(a, 'counts');
    const posted = await postComment(app, { email: 'live@example.com' });
    const [ca, cb] = await Promise.all([gotA, gotB]);
    expect(ca.id).toBe(posted.body.comment.id);
    expect(cb.id).toBe(posted.body.comment.id);
    expect(ca).toMatchObject({ email: 'live@example.com', ip: '127.0.0.1', status: 'pending' });
    expect(ca.reasons.length).toBeGreaterThan(0);
    expect(await counts).toMatchObject({ site: 'test', pending: expect.any(Number) });
  });

  it('when moderating over the socket, then the ack carries the comment and others get comment:updated; a stale version loses with who decided', async () => {
    const a = socket('/moderation', cookie);
    const b = socket('/moderation', await login(app));
    await Promise.all([connected(a), connected(b)]);
    const posted = await postComment(app);
    const id = posted.body.comment.id as string;
    const updated = next<any>(b, 'comment:updated', (c) => c.id === id);
    const [r1, r2] = await Promise.all([
      a.emitWithAck('moderate', { id, action: 'approve', version: 1 }),
      b.emitWithAck('moderate', { id, action: 'trash', version: 1 }),
    ]);
    const winner = r1.ok ? r1 : r2;
    const loser = r1.ok ? r2 : r1;
    expect(winner.ok).toBe(true);
    expect(loser).toMatchObject({ ok: false, error: 'conflict' });
    expect(loser.comment.version).toBe(2);
    expect(loser.comment.history.at(-1).by.name).toBe('Admin');
    expect((await updated).status).toBe(winner.comment.status);
  });

  it('when the ack payload is malformed, then ok:false bad_request', async () => {
    const a = socket('/moderation', cookie);
    await connected(a);
    expect(await a.emitWithAck('moderate', { id: { $gt: '' }, action: 'approve' })).toMatchObject({ ok: false, error: 'bad_request' });
    expect(await a.emitWithAck('moderate', 'junk')).toMatchObject({ ok: false, error: 'bad_request' });
  });

  it('when the moderator logs out, then their socket is disconnected', async () => {
    const c = await login(app);
    const s = socket('/moderation', c);
    await connected(s);
    const dropped = new Promise<string>((resolve) => s.once('disconnect', resolve));
    await request(app, 'POST', '/api/auth/logout', { cookie: c });
    expect(await dropped).toBe('io server disconnect');
  });

  it('when a moderator\'s connection drops while 50 comments arrive, then after reconnecting the queue re-fetch lists all 50 once and live events resume', async () => {
    const page = '/offline-burst';
    const s = connect(app.url + '/moderation', { transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0 });
    sockets.push(s);
    await connected(s);
    const dropped = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
    const reconnected = new Promise<void>((resolve) => s.io.once('reconnect', () => resolve()));
    s.io.engine.close(); // the network drops; the client reconnects by itself a second later
    await dropped;
    const posted = new Set<string>();
    for (let i = 0; i < 50; i++) posted.add((await postComment(app, { page })).body.comment.id);
    await reconnected;
    // what the dashboard does on every (re)connect: re-fetch the queue, merged by id
    const seen = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const res: any = await request(app, 'GET', `/api/moderation/comments?site=test&status=pending${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
      for (const c of res.body.comments) if (c.page === page) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen.keys())).toEqual(posted);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const after = next<any>(s, 'comment:new', (c) => c.page === page);
    const one = await postComment(app, { page });
    expect((await after).id).toBe(one.body.comment.id);
  });
});

describe('readers namespace', () => {
  it('when a comment of the page is approved, then its readers get comment:approved without private data; other pages do not', async () => {
    const r = await reader('/live/a');
    const other = await reader('/live/b');
    let otherGot = 0;
    other.on('comment:approved', () => otherGot++);
    let pendingSeen = 0;
    r.on('comment:approved', () => pendingSeen++);
    const posted = await postComment(app, { page: '/live/a', email: 'reader-leak@example.com' });
    // Round trip: a marker approved after the pending post arrives after anything the post could have sent.
    const marker = await postComment(app, { page: '/live/a' });
    const markerSeen = next<any>(r, 'comment:approved', (c) => c.id === marker.body.comment.id);
    await moderate(app, cookie, marker.body.comment.id, 'approve');
    await markerSeen;
    expect(pendingSeen).toBe(1); // the marker only: pending comments never reach readers
    r.removeAllListeners('comment:approved');
    const got = next<any>(r, 'comment:approved');
    await moderate(app, cookie, posted.body.comment.id, 'approve');
    const c = await got;
    expect(c.id).toBe(posted.body.comment.id);
    const raw = JSON.stringify(c);
    for (const secret of secretsSeen) expect(raw).not.toContain(secret);
    expect(Object.keys(c).sort()).toEqual(['author', 'content', 'createdAt', 'deleted', 'editedAt', 'featured', 'id', 'likes', 'links', 'page', 'parentId']);
    const removed = next<any>(r, 'comment:removed');
    await moderate(app, cookie, posted.body.comment.id, 'trash');
    expect(await removed).toEqual({ id: posted.body.comment.id, page: '/live/a' });
    expect(otherGot).toBe(0);
  });

  it('when join has a bad shape or an unknown site, then it is refused', async () => {
    const s = socket('/');
    await connected(s);
    expect(await s.emitWithAck('join', { site: 'nope', page: '/x' })).toMatchObject({ ok: false });
    expect(await s.emitWithAck('join', { site: { $ne: 1 }, page: '/x' })).toMatchObject({ ok: false, error: 'bad_request' });
    expect(await s.emitWithAck('join', 'junk')).toMatchObject({ ok: false, error: 'bad_request' });
  });
});
