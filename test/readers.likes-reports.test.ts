import { io as connect, type Socket } from 'socket.io-client';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, publicBodies, request, secretsSeen } from './helpers/http.js';

/** Issue 14 points 4–7: likes, featured comments, reports, the Atom feed and the new settings. */
let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];
/** Every event readers received in this file, scanned for private data at the end. */
const heard: Array<[string, unknown]> = [];
beforeAll(async () => {
  app = await startApp({ limits: { reactions: { points: 40, seconds: 60 } }, env: { TRUST_PROXY: 'true', SITE_ORIGINS: 'https://blog.example' } });
  cookie = await login(app);
});
afterAll(async () => {
  // hidden emails: no reader event carries an email, IP or user agent the file sent
  expect(heard.length).toBeGreaterThan(0);
  const raw = JSON.stringify(heard);
  for (const secret of secretsSeen) expect(raw, 'reader events leaked private data').not.toContain(secret);
  expect(raw).not.toMatch(/@example\.com|@private\.example/);
  sockets.forEach((s) => s.disconnect());
  await app.close();
});

const reader = (n: number) => `reader-${String(n).padStart(12, '0')}`;
async function approved(page: string, over: Record<string, unknown> = {}) {
  const res = await postComment(app, { page, ...over });
  expect(res.status).toBe(201);
  await moderate(app, cookie, res.body.comment.id, 'approve');
  return res.body.comment.id as string;
}
const like = (id: string, r: string | null, method = 'POST', body: unknown = { reaction: 'like' }, lang?: string) =>
  request(app, method, `/api/comments/${id}/reactions`, { body, headers: r ? { 'majlis-reader': r } : {}, lang });
/** Each reader reports from its own address unless one is given (the threshold counts networks). */
const ipOf = (r: string) => `198.51.100.${(Number(r.slice(-4)) % 250) + 1}`;
const reportIt = (id: string, r: string | null, body: unknown = { reason: 'abuse' }, lang?: string, ip?: string) =>
  request(app, 'POST', `/api/comments/${id}/reports`, { body, headers: r ? { 'majlis-reader': r, 'x-forwarded-for': ip ?? ipOf(r) } : {}, lang });
const thread = async (page: string) => (await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`)).body;
async function joined(page: string) {
  const socket = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const events: Array<[string, any]> = [];
  socket.onAny((name: string, payload: unknown) => {
    events.push([name, payload]);
    heard.push([name, payload]);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  expect(await socket.emitWithAck('join', { site: 'test', page })).toEqual({ ok: true });
  return events;
}
const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check(), what).toBe(true);
};
const settings = (s: Record<string, unknown>, lang?: string) => request(app, 'PATCH', '/api/moderation/sites/test', { cookie, headers: { origin: app.url }, body: { settings: s }, lang });

describe('likes', () => {
  it('when two readers like and one likes twice, then the count is 2, live and on reload; an unlike takes one back', async () => {
    const page = '/likes/1';
    const id = await approved(page);
    const events = await joined(page);
    expect((await like(id, reader(1))).body).toEqual({ id, likes: 1, liked: true });
    expect((await like(id, reader(1))).body).toEqual({ id, likes: 1, liked: true });
    expect((await like(id, reader(2))).body).toEqual({ id, likes: 2, liked: true });
    await until('live likes', () => events.some(([n, p]) => n === 'comment:reactions' && p.id === id && p.likes === 2));
    expect(events.filter(([n]) => n === 'comment:reactions').map(([, p]) => p)).toEqual([
      { id, page, likes: 1 },
      { id, page, likes: 2 },
    ]);
    expect((await thread(page)).comments[0].likes).toBe(2);
    expect((await like(id, reader(2), 'DELETE')).body).toEqual({ id, likes: 1, liked: false });
    expect((await like(id, reader(3), 'DELETE')).body).toEqual({ id, likes: 1, liked: false });
    expect((await thread(page)).comments[0].likes).toBe(1);
  });

  it('when the header, the reaction or the comment is wrong, then 400, 422 or 404 with clear messages', async () => {
    const id = await approved('/likes/2');
    const noHeader = await like(id, null);
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toContain('Majlis-Reader');
    expect((await like(id, 'short', 'POST', undefined, 'en')).status).toBe(400);
    const bad = await like(id, reader(1), 'POST', { reaction: 'love' }, 'en');
    expect(bad.status).toBe(422);
    expect(bad.body.fields).toEqual({ reaction: 'The only known reaction is "like".' });
    expect((await like('nope', reader(1))).status).toBe(404);
    const held = await postComment(app, { page: '/likes/2' });
    expect((await like(held.body.comment.id, reader(1))).status).toBe(404);
  });

  it('when the site turns reactions off, then likes are refused with 403 and threads show 0', async () => {
    const page = '/likes/3';
    const id = await approved(page);
    await like(id, reader(1));
    expect((await settings({ reactions: false })).status).toBe(200);
    try {
      const res = await like(id, reader(2), 'POST', { reaction: 'like' }, 'en');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'forbidden', message: 'Likes are turned off on this site.' });
      const body = await thread(page);
      expect(body.thread.reactions).toBe(false);
      expect(body.comments[0].likes).toBe(0);
    } finally {
      await settings({ reactions: true });
    }
  });

  it('when reactions are off, then sort=popular answers the oldest order and live events carry no likes (live equals reload)', async () => {
    const page = '/likes/off-popular';
    const a = await approved(page);
    const b = await approved(page);
    await like(b, reader(301));
    await like(b, reader(302));
    expect((await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}&sort=popular`)).body.comments.map((c: any) => c.id)).toEqual([b, a]);
    await settings({ reactions: false });
    try {
      const popular = (await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}&sort=popular`)).body;
      expect(popular.comments.map((c: any) => c.id)).toEqual([a, b]);
      const events = await joined(page);
      await moderate(app, cookie, b, 'feature');
      await moderate(app, cookie, b, 'pending');
      await moderate(app, cookie, b, 'approve');
      await until('featured and approved live', () => events.some(([n]) => n === 'comment:featured') && events.some(([n, p]) => n === 'comment:approved' && p.id === b));
      const live = events.filter(([n]) => n === 'comment:featured' || n === 'comment:approved').map(([n, p]) => (n === 'comment:featured' ? p.comment : p));
      for (const c of live) expect(c.likes).toBe(0);
      const reload = (await thread(page)).comments.find((c: any) => c.id === b);
      expect(reload.likes).toBe(0);
      expect(events.find(([n]) => n === 'comment:approved')![1]).toEqual(reload);
    } finally {
      await settings({ reactions: true });
    }
  });

  it('when one address likes one comment under many reader ids, then only 5 count (429 after), while other addresses and comments still can', async () => {
    const page = '/likes/one-ip';
    const id = await approved(page);
    const other = await approved(page);
    const from = (target: string, n: number, ip: string) =>
      request(app, 'POST', `/api/comments/${target}/reactions`, { body: { reaction: 'like' }, headers: { 'majlis-reader': reader(n), 'x-forwarded-for': ip } });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await from(id, 400 + i, '203.0.113.50')).status);
    expect(answers).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect((await app.store.getComment(id))!.likes).toBe(5);
    expect((await from(id, 410, '2001:db8:9:9::1')).status).toBe(200);
    expect((await from(other, 411, '203.0.113.50')).status).toBe(200);
    expect((await thread(page)).comments.find((c: any) => c.id === id).likes).toBe(6);
  });

  it('when one IP likes past its limit, then 429 with Retry-After', async () => {
    const id = await approved('/likes/4');
    let last = await like(id, reader(100));
    for (let i = 1; i < 45 && last.status !== 429; i++) last = await like(id, reader(100 + i));
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body.error).toBe('rate_limited');
  });
});

describe('featured', () => {
  it('when a moderator features an approved comment, then readers get comment:featured and the thread lists it; unfeature undoes it; audit records both', async () => {
    const page = '/featured/1';
    const id = await approved(page);
    const events = await joined(page);
    const res = await moderate(app, cookie, id, 'feature');
    expect(res.status).toBe(200);
    expect(res.body.comment.featured).toBe(true);
    await until('featured', () => events.some(([n, p]) => n === 'comment:featured' && p.id === id && p.featured));
    const body = await thread(page);
    expect(body.featured.map((c: any) => c.id)).toEqual([id]);
    expect(body.comments[0].featured).toBe(true);
    await moderate(app, cookie, id, 'unfeature');
    await until('unfeatured', () => events.some(([n, p]) => n === 'comment:featured' && p.id === id && !p.featured));
    expect((await thread(page)).featured).toEqual([]);
    const audit = await request(app, 'GET', '/api/moderation/audit?site=test', { cookie });
    const actions = audit.body.entries.filter((e: any) => e.target === id).map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['comment.feature', 'comment.unfeature']));
  });

  it('when a featured reply loses its root, then live readers hear the root removed, and the thread and the feed (reload) drop the reply too', async () => {
    const page = '/featured/orphan';
    const root = await approved(page);
    const replyId = await approved(page, { parentId: root, content: 'رد مختار' });
    expect((await moderate(app, cookie, replyId, 'feature')).status).toBe(200);
    expect((await thread(page)).featured.map((c: any) => c.id)).toEqual([replyId]);
    const feedIds = async () => (await new Parser().parseString(await (await fetch(`${app.url}/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`)).text())).items.map((i) => i.id);
    expect(await feedIds()).toContain(`tag:majlis,2026:comment/${replyId}`);
    const events = await joined(page);
    expect((await moderate(app, cookie, root, 'trash')).status).toBe(200);
    // live: the root goes, and with it its subtree (featured included) in the widget
    await until('root removed', () => events.some(([n, p]) => n === 'comment:removed' && p.id === root));
    const body = await thread(page);
    expect(body.comments).toEqual([]);
    expect(body.featured).toEqual([]);
    expect(await feedIds()).toEqual([]);
    const siteFeed = await (await fetch(`${app.url}/feed/comments.atom?site=test`)).text();
    expect(siteFeed).not.toContain(replyId);
    expect((await moderate(app, cookie, root, 'restore')).status).toBe(200);
    expect((await moderate(app, cookie, root, 'approve')).status).toBe(200);
    expect((await thread(page)).featured.map((c: any) => c.id)).toEqual([replyId]);
  });

  it('when the comment is held, then feature is refused with 409 in Arabic; over the socket too', async () => {
    const held = await postComment(app, { page: '/featured/2' });
    const res = await moderate(app, cookie, held.body.comment.id, 'feature');
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('لا يُختار إلا تعليق موافق عليه.');
    const socket = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const ack = await socket.emitWithAck('moderate', { id: held.body.comment.id, action: 'feature' });
    expect(ack).toMatchObject({ ok: false, error: 'conflict' });
    const id = await approved('/featured/2');
    expect(await socket.emitWithAck('moderate', { id, action: 'feature' })).toMatchObject({ ok: true, comment: { featured: true } });
  });
});

describe('reports', () => {
  it('when three readers report (one twice), then the comment goes to pending with «أبلغ عنه ٣ قرّاء», readers lose it, and dismiss clears the reports', async () => {
    const page = '/reports/1';
    const id = await approved(page);
    const events = await joined(page);
    expect((await reportIt(id, reader(1), { reason: 'spam', note: 'إعلان' })).status).toBe(202);
    expect((await reportIt(id, reader(1), { reason: 'spam' })).status).toBe(202);
    expect((await reportIt(id, reader(2), { reason: 'abuse' })).status).toBe(202);
    let mod = (await request(app, 'GET', '/api/moderation/comments?site=test&status=approved', { cookie })).body.comments.find((c: any) => c.id === id);
    expect(mod.reports).toEqual({ count: 2, reasons: { spam: 1, abuse: 1, off_topic: 0, other: 0 }, notes: ['إعلان'] });
    expect((await reportIt(id, reader(3), { reason: 'off_topic' })).body).toEqual({ ok: true });
    await until('removed', () => events.some(([n, p]) => n === 'comment:removed' && p.id === id));
    expect((await thread(page)).comments).toEqual([]);
    mod = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie })).body.comments.find((c: any) => c.id === id);
    expect(mod.reasons).toContain('أبلغ عنه ٣ قرّاء');
    expect(mod.reports.count).toBe(3);
    const en = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie, lang: 'en' })).body.comments.find((c: any) => c.id === id);
    expect(en.reasons).toContain('Reported by 3 readers');
    const dismissed = await moderate(app, cookie, id, 'dismiss_reports');
    expect(dismissed.body.comment.reports).toEqual({ count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] });
    const audit = await request(app, 'GET', '/api/moderation/audit?site=test', { cookie });
    expect(audit.body.entries.some((e: any) => e.target === id && e.action === 'comment.dismiss_reports')).toBe(true);
  });

  it('when one address reports under many reader ids, then it counts once and the comment stays; a reader elsewhere adds one', async () => {
    await settings({ reportThreshold: 3 });
    const page = '/reports/one-ip';
    const id = await approved(page);
    for (let i = 100; i < 110; i++) expect((await reportIt(id, reader(i), { reason: 'spam', note: `n${i}` }, undefined, '203.0.113.77')).status).toBe(202);
    let c = (await app.store.getComment(id))!;
    expect(c.status).toBe('approved');
    expect(c.reports.count).toBe(1);
    expect((await thread(page)).comments.map((x: any) => x.id)).toEqual([id]);
    // the same /64 under another address is the same network
    await reportIt(id, reader(111), { reason: 'spam' }, undefined, '2001:db8:1:2::1');
    await reportIt(id, reader(112), { reason: 'spam' }, undefined, '2001:db8:1:2::ffff');
    c = (await app.store.getComment(id))!;
    expect(c.reports.count).toBe(2);
    expect(c.status).toBe('approved');
    const stored = JSON.stringify(await app.store.getComment(id));
    expect(stored).not.toMatch(/203\.0\.113\.77|2001:db8/);
  });

  it('when a moderator approves a report-held comment, then its reports are cleared and one more report does not hold it again', async () => {
    await settings({ reportThreshold: 2 });
    try {
      const page = '/reports/approved-again';
      const id = await approved(page);
      await reportIt(id, reader(201));
      await reportIt(id, reader(202));
      expect((await app.store.getComment(id))!.status).toBe('pending');
      const res = await moderate(app, cookie, id, 'approve');
      expect(res.status).toBe(200);
      expect(res.body.comment.reports).toEqual({ count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] });
      const audit = await request(app, 'GET', '/api/moderation/audit?site=test', { cookie });
      expect(audit.body.entries.filter((e: any) => e.target === id).map((e: any) => e.action)).toEqual(expect.arrayContaining(['comment.approved', 'comment.dismiss_reports']));
      expect((await reportIt(id, reader(203))).status).toBe(202);
      const c = (await app.store.getComment(id))!;
      expect(c.status).toBe('approved');
      expect(c.reports.count).toBe(1);
      expect((await thread(page)).comments.map((x: any) => x.id)).toEqual([id]);
    } finally {
      await settings({ reportThreshold: 3 });
    }
  });

  it('when the reason or note is bad, then 422 names the field; a held comment cannot be reported', async () => {
    const id = await approved('/reports/2');
    const bad = await reportIt(id, reader(1), { reason: 'boring', note: 'x'.repeat(501) }, 'en');
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['note', 'reason']);
    expect((await reportIt(id, null)).status).toBe(400);
    const held = await postComment(app, { page: '/reports/2' });
    expect((await reportIt(held.body.comment.id, reader(1))).status).toBe(404);
  });

  it('when reportThreshold is 1 and arabic plural forms are asked for, then one report holds it («أبلغ عنه قارئ واحد»)', async () => {
    await settings({ reportThreshold: 1 });
    try {
      const id = await approved('/reports/3');
      await reportIt(id, reader(9));
      const c = await app.store.getComment(id);
      expect(c!.status).toBe('pending');
      const mod = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie })).body.comments.find((x: any) => x.id === id);
      expect(mod.reasons).toContain('أبلغ عنه قارئ واحد');
    } finally {
      await settings({ reportThreshold: 3 });
    }
  });
});

describe('settings', () => {
  it('when every new setting is bad, then 422 names each in Arabic and English and nothing is stored', async () => {
    const bad = { editWindowMinutes: 1441, defaultSort: 'random', reactions: 'yes', reportThreshold: 0 };
    const ar = await settings(bad);
    expect(ar.status).toBe(422);
    expect(Object.keys(ar.body.fields).sort()).toEqual(['defaultSort', 'editWindowMinutes', 'reactions', 'reportThreshold']);
    expect(ar.body.fields.editWindowMinutes).toMatch(/[\u0600-\u06FF]/);
    const en = await settings(bad, 'en');
    expect(en.body.fields.reportThreshold).toBe('Must be a whole number from 1 to 100.');
    expect(en.body.fields.defaultSort).toBe('Must be one of: oldest, newest, popular.');
    const site = await request(app, 'GET', '/api/moderation/sites/test', { cookie });
    expect(site.body.site.settings).toMatchObject({ editWindowMinutes: 10, defaultSort: 'oldest', reactions: true, reportThreshold: 3 });
  });

  it('when defaultSort is newest, then a thread without sort= comes newest first and says so', async () => {
    const page = '/settings/sort';
    const a = await approved(page);
    const b = await approved(page);
    await settings({ defaultSort: 'newest' });
    try {
      const body = await thread(page);
      expect(body.sort).toBe('newest');
      expect(body.thread.defaultSort).toBe('newest');
      expect(body.comments.map((c: any) => c.id)).toEqual([b, a]);
    } finally {
      await settings({ defaultSort: 'oldest' });
    }
  });
});

describe('Atom feed', () => {
  it('when a feed parser reads the site and page feeds, then entries are the newest approved comments with name, text, date and permalink, and no private data', async () => {
    const page = '/feed/article';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await approved(page, { pageUrl: 'https://blog.example/feed/article', content: `سطر ${i} <b>غامق</b> & رمز`, email: `feed${i}@private.example` }));
    await postComment(app, { page, content: 'معلّق لا يظهر' });
    const res = await fetch(`${app.url}/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await res.text();
    publicBodies.push(xml);
    for (let i = 0; i < 3; i++) secretsSeen.add(`feed${i}@private.example`);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const feed = await new Parser().parseString(xml);
    expect(feed.items.map((i) => i.link)).toEqual([...ids].reverse().map((id) => `https://blog.example/feed/article#comment-${id}`));
    expect(feed.items[0]!.title).toBe('تعليق من \u2068سارة\u2069');
    expect(feed.items[0]!.content).toContain('سطر 2 &lt;b&gt;غامق&lt;/b&gt; &amp; رمز');
    expect(Number.isNaN(Date.parse(feed.items[0]!.isoDate!))).toBe(false);
    expect(xml).not.toContain('معلّق لا يظهر');
    expect(xml).not.toMatch(/@private\.example|@example\.com|127\.0\.0\.1|MajlisTestAgent/);
    const siteFeed = await (await fetch(`${app.url}/feed/comments.atom?site=test`)).text();
    publicBodies.push(siteFeed);
    expect((await new Parser().parseString(siteFeed)).items.length).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${app.url}/feed/comments.atom?site=nope`)).status).toBe(400);
  });
});

describe('Atom feed in mixed directions', () => {
  it('when a name runs left to right and a comment has an English then an Arabic paragraph, then the title isolates the name and each paragraph takes its own direction', async () => {
    const page = '/feed/mixed';
    await approved(page, { name: 'John Smith (UK)', content: 'Great piece.\n\nمقال رائع، شكراً' });
    const feed = await new Parser().parseString(await (await fetch(`${app.url}/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`)).text());
    expect(feed.items[0]!.title).toBe('تعليق من \u2068John Smith (UK)\u2069');
    expect(feed.items[0]!.content).toBe('<p dir="auto">Great piece.</p><p dir="auto">مقال رائع، شكراً</p>');
  });
});

describe('Atom feed with control characters', () => {
  it('when a name, text or page title carries characters XML 1.0 forbids, then the feed is still well-formed XML without them', async () => {
    const page = '/feed/control';
    const bad = '\u0001\u0008\u000b\u000c\u001f\ufffe\uffff';
    const id = await approved(page, { pageUrl: `https://blog.example/feed/control?x=${bad}`, pageTitle: `عنوان${bad}`, name: `سارة${bad}`, content: `نص${bad} سليم` });
    const res = await fetch(`${app.url}/feed/comments.atom?site=test&page=${encodeURIComponent(page)}`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    publicBodies.push(xml);
    const { SaxesParser } = await import('saxes');
    const strict = new SaxesParser({ xmlns: true });
    const errors: string[] = [];
    strict.on('error', (e) => errors.push(e.message));
    strict.write(xml).close();
    expect(errors).toEqual([]);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const feed = await new Parser().parseString(xml);
    expect(feed.items.map((i) => i.id)).toEqual([`tag:majlis,2026:comment/${id}`]);
    expect(feed.items[0]!.content).toContain('نص سليم');
  });
});
