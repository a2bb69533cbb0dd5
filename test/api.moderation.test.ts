import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startApp({ limits: { loginPerEmailIp: { points: 3, seconds: 3600, blockSeconds: 900 } } });
  cookie = await login(app);
  await addModerator(app.store, { email: 'mod@example.com', password: 'moderator-pass', name: 'Huda', role: 'moderator' }, Date.now());
  await addModerator(app.store, { email: 'racer@example.com', password: 'moderator-pass', name: 'Racer', role: 'moderator' }, Date.now());
});
afterAll(() => app.close());

describe('login', () => {
  it('when the password is right, then 200 with the moderator and an HttpOnly SameSite=Strict cookie', async () => {
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(app.admin) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const body = await res.json();
    expect(body.moderator).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect(JSON.stringify(body)).not.toContain('password');
  });

  it('when the email is unknown or the password wrong, then the same 401 message', async () => {
    const unknown = await request(app, 'POST', '/api/auth/login', { body: { email: 'ghost@example.com', password: 'whatever1' } });
    const wrong = await request(app, 'POST', '/api/auth/login', { body: { email: 'mod@example.com', password: 'wrong-pass' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('when failures repeat for one email, then 429 with Retry-After, even for the right password', async () => {
    const creds = { email: 'mod@example.com', password: 'bad-password' };
    for (let i = 0; i < 3; i++) await request(app, 'POST', '/api/auth/login', { body: creds });
    const blocked = await request(app, 'POST', '/api/auth/login', { body: { ...creds, password: 'moderator-pass' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when many wrong passwords arrive at once, then no more than the limit are even tried', async () => {
    await addModerator(app.store, { email: 'parallel@example.com', password: 'moderator-pass' }, Date.now());
    const res = await Promise.all(Array.from({ length: 12 }, () => request(app, 'POST', '/api/auth/login', { body: { email: 'parallel@example.com', password: 'nope-nope' } })));
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('when a login comes from a foreign page (Origin), then 403', async () => {
    const res = await request(app, 'POST', '/api/auth/login', { body: app.admin, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('when the login body has operator objects, then 422', async () => {
    const res = await request(app, 'POST', '/api/auth/login', { body: { email: { $gt: '' }, password: { $gt: '' } } });
    expect(res.status).toBe(422);
  });
});

describe('moderation routes', () => {
  it('when there is no session, then every /api/moderation route is 401', async () => {
    expect((await request(app, 'GET', '/api/moderation/comments?site=test')).status).toBe(401);
    expect((await request(app, 'POST', '/api/moderation/comments/x/actions', { body: { action: 'approve' } })).status).toBe(401);
    expect((await request(app, 'GET', '/api/moderation/sites/test')).status).toBe(401);
  });

  it('when an action comes from another Origin, then 403 (CSRF)', async () => {
    const c = await postComment(app);
    const res = await request(app, 'POST', `/api/moderation/comments/${c.body.comment.id}/actions`, { body: { action: 'approve' }, cookie, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('when approving with the current version, then the comment shows publicly with a history entry; a stale version gets 409 with the current state', async () => {
    const c = await postComment(app, { page: '/mod/a' });
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    const item = queue.body.comments.find((x: { id: string }) => x.id === c.body.comment.id);
    expect(item).toMatchObject({ status: 'pending', version: 1, ip: '127.0.0.1' });
    expect(item.email).toContain('@example.com');
    expect(queue.body.counts.pending).toBeGreaterThan(0);

    const ok = await moderate(app, cookie, item.id, 'approve', 1);
    expect(ok.status).toBe(200);
    expect(ok.body.comment).toMatchObject({ status: 'approved', version: 2 });
    expect(ok.body.comment.history).toEqual([expect.objectContaining({ from: 'pending', to: 'approved', by: expect.objectContaining({ name: 'Admin' }) })]);

    const stale = await moderate(app, cookie, item.id, 'trash', 1);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('conflict');
    expect(stale.body.comment).toMatchObject({ status: 'approved', version: 2 });

    const list = await request(app, 'GET', '/api/comments?site=test&page=/mod/a');
    expect(list.body.comments.map((x: { id: string }) => x.id)).toEqual([item.id]);
  });

  it('when two moderators race with the same version, then exactly one wins', async () => {
    const modCookie = await login(app, { email: 'racer@example.com', password: 'moderator-pass' });
    const c = await postComment(app);
    const results = await Promise.all([moderate(app, cookie, c.body.comment.id, 'approve', 1), moderate(app, modCookie, c.body.comment.id, 'spam', 1)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('when spam then restore, then the comment returns to the status it had', async () => {
    const c = await postComment(app);
    await moderate(app, cookie, c.body.comment.id, 'approve');
    await moderate(app, cookie, c.body.comment.id, 'spam');
    const restored = await moderate(app, cookie, c.body.comment.id, 'restore');
    expect(restored.body.comment.status).toBe('approved');
  });

  it('when an approved comment goes to spam, then trash, then restore, then it is approved again', async () => {
    const c = await postComment(app);
    await moderate(app, cookie, c.body.comment.id, 'approve');
    await moderate(app, cookie, c.body.comment.id, 'spam');
    await moderate(app, cookie, c.body.comment.id, 'trash');
    expect((await moderate(app, cookie, c.body.comment.id, 'restore')).body.comment.status).toBe('approved');
  });

  it('when the dashboard sits behind a TLS proxy (https Origin, same host), then actions still pass the CSRF check', async () => {
    const c = await postComment(app);
    const host = new URL(app.url).host;
    const res = await request(app, 'POST', `/api/moderation/comments/${c.body.comment.id}/actions`, { body: { action: 'approve' }, cookie, headers: { origin: `https://${host}` } });
    expect(res.status).toBe(200);
  });

  it('when a moderation request has no session, then 401 even if its body is broken', async () => {
    const res = await request(app, 'POST', '/api/moderation/comments/x/actions', { raw: '{"action":' });
    expect(res.status).toBe(401);
  });

  it('when the action is unknown or the id missing, then 422 / 404', async () => {
    const c = await postComment(app);
    expect((await moderate(app, cookie, c.body.comment.id, 'delete')).status).toBe(422);
    expect((await moderate(app, cookie, 'nope', 'approve')).status).toBe(404);
    expect((await request(app, 'GET', '/api/moderation/comments?site=test&status=weird', { cookie })).status).toBe(400);
  });

  it('when an admin patches settings, then they are stored; bad values get 422; a non-admin gets 403', async () => {
    const ok = await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings: { maxLinks: 3, moderationKeys: ['كازينو'] } }, cookie, headers: { origin: app.url } });
    expect(ok.status).toBe(200);
    expect(ok.body.site.settings).toMatchObject({ maxLinks: 3, moderationKeys: ['كازينو'], threadDepth: 5 });
    const bad = await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings: { maxLinks: -1, holdAll: 'yes', nope: 1 } }, cookie });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['holdAll', 'maxLinks', 'nope']);
    const modApp = await startApp();
    try {
      await addModerator(modApp.store, { email: 'm2@example.com', password: 'moderator-pass', role: 'moderator' }, Date.now());
      const modCookie = await login(modApp, { email: 'm2@example.com', password: 'moderator-pass' });
      const denied = await request(modApp, 'PATCH', '/api/moderation/sites/test', { body: { settings: { maxLinks: 1 } }, cookie: modCookie });
      expect(denied.status).toBe(403);
    } finally {
      await modApp.close();
    }
    await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings: { maxLinks: 2, moderationKeys: [] } }, cookie });
  });

  it('when logged out, then the cookie no longer works', async () => {
    const c = await login(app);
    expect((await request(app, 'POST', '/api/auth/logout', { cookie: c })).status).toBe(204);
    expect((await request(app, 'GET', '/api/auth/me', { cookie: c })).status).toBe(401);
  });
});
