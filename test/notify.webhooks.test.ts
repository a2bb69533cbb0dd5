import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { deliver } from '../server/webhooks/deliver.js';
import { verifySignature } from '../server/webhooks/signing.js';
import { isPrivateAddress } from '../server/webhooks/ssrf.js';
import { login, moderate, postComment, request } from './helpers/http.js';
import { startNotifyApp, startReceiver, waitFor, type NotifyTestApp, type TestReceiver } from './helpers/notify.js';

let app: NotifyTestApp;
let receiver: TestReceiver;
let cookie: string;
const asAdmin = (method: string, path: string, body?: unknown) => request(app, method, path, { body, cookie, headers: { origin: app.url } });
const hooks = () => `/api/moderation/sites/${app.site}/webhooks`;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startNotifyApp(null, { siteSettings: { holdAll: true }, env: { TRUST_PROXY: 'true' } });
  cookie = await login(app);
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});

describe('webhooks', () => {
  let secret: string;
  let hookId: string;

  it('when an admin adds a webhook, then its secret is shown once and the list never shows it', async () => {
    const res = await asAdmin('POST', hooks(), { url: receiver.url });
    expect(res.status).toBe(201);
    expect(res.body.webhook).toMatchObject({ url: receiver.url, events: ['comment.created', 'comment.approved', 'comment.status_changed'], private: false });
    expect(res.body.webhook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    secret = res.body.webhook.secret;
    hookId = res.body.webhook.id;
    const list = await asAdmin('GET', hooks());
    expect(list.body.webhooks).toHaveLength(1);
    expect(list.text).not.toContain(secret);
    expect(list.body.webhooks[0]).not.toHaveProperty('secret');
  });

  it('when a comment is created and approved, then signed deliveries arrive with the public view only', async () => {
    const res = await postComment(app, { content: 'تعليق للخطاف', email: 'hook.reader@example.com' }, { 'x-forwarded-for': '203.0.113.50' });
    const id = res.body.comment.id as string;
    const created = await receiver.next((d) => d.body.comment.id === id && d.body.event === 'comment.created');
    expect(created.headers['majlis-event']).toBe('comment.created');
    expect(created.headers['majlis-delivery']).toBe(created.body.id);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const sig = String(created.headers['majlis-signature']);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, created.raw, sig, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature(secret, created.raw.replace('للخطاف', 'مزوّر'), sig, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature('whsec_wrong', created.raw, sig, Math.floor(Date.now() / 1000))).toBe(false);
    expect(created.body).toMatchObject({ event: 'comment.created', site: app.site, comment: { id, status: 'pending', content: 'تعليق للخطاف' } });
    expect(new Date(created.body.at).toISOString()).toBe(created.body.at);
    expect(created.raw).not.toContain('hook.reader@example.com');
    expect(created.raw).not.toContain('203.0.113.50');

    expect((await moderate(app, cookie, id, 'approve')).status).toBe(200);
    const changed = await receiver.next((d) => d.body.comment.id === id && d.body.event === 'comment.status_changed');
    const approved = await receiver.next((d) => d.body.comment.id === id && d.body.event === 'comment.approved');
    expect(changed.body.comment).toMatchObject({ status: 'approved', previousStatus: 'pending' });
    expect(approved.headers['majlis-delivery']).not.toBe(changed.headers['majlis-delivery']);
  });

  it('when a webhook is private or limited to some events, then it gets email and IP, and only those events', async () => {
    const res = await asAdmin('POST', hooks(), { url: `${receiver.url}?private=1`, events: ['comment.approved'], private: true });
    expect(res.status).toBe(201);
    const post = await postComment(app, { content: 'للخطاف الخاص', email: 'private.reader@example.com' }, { 'x-forwarded-for': '203.0.113.51' });
    const id = post.body.comment.id as string;
    await moderate(app, cookie, id, 'approve');
    const d = await receiver.next((x) => x.body.comment.id === id && x.body.comment.email !== undefined, 'the private delivery');
    expect(d.body.event).toBe('comment.approved');
    expect(d.body.comment).toMatchObject({ email: 'private.reader@example.com', ip: '203.0.113.51' });
    expect(verifySignature(res.body.webhook.secret, d.raw, String(d.headers['majlis-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    await app.idle();
    expect(receiver.deliveries.filter((x) => x.body.comment.id === id && x.body.comment.email !== undefined)).toHaveLength(1);
    expect((await asAdmin('DELETE', `${hooks()}/${res.body.webhook.id}`)).status).toBe(204);
    expect((await asAdmin('DELETE', `${hooks()}/${res.body.webhook.id}`)).status).toBe(404);
    // Both changes are in the site's audit log, with the receiver's host only (no URL query, no secret).
    const audit = await request(app, 'GET', `/api/moderation/audit?site=${app.site}`, { cookie });
    const entries = audit.body.entries.filter((e: { target: string }) => e.target === res.body.webhook.id);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['webhook.remove', 'webhook.add']);
    expect(entries[1].after).toEqual({ id: res.body.webhook.id, host: new URL(receiver.url).host, events: ['comment.approved'], private: true });
    expect(JSON.stringify(entries)).not.toContain(res.body.webhook.secret);
    expect(JSON.stringify(entries)).not.toContain('private=1');
  });

  it('when the receiver fails, then the delivery is retried with the same id until it succeeds, and admins see it', async () => {
    let failures = 2;
    receiver.respond = () => (failures-- > 0 ? 503 : 200);
    const post = await postComment(app, { content: 'مستقبل متعطل' });
    const id = post.body.comment.id as string;
    const tries = await waitFor('three tries', () => {
      const got = receiver.deliveries.filter((d) => d.body.comment.id === id && d.body.event === 'comment.created');
      return got.length === 3 ? got : undefined;
    });
    expect(new Set(tries.map((d) => d.headers['majlis-delivery'])).size).toBe(1);
    expect(new Set(tries.map((d) => d.raw)).size).toBe(1);
    await app.idle();
    const list = await asAdmin('GET', `${hooks()}/${hookId}/deliveries`);
    const row = list.body.deliveries.find((x: any) => x.id === tries[0]!.headers['majlis-delivery']);
    expect(row).toMatchObject({ status: 'done', attempts: 3, event: 'comment.created' });
    receiver.respond = () => 200;
  });

  it('when a delivery has failed for good, then an admin can resend it and it arrives with the same id', async () => {
    receiver.respond = () => 500;
    const post = await postComment(app, { content: 'سيفشل ثم يعاد' });
    const id = post.body.comment.id as string;
    const first = await receiver.next((d) => d.body.comment.id === id);
    const deliveryId = String(first.headers['majlis-delivery']);
    // Past its 24-hour window the next failure marks it failed: move the deadline, as time would.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${app.config.dataDir}/majlis.sqlite`);
    db.prepare('UPDATE outbox SET deadline = ? WHERE id = ?').run(Date.now() - 1, deliveryId);
    db.close();
    await waitFor('the delivery to be marked failed', async () => (await app.store.notify.getOutboxItem(deliveryId))?.status === 'failed');
    const list = await asAdmin('GET', `${hooks()}/${hookId}/deliveries`);
    expect(list.body.deliveries.find((x: any) => x.id === deliveryId)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/gave up after \d+ attempts: HTTP 500/) });

    receiver.respond = () => 200;
    const resend = await asAdmin('POST', `${hooks()}/${hookId}/deliveries/${deliveryId}/resend`);
    expect(resend.status).toBe(200);
    expect(resend.body.delivery.status).toBe('pending');
    const again = await receiver.next((d) => d.headers['majlis-delivery'] === deliveryId && d !== first);
    expect(again.raw).toBe(first.raw);
    expect((await asAdmin('POST', `${hooks()}/${hookId}/deliveries/nope/resend`)).status).toBe(404);
  });

  it('when a non-admin moderator manages webhooks, then it is refused; without a session it is a 401', async () => {
    await addModerator(app.store, { email: 'mod@example.com', password: 'moderator-pass-123', name: 'Mod', role: 'moderator' }, Date.now());
    const modCookie = await login(app, { email: 'mod@example.com', password: 'moderator-pass-123' });
    const res = await request(app, 'GET', hooks(), { cookie: modCookie });
    expect(res.status).toBe(403);
    expect((await request(app, 'GET', hooks())).status).toBe(401);
    const status = await request(app, 'GET', '/api/moderation/notify/status', { cookie: modCookie });
    expect(status.body).toEqual({ mail: { configured: false, from: null } });
  });

  it('when a webhook has bad fields, then each is a 422 naming it', async () => {
    for (const body of [{ url: 'ftp://files.example/hook' }, { url: 'not a url' }, { url: 'http://user:pw@example.com/' }, { url: receiver.url, events: ['comment.deleted'] }, { url: receiver.url, private: 'yes' }]) {
      const res = await asAdmin('POST', hooks(), body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.body.fields)).toHaveLength(1);
    }
  });
});

describe('no server-side request forgery', () => {
  it('when an address is loopback, private or link-local, then it is refused; public ones pass', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::127.0.0.1', '64:ff9b::7f00:1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:5db8:d822']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('when WEBHOOK_ALLOW_PRIVATE is off, then internal URLs are refused when added and when delivered', async () => {
    const strict = await startNotifyApp(null, { env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
    try {
      const c = await login(strict);
      for (const url of [receiver.url, 'http://localhost:9/', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.7/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/', 'http://[::]/']) {
        const res = await request(strict, 'POST', `/api/moderation/sites/${strict.site}/webhooks`, { body: { url }, cookie: c, headers: { origin: strict.url } });
        expect(res.status, url).toBe(422);
        expect(res.body.fields.url).toBeTruthy();
      }
      // A name that resolves to loopback at delivery time (DNS rebinding) is refused by the socket's own lookup.
      const before = receiver.deliveries.length;
      const r = await deliver({ url: receiver.url.replace('127.0.0.1', 'localhost'), secret: 's', event: 'comment.created', deliveryId: 'x', rawBody: '{}', now: Date.now(), allowPrivate: false });
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/refused to connect to non-public address/);
      // An address literal (which Node connects to without a lookup) is refused as well.
      const literal = await deliver({ url: receiver.url, secret: 's', event: 'comment.created', deliveryId: 'y', rawBody: '{}', now: Date.now(), allowPrivate: false });
      expect(literal.error).toMatch(/refused to connect to non-public address 127\.0\.0\.1/);
      expect(receiver.deliveries.length).toBe(before);
    } finally {
      await strict.close();
    }
  });

  it('when a receiver does not answer in time, then the delivery counts as failed (to retry)', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const r = await deliver({ url: `http://127.0.0.1:${port}/`, secret: 's', event: 'e', deliveryId: 'd', rawBody: '{}', now: Date.now(), allowPrivate: true, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.error).toMatch(/no answer within 300 ms/);
    silent.closeAllConnections();
    silent.close();
  });
});
