import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../server/privacy/retention.js';
import { EventBus } from '../server/events/bus.js';
import { createLogger } from '../server/logger.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/** Issue 13 point 5 (delete for good, purge, purgeAfterDays) and point 7's ipRetentionDays job. */
let app: TestApp;
let admin: string;
let now = Date.UTC(2026, 10, 4, 8);
const DAY = 24 * 60 * 60 * 1000;
const H = () => ({ origin: app.url });

beforeAll(async () => {
  app = await startApp({ clock: () => now, siteSettings: { previouslyApproved: false } });
  admin = await login(app);
}, 60_000);
afterAll(() => app.close());

async function post(over: Record<string, unknown> = {}) {
  now += 1000;
  const res = await postComment(app, over);
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}
const visibleIds = async (page: string) => (await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`)).body.comments.map((c: { id: string }) => c.id);
const count = async (page: string) => (await request(app, 'GET', `/api/counts?site=test&page=${encodeURIComponent(page)}`)).body.counts[page];

describe('DELETE /api/moderation/comments/:id', () => {
  it('when a comment is not in spam or trash, then it cannot be deleted for good (409, in English too)', async () => {
    const id = await post({ page: '/d/1' });
    const res = await request(app, 'DELETE', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), lang: 'en' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Only a comment in spam or trash can be deleted for good.');
    expect(await app.store.getComment(id)).not.toBeNull();
    expect((await request(app, 'DELETE', '/api/moderation/comments/nope', { cookie: admin, headers: H() })).status).toBe(404);
  });

  it('when a trashed top-level comment with replies is deleted, then its replies move up, become visible and the counters agree with a recount', async () => {
    const page = '/d/2';
    const a = await post({ page });
    const b = await post({ page, parentId: a });
    const c = await post({ page, parentId: b });
    expect(await count(page)).toBe(3);
    await moderate(app, admin, a, 'trash');
    expect(await visibleIds(page)).toEqual([]);
    expect(await count(page)).toBe(0);
    expect((await request(app, 'DELETE', `/api/moderation/comments/${a}`, { cookie: admin, headers: H() })).status).toBe(204);
    expect(await app.store.getComment(a)).toBeNull();
    expect((await app.store.getComment(b))!.parentId).toBeNull();
    expect((await app.store.getComment(c))!.parentId).toBe(b);
    expect(await visibleIds(page)).toEqual([b, c]);
    expect(await count(page)).toBe(2);
    const counts = await app.store.countByStatus('test');
    await app.store.rebuildCounters('test');
    expect(await app.store.countByStatus('test')).toEqual(counts);
    expect(await count(page)).toBe(2);
    // and it is gone from search
    expect((await request(app, 'GET', `/api/moderation/comments?site=test&page=${encodeURIComponent(page)}`, { cookie: admin })).body.comments.map((x: { id: string }) => x.id)).toEqual([c, b]);
  });

  it('when a reply in spam is deleted, then its replies hang under its parent', async () => {
    const page = '/d/3';
    const a = await post({ page });
    const b = await post({ page, parentId: a });
    const c = await post({ page, parentId: b });
    await moderate(app, admin, b, 'spam');
    expect(await visibleIds(page)).toEqual([a]);
    expect((await request(app, 'DELETE', `/api/moderation/comments/${b}`, { cookie: admin, headers: H() })).status).toBe(204);
    expect((await app.store.getComment(c))!.parentId).toBe(a);
    expect(await visibleIds(page)).toEqual([a, c]);
    expect(await count(page)).toBe(2);
  });

  it('when a moderator of another site deletes here, then not found and nothing goes', async () => {
    await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'far' } });
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'far@example.com', sites: ['far'], password: 'far-password' } });
    const far = await login(app, { email: 'far@example.com', password: 'far-password' });
    const id = await post({ page: '/d/4' });
    await moderate(app, admin, id, 'spam');
    expect((await request(app, 'DELETE', `/api/moderation/comments/${id}`, { cookie: far, headers: H() })).status).toBe(404);
    expect((await request(app, 'POST', '/api/moderation/sites/test/purge', { cookie: far, headers: H(), body: { status: 'spam' } })).status).toBe(400);
    expect(await app.store.getComment(id)).not.toBeNull();
  });
});

describe('purging bins', () => {
  it('when a bin is purged with olderThanDays, then only what entered it before then goes; the other bin stays', async () => {
    const old = await post({ page: '/p/1' });
    await moderate(app, admin, old, 'spam');
    now += 10 * DAY;
    const recent = await post({ page: '/p/1' });
    await moderate(app, admin, recent, 'spam');
    const trashed = await post({ page: '/p/1' });
    await moderate(app, admin, trashed, 'trash');
    const bad = await request(app, 'POST', '/api/moderation/sites/test/purge', { cookie: admin, headers: H(), body: { status: 'approved' } });
    expect(bad.status).toBe(400);
    const some = await request(app, 'POST', '/api/moderation/sites/test/purge', { cookie: admin, headers: H(), body: { status: 'spam', olderThanDays: 5 } });
    expect(some.body.deleted).toBeGreaterThanOrEqual(1);
    expect(await app.store.getComment(old)).toBeNull();
    expect(await app.store.getComment(recent)).not.toBeNull();
    const all = await request(app, 'POST', '/api/moderation/sites/test/purge', { cookie: admin, headers: H(), body: { status: 'spam' } });
    expect(all.body.deleted).toBeGreaterThanOrEqual(1);
    expect((await app.store.countByStatus('test')).spam).toBe(0);
    expect(await app.store.getComment(trashed)).not.toBeNull();
  });

  it('when the retention job runs, then trash past purgeAfterDays goes and IPs past ipRetentionDays are cleared', async () => {
    const deps = { store: app.store, clock: () => now, bus: new EventBus(), logger: createLogger('silent') };
    const binned = await post({ page: '/r/1' });
    await moderate(app, admin, binned, 'trash');
    const kept = await post({ page: '/r/1' });
    now += 29 * DAY;
    expect((await runRetention(deps)).purged).toBe(0);
    now += 2 * DAY;
    const pass = await runRetention(deps);
    expect(pass.purged).toBeGreaterThanOrEqual(1);
    expect(await app.store.getComment(binned)).toBeNull();
    expect((await app.store.getComment(kept))!.ip).not.toBe('');
    // a moderator mail sent about it carries its IP: finished outbox items age out with the IPs
    await app.store.notify.enqueue([{ id: 'mod-mail-with-ip', kind: 'mail', site: 'test', payload: { to: 'mod@example.com', text: 'IP: 203.0.113.7' }, createdAt: now - 31 * DAY }]);
    for (const it of await app.store.notify.claim({ owner: 'retention-test', now, leaseMs: 60_000, limit: 1000 })) {
      if (it.id === 'mod-mail-with-ip') await app.store.notify.complete(it.id, 'retention-test', now);
      else await app.store.notify.retryLater(it.id, 'retention-test', now, 'released by the test');
    }
    expect((await app.store.notify.getOutboxItem('mod-mail-with-ip'))!.status).toBe('done');
    now += 30 * DAY;
    expect((await runRetention(deps)).ipsCleared).toBeGreaterThanOrEqual(1);
    const cleared = (await app.store.getComment(kept))!;
    expect([cleared.ip, cleared.userAgent]).toEqual(['', '']);
    expect(await app.store.notify.getOutboxItem('mod-mail-with-ip')).toBeNull();
    // a site that keeps everything (0) is left alone
    await request(app, 'PATCH', '/api/moderation/sites/test', { cookie: admin, headers: H(), body: { settings: { purgeAfterDays: 0 } } });
    const kept2 = await post({ page: '/r/2' });
    await moderate(app, admin, kept2, 'spam');
    now += 400 * DAY;
    await runRetention(deps);
    expect(await app.store.getComment(kept2)).not.toBeNull();
  });
});
