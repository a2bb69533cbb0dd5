import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

/** Issue 13 point 3: trust, hold and block rules, applied by the moderation pipeline. */
let app: TestApp;
let admin: string;
const H = () => ({ origin: app.url });

beforeAll(async () => {
  app = await startApp({ env: { TRUST_PROXY: 'true' }, siteSettings: { previouslyApproved: true, holdAll: false, disallowedKeys: ['كازينو'] } });
  admin = await login(app);
  await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: H(), body: { id: 'other', settings: { floodSeconds: 0, minFillSeconds: 0 } } });
});
afterAll(() => app.close());

const addRule = (body: Record<string, unknown>, cookie = admin, lang = 'ar') => request(app, 'POST', '/api/moderation/rules', { cookie, headers: H(), body: { site: 'test', ...body }, lang });
const post = (over: Record<string, unknown>, ip: string) => postComment(app, over, { 'x-forwarded-for': ip });
async function stored(id: string) {
  return (await app.store.getComment(id))!;
}

describe('rules in the pipeline', () => {
  it('when an email is blocked, then its next comment goes to spam silently, with the rule as the reason', async () => {
    const rule = await addRule({ match: { email: 'Troll@Example.com' }, action: 'block', note: 'شتائم متكررة' });
    expect(rule.status).toBe(201);
    expect(rule.body.rule).toMatchObject({ site: 'test', match: { email: 'troll@example.com' }, action: 'block', note: 'شتائم متكررة', expiresAt: null });
    const res = await post({ email: 'troll@example.com' }, '198.51.100.1');
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending'); // the poster is not told
    const c = await stored(res.body.comment.id);
    expect(c.status).toBe('spam');
    expect(c.reasons).toEqual([{ code: 'rule_block', params: { kind: 'email', rule: rule.body.rule.id, note: 'شتائم متكررة' } }]);
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=spam', { cookie: admin, lang: 'en' });
    expect(queue.body.comments.find((x: { id: string }) => x.id === c.id).reasons).toEqual(['blocked by a rule on the email ("شتائم متكررة")']);
    const ar = await request(app, 'GET', '/api/moderation/comments?site=test&status=spam', { cookie: admin });
    expect(ar.body.comments.find((x: { id: string }) => x.id === c.id).reasons).toEqual(['محظور بقاعدة على البريد الإلكتروني («شتائم متكررة»)']);
  });

  it('when an IPv4 range and an IPv6 range are blocked, then posts from inside go to spam and from outside do not', async () => {
    expect((await addRule({ match: { ip: '203.0.113.77/24' }, action: 'block' })).body.rule.match).toEqual({ ip: '203.0.113.0/24' });
    expect((await addRule({ match: { ip: '2001:db8:1::/48' }, action: 'block' })).status).toBe(201);
    const inside4 = await post({}, '203.0.113.9');
    const inside6 = await post({}, '2001:db8:1:2::99');
    const outside = await post({}, '2001:db8:2::1');
    expect((await stored(inside4.body.comment.id)).status).toBe('spam');
    expect((await stored(inside6.body.comment.id)).status).toBe('spam');
    expect((await stored(outside.body.comment.id)).status).toBe('pending'); // a first comment, held as usual
  });

  it('when a domain is held, then its posters always wait for review, even after an approval', async () => {
    await addRule({ match: { domain: 'held.example' }, action: 'hold' });
    const a = await post({ name: 'Zaid', email: 'zaid@mx.held.example' }, '192.0.2.10');
    expect((await stored(a.body.comment.id)).reasons.map((r) => r.code)).toContain('rule_hold');
    await request(app, 'POST', `/api/moderation/comments/${a.body.comment.id}/actions`, { cookie: admin, headers: H(), body: { action: 'approve' } });
    const b = await post({ name: 'Zaid', email: 'zaid@mx.held.example' }, '192.0.2.10');
    expect((await stored(b.body.comment.id)).status).toBe('pending');
  });

  it('when an email is trusted, then a newcomer with links is approved at once, but a disallowed word still sends it to the trash', async () => {
    await addRule({ match: { email: 'friend@example.com' }, action: 'trust' });
    const ok = await post({ email: 'friend@example.com', content: 'انظر https://a.example و https://b.example و https://c.example' }, '192.0.2.20');
    expect(ok.body.comment.status).toBe('approved');
    const bad = await post({ email: 'friend@example.com', content: 'أفضل كازينو' }, '192.0.2.20');
    expect((await stored(bad.body.comment.id)).status).toBe('trash');
    // a block on the IP beats the trust of the email
    await addRule({ match: { ip: '192.0.2.21' }, action: 'block' });
    const blocked = await post({ email: 'friend@example.com' }, '192.0.2.21');
    expect((await stored(blocked.body.comment.id)).status).toBe('spam');
  });

  it('when a rule is changed or deleted, then the next post follows the new state; a rule of one site never touches another', async () => {
    const r = await addRule({ match: { email: 'changer@example.com' }, action: 'block' });
    const again = await addRule({ match: { email: 'changer@example.com' }, action: 'trust' });
    expect(again.status).toBe(200);
    expect(again.body.rule.id).toBe(r.body.rule.id);
    expect((await post({ email: 'changer@example.com' }, '192.0.2.30')).body.comment.status).toBe('approved');
    expect((await addRule({ match: { email: 'changer@example.com' }, action: 'block' })).status).toBe(200);
    expect((await stored((await post({ email: 'changer@example.com' }, '192.0.2.30')).body.comment.id)).status).toBe('spam');
    expect((await request(app, 'DELETE', `/api/moderation/rules/${r.body.rule.id}`, { cookie: admin, headers: H() })).status).toBe(204);
    // no rule now: previously approved (the trusted comment), so approved without a reason
    const after = await stored((await post({ email: 'changer@example.com' }, '192.0.2.30')).body.comment.id);
    expect([after.status, after.reasons]).toEqual(['approved', []]);
    const elsewhere = await post({ site: 'other', email: 'troll@example.com' }, '192.0.2.31');
    expect((await stored(elsewhere.body.comment.id)).status).not.toBe('spam');
  });

  it('when a rule has expired, then it no longer applies', async () => {
    const soon = Date.now() + 1500;
    await addRule({ match: { email: 'brief@example.com' }, action: 'block', expiresAt: new Date(soon).toISOString() });
    expect((await stored((await post({ email: 'brief@example.com' }, '192.0.2.40')).body.comment.id)).status).toBe('spam');
    await new Promise((r) => setTimeout(r, Math.max(0, soon - Date.now() + 50)));
    expect((await stored((await post({ email: 'brief@example.com' }, '192.0.2.40')).body.comment.id)).status).toBe('pending');
  });
});

describe('the rules API', () => {
  it('when blocking a common mail provider, then confirm: true is required', async () => {
    const res = await addRule({ match: { domain: 'Gmail.com' }, action: 'block' }, admin, 'en');
    expect(res.status).toBe(422);
    expect(res.body.fields.confirm).toBe('gmail.com is a common mail provider used by very many people: send confirm: true to confirm.');
    expect((await addRule({ match: { domain: 'gmail.com' }, action: 'block', confirm: true })).status).toBe(201);
    const list = await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: admin });
    expect(list.body.rules[0]).toMatchObject({ match: { domain: 'gmail.com' }, action: 'block' });
    expect((await request(app, 'DELETE', `/api/moderation/rules/${list.body.rules[0].id}`, { cookie: admin, headers: H() })).status).toBe(204);
  });

  it('when a rule would match a very large share of commenters (wide IP ranges, registry suffixes), then confirm: true is required, and narrower ones need none', async () => {
    const broad: Array<[Record<string, string>, string]> = [
      [{ ip: '0.0.0.0/0' }, '0.0.0.0/0 is very wide (/8 or wider) and covers a very large share of commenters: send confirm: true to confirm.'],
      [{ ip: '10.1.2.3/8' }, '10.0.0.0/8 is very wide (/8 or wider) and covers a very large share of commenters: send confirm: true to confirm.'],
      [{ ip: '::/0' }, '::/0 is very wide (/32 or wider) and covers a very large share of commenters: send confirm: true to confirm.'],
      [{ ip: '2001:db8::/32' }, '2001:db8::/32 is very wide (/32 or wider) and covers a very large share of commenters: send confirm: true to confirm.'],
      [{ ip: '::ffff:0:0/96' }, '::ffff:0:0/96 is very wide (/8 or wider) and covers a very large share of commenters: send confirm: true to confirm.'],
      [{ domain: 'com.sa' }, 'com.sa is a registry suffix holding countless domains: send confirm: true to confirm.'],
      [{ domain: 'co.uk' }, 'co.uk is a registry suffix holding countless domains: send confirm: true to confirm.'],
    ];
    const before = (await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: admin })).body.rules.length;
    for (const [match, message] of broad) {
      const res = await addRule({ match, action: 'hold' }, admin, 'en');
      expect(res.status, JSON.stringify(match)).toBe(422);
      expect(res.body.fields.confirm).toBe(message);
    }
    const ar = await addRule({ match: { ip: '0.0.0.0/0' }, action: 'hold' });
    expect(ar.body.fields.confirm).toBe('النطاق ⁦0.0.0.0/0⁩ واسع جداً (⁦/8⁩ أو أوسع) ويشمل عدداً كبيراً جداً من المعلّقين: أرسل confirm: true للتأكيد.');
    expect((await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: admin })).body.rules.length).toBe(before);
    const ids: string[] = [];
    for (const match of [{ ip: '0.0.0.0/0' }, { domain: 'com.sa' }]) {
      const res = await addRule({ match, action: 'hold', confirm: true });
      expect(res.status, JSON.stringify(match)).toBe(201);
      ids.push(res.body.rule.id);
    }
    for (const match of [{ ip: '10.0.0.0/9' }, { ip: '2001:db8::/33' }, { ip: '::ffff:a00:0/105' }, { domain: 'example.com.sa' }, { domain: 'example.co' }]) {
      const res = await addRule({ match, action: 'hold' });
      expect(res.status, JSON.stringify(match)).toBe(201);
      ids.push(res.body.rule.id);
    }
    for (const id of ids) expect((await request(app, 'DELETE', `/api/moderation/rules/${id}`, { cookie: admin, headers: H() })).status).toBe(204);
  });

  it('when a rule is malformed, then 422 names each field in Arabic or English and nothing is stored', async () => {
    const before = (await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: admin })).body.rules.length;
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ match: { ip: '300.1.1.1/8' }, action: 'block' }, ['match']],
      [{ match: { ip: '2001:db8::/129' }, action: 'block' }, ['match']],
      [{ match: { email: 'x@example.com', ip: '1.2.3.4' }, action: 'block' }, ['match']],
      [{ match: { name: 'x' }, action: 'ban' }, ['action', 'match']],
      [{ match: { domain: 'not a domain' }, action: 'hold', expiresAt: Date.now() - 1 }, ['expiresAt', 'match']],
      [{ match: 'x@example.com', action: 'trust', note: 'n'.repeat(501) }, ['match', 'note']],
    ];
    for (const [body, fields] of cases) {
      const res = await addRule(body, admin, 'en');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.fields).sort()).toEqual(fields);
    }
    const ar = await addRule({ match: { ip: 'nope' }, action: 'block' });
    expect(ar.body.fields.match).toContain('CIDR');
    expect((await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: admin })).body.rules.length).toBe(before);
  });

  it('when a moderator of another site reads, adds or deletes rules here, then the site is unknown to them', async () => {
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: H(), body: { email: 'o@example.com', sites: ['other'], password: 'other-password' } });
    const o = await login(app, { email: 'o@example.com', password: 'other-password' });
    expect((await request(app, 'GET', '/api/moderation/rules?site=test', { cookie: o })).status).toBe(400);
    expect((await addRule({ match: { email: 'a@b.example' }, action: 'trust' }, o)).status).toBe(400);
    const mine = await addRule({ match: { email: 'kept@example.com' }, action: 'hold' });
    expect((await request(app, 'DELETE', `/api/moderation/rules/${mine.body.rule.id}`, { cookie: o, headers: H() })).status).toBe(404);
    expect(await app.store.getRule(mine.body.rule.id)).not.toBeNull();
    expect((await request(app, 'POST', '/api/moderation/rules', { cookie: o, headers: H(), body: { site: 'other', match: { ip: '::1' }, action: 'hold' } })).status).toBe(201);
  });
});
