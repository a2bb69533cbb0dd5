import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/**
 * Issue 13 point 6: a moderator sees and acts only on the sites they are given,
 * in every route, socket event and count; admins manage moderators and sites.
 */
let app: TestApp;
let admin: string;
let scoped: string; // moderator of site "test" only
let scopedId: string;
const sockets: Socket[] = [];
const H = () => ({ origin: app.url });

function modSocket(cookie: string): Socket {
  const s = connect(app.url + '/moderation', { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });

beforeAll(async () => {
  app = await startApp();
  admin = await login(app);
  const site = await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'other', origins: ['https://other.example/'], settings: { floodSeconds: 0, minFillSeconds: 0 } } });
  expect(site.status).toBe(201);
  expect(site.body.site).toMatchObject({ id: 'other', origins: ['https://other.example'] });
  const m = await request(app, 'POST', '/api/moderation/moderators', {
    cookie: admin,
    headers: H(),
    body: { email: 'Huda@Example.com', name: 'هدى', role: 'moderator', sites: ['test'], password: 'huda-password' },
  });
  expect(m.status).toBe(201);
  expect(m.body.moderator).toMatchObject({ email: 'huda@example.com', name: 'هدى', role: 'moderator', sites: ['test'] });
  expect(JSON.stringify(m.body)).not.toContain('passwordHash');
  scopedId = m.body.moderator.id;
  scoped = await login(app, { email: 'huda@example.com', password: 'huda-password' });
}, 60_000);
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
});
afterAll(() => app.close());

async function commentOn(site: string): Promise<string> {
  const res = await postComment(app, { site, page: `/p/${site}` }, { origin: site === 'other' ? 'https://other.example' : app.url });
  expect(res.status).toBe(201);
  return res.body.comment.id;
}

describe('a moderator given one site', () => {
  it('when listing sites, then only theirs is there; another site reads as unknown everywhere', async () => {
    const sites = await request(app, 'GET', '/api/moderation/sites', { cookie: scoped });
    expect(sites.body.sites.map((s: { id: string }) => s.id)).toEqual(['test']);
    expect((await request(app, 'GET', '/api/moderation/sites', { cookie: admin })).body.sites.map((s: { id: string }) => s.id)).toEqual(['other', 'test']);
    expect((await request(app, 'GET', '/api/moderation/sites/other', { cookie: scoped })).status).toBe(404);
    expect((await request(app, 'GET', '/api/moderation/sites/test', { cookie: scoped })).status).toBe(200);
    const queue = await request(app, 'GET', '/api/moderation/comments?site=other', { cookie: scoped, lang: 'en' });
    expect(queue.status).toBe(400);
    expect(queue.body.error).toBe('bad_request');
    // the answer is the same as for a site that does not exist
    const none = await request(app, 'GET', '/api/moderation/comments?site=nope', { cookie: scoped, lang: 'en' });
    expect(none.status).toBe(400);
    expect(queue.body.message).toBe(none.body.message.replace('nope', 'other'));
    const close = await request(app, 'POST', '/api/moderation/pages', { cookie: scoped, headers: H(), body: { site: 'other', page: '/p/other', closed: true } });
    expect(close.status).toBe(400);
    expect((await app.store.getPage('other', '/p/other'))?.closed ?? false).toBe(false);
  });

  it('when deciding on a comment of another site over HTTP or the socket, then it is not found and nothing changes', async () => {
    const id = await commentOn('other');
    const before = (await app.store.getComment(id))!;
    const http = await moderate(app, scoped, id, 'trash');
    expect(http.status).toBe(404);
    const s = modSocket(scoped);
    await connected(s);
    const ack = await s.emitWithAck('moderate', { id, action: 'spam' });
    expect(ack).toMatchObject({ ok: false, error: 'not_found' });
    const after = (await app.store.getComment(id))!;
    expect(after.status).toBe(before.status);
    expect(after.version).toBe(before.version);
    // their own site works
    const mine = await commentOn('test');
    expect((await moderate(app, scoped, mine, 'trash')).status).toBe(200);
  });

  it('when comments arrive on two sites, then their socket gets events and counts of their site only; an admin gets both', async () => {
    const s = modSocket(scoped);
    const a = modSocket(admin);
    await Promise.all([connected(s), connected(a)]);
    const seen: string[] = [];
    const counted: string[] = [];
    s.on('comment:new', (c: { site: string }) => seen.push(c.site));
    s.on('counts', (c: { site: string }) => counted.push(c.site));
    const adminSaw = new Set<string>();
    const adminBoth = new Promise<void>((resolve) =>
      a.on('comment:new', (c: { site: string }) => {
        adminSaw.add(c.site);
        if (adminSaw.has('test') && adminSaw.has('other')) resolve();
      }),
    );
    const adminCounts = new Set<string>();
    const adminCountsBoth = new Promise<void>((resolve) =>
      a.on('counts', (c: { site: string }) => {
        adminCounts.add(c.site);
        if (adminCounts.has('test') && adminCounts.has('other')) resolve();
      }),
    );
    const ownCount = new Promise<void>((resolve) => s.on('counts', (c: { site: string }) => c.site === 'test' && resolve()));
    await commentOn('other');
    await commentOn('test');
    await Promise.all([adminBoth, adminCountsBoth, ownCount]);
    // decide one on the other site: the admin sees the update, the scoped moderator nothing
    const other = await commentOn('other');
    const updated = new Promise<void>((resolve) => a.on('comment:updated', (c: { id: string }) => c.id === other && resolve()));
    await moderate(app, admin, other, 'approve');
    await updated;
    // a round trip on the scoped socket orders after every earlier emit to it
    await s.emitWithAck('moderate', { id: 'none', action: 'approve' });
    expect(seen).toEqual(['test']);
    expect(counted.every((x) => x === 'test')).toBe(true);
  });
});

describe('managing moderators and sites (admins)', () => {
  it('when a moderator calls an admin route, then 403 admin_only, in Arabic and English', async () => {
    const ar = await request(app, 'GET', '/api/moderation/moderators', { cookie: scoped });
    expect(ar.status).toBe(403);
    expect(ar.body.message).toBe('هذا الإجراء للمديرين فقط.');
    const en = await request(app, 'POST', '/api/moderation/moderators', { cookie: scoped, headers: H(), lang: 'en', body: { email: 'x@example.com', sites: ['*'], password: 'long-password' } });
    expect(en.status).toBe(403);
    expect(en.body.message).toBe('Only admins may do this.');
    expect((await request(app, 'POST', '/api/moderation/sites', { cookie: scoped, headers: H(), body: { id: 'mine' } })).status).toBe(403);
    expect((await request(app, 'PATCH', '/api/moderation/sites/test', { cookie: scoped, headers: H(), body: { origins: [] } })).status).toBe(403);
    expect((await request(app, 'DELETE', `/api/moderation/moderators/${scopedId}`, { cookie: scoped, headers: H() })).status).toBe(403);
  });

  it('when an admin sends bad moderator fields, then 422 names each field; nothing is stored', async () => {
    const res = await request(app, 'POST', '/api/moderation/moderators', {
      cookie: admin,
      headers: H(),
      lang: 'en',
      body: { email: 'not-an-email', role: 'owner', sites: ['nowhere'], password: 'short' },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'password', 'role', 'sites']);
    const noSites = await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'n@example.com', password: 'long-password' } });
    expect(noSites.status).toBe(422);
    expect(noSites.body.fields.sites).toBeDefined();
    const dup = await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), lang: 'en', body: { email: 'HUDA@example.com', sites: ['*'], password: 'long-password' } });
    expect(dup.status).toBe(422);
    expect(dup.body.fields.email).toBe('A moderator with this email address already exists.');
    expect((await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'bad id!' } })).status).toBe(422);
    expect((await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'x', origins: ['javascript:alert(1)'] } })).status).toBe(422);
    expect((await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'other' } })).status).toBe(409);
    expect(await app.store.getSite('x')).toBeNull();
  });

  it('when an admin sets origins of a site, then they are stored normalised', async () => {
    const res = await request(app, 'PATCH', '/api/moderation/sites/other', { cookie: admin, headers: H(), body: { origins: ['https://other.example', 'https://www.other.example/'] } });
    expect(res.status).toBe(200);
    expect(res.body.site.origins).toEqual(['https://other.example', 'https://www.other.example']);
  });

  it('when an admin re-scopes a moderator, then their session and live connection end at once and the new scope holds', async () => {
    const m = await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'omar@example.com', name: 'عمر', sites: ['*'], password: 'omar-password' } });
    const id = m.body.moderator.id as string;
    const omar = await login(app, { email: 'omar@example.com', password: 'omar-password' });
    expect((await request(app, 'GET', '/api/moderation/comments?site=other', { cookie: omar })).status).toBe(200);
    const s = modSocket(omar);
    await connected(s);
    const dropped = new Promise<string>((resolve) => s.once('disconnect', resolve));
    const changed = await request(app, 'PATCH', `/api/moderation/moderators/${id}`, { cookie: admin, headers: H(), body: { sites: ['test'] } });
    expect(changed.status).toBe(200);
    expect(changed.body.moderator.sites).toEqual(['test']);
    expect(await dropped).toBe('io server disconnect');
    expect((await request(app, 'GET', '/api/moderation/comments?site=test', { cookie: omar })).status).toBe(401);
    const again = await login(app, { email: 'omar@example.com', password: 'omar-password' });
    expect((await request(app, 'GET', '/api/moderation/comments?site=other', { cookie: again })).status).toBe(400);
    expect((await request(app, 'GET', '/api/moderation/comments?site=test', { cookie: again })).status).toBe(200);
    // a new name alone keeps the session
    expect((await request(app, 'PATCH', `/api/moderation/moderators/${id}`, { cookie: admin, headers: H(), body: { name: 'عمر ب' } })).status).toBe(200);
    expect((await request(app, 'GET', '/api/moderation/comments?site=test', { cookie: again })).status).toBe(200);
    // removal ends it
    const s2 = modSocket(again);
    await connected(s2);
    const dropped2 = new Promise<string>((resolve) => s2.once('disconnect', resolve));
    expect((await request(app, 'DELETE', `/api/moderation/moderators/${id}`, { cookie: admin, headers: H() })).status).toBe(204);
    expect(await dropped2).toBe('io server disconnect');
    expect((await request(app, 'GET', '/api/moderation/comments?site=test', { cookie: again })).status).toBe(401);
    expect((await request(app, 'GET', `/api/moderation/moderators/${id}`, { cookie: admin })).status).toBe(404);
  });

  it('when the last admin would be demoted or removed, then 409 and they stay admin', async () => {
    const me = (await request(app, 'GET', '/api/auth/me', { cookie: admin })).body.moderator;
    const demote = await request(app, 'PATCH', `/api/moderation/moderators/${me.id}`, { cookie: admin, headers: H(), lang: 'en', body: { role: 'moderator', sites: ['test'] } });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toBe('This is the last admin: add another admin first.');
    expect((await request(app, 'DELETE', `/api/moderation/moderators/${me.id}`, { cookie: admin, headers: H() })).status).toBe(409);
    expect((await app.store.getModerator(me.id))!.role).toBe('admin');
    const list = await request(app, 'GET', '/api/moderation/moderators', { cookie: admin });
    expect(list.body.moderators.map((m: { email: string }) => m.email)).toContain('huda@example.com');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);
  });
});
