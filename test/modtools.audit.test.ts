import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/** Issue 13 point 8: every decision, edit, rule, purge, erase and change of moderators or settings is recorded. */
let app: TestApp;
let admin: string;
const H = () => ({ origin: app.url });

beforeAll(async () => {
  app = await startApp({ siteSettings: { holdAll: true } });
  admin = await login(app);
}, 60_000);
afterAll(() => app.close());

describe('GET /api/moderation/audit', () => {
  it('when moderators act, then each change is there, newest first, with who, what and before/after', async () => {
    const id = (await postComment(app, { content: 'نص أول' })).body.comment.id as string;
    await moderate(app, admin, id, 'approve');
    const v = (await app.store.getComment(id))!.version;
    await request(app, 'PATCH', `/api/moderation/comments/${id}`, { cookie: admin, headers: H(), body: { content: 'نص ثان', version: v } });
    const rule = await request(app, 'POST', '/api/moderation/rules', { cookie: admin, headers: H(), body: { site: 'test', match: { ip: '203.0.113.0/24' }, action: 'block' } });
    await request(app, 'DELETE', `/api/moderation/rules/${rule.body.rule.id}`, { cookie: admin, headers: H() });
    await moderate(app, admin, id, 'trash');
    await request(app, 'POST', '/api/moderation/sites/test/purge', { cookie: admin, headers: H(), body: { status: 'trash' } });
    await request(app, 'PATCH', '/api/moderation/sites/test', { cookie: admin, headers: H(), body: { settings: { maxLinks: 5 } } });
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'n@example.com', sites: ['test'], password: 'nnnn-password' } });
    await request(app, 'POST', '/api/moderation/privacy/erase', { cookie: admin, headers: H(), body: { email: 'x@example.com', mode: 'delete' } });

    const site = await request(app, 'GET', '/api/moderation/audit?site=test', { cookie: admin });
    expect(site.status).toBe(200);
    expect(site.body.entries.map((e: { action: string }) => e.action)).toEqual(['site.change', 'bin.purge', 'comment.trash', 'rule.remove', 'rule.add', 'comment.edit', 'comment.approved']);
    const edit = site.body.entries.find((e: { action: string }) => e.action === 'comment.edit');
    expect(edit).toMatchObject({ by: { name: 'Admin' }, site: 'test', target: id, before: { content: 'نص أول' }, after: { content: 'نص ثان' } });
    expect(site.body.entries.find((e: { action: string }) => e.action === 'comment.approved')).toMatchObject({ before: { status: 'pending' }, after: { status: 'approved' } });
    expect(site.body.entries[0].before.settings.maxLinks).not.toBe(5);
    expect(site.body.entries[0].after.settings.maxLinks).toBe(5);
    expect(typeof site.body.entries[0].at).toBe('string');

    const all = await request(app, 'GET', '/api/moderation/audit', { cookie: admin });
    expect(all.body.entries.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['privacy.erase', 'moderator.add']);
    expect(JSON.stringify(all.body)).not.toContain('x@example.com');
  });

  it('when a moderator reads the audit, then only their sites; the whole log is for admins', async () => {
    const n = await login(app, { email: 'n@example.com', password: 'nnnn-password' });
    expect((await request(app, 'GET', '/api/moderation/audit?site=test', { cookie: n })).status).toBe(200);
    expect((await request(app, 'GET', '/api/moderation/audit', { cookie: n })).status).toBe(403);
    await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'hidden' } });
    expect((await request(app, 'GET', '/api/moderation/audit?site=hidden', { cookie: n })).status).toBe(400);
  });
});
