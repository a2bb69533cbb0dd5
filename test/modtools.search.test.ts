import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

/** Issue 13 point 1: search with operators and Arabic folding, newest first with a stable cursor. */
let app: TestApp;
let admin: string;
let now = Date.UTC(2026, 10, 2, 9);
const ids: Record<string, string> = {};

async function add(key: string, over: Record<string, unknown>, ip = '192.0.2.1') {
  now += 1000;
  const res = await postComment(app, over, { 'x-forwarded-for': ip });
  expect(res.status).toBe(201);
  ids[key] = res.body.comment.id;
}
const search = async (qs: string, cookie = admin) => {
  const res = await request(app, 'GET', `/api/moderation/comments?site=test&${qs}`, { cookie, lang: 'en' });
  return res;
};
const found = async (qs: string) => {
  const res = await search(qs);
  expect(res.status).toBe(200);
  return (res.body.comments as Array<{ id: string }>).map((c) => Object.entries(ids).find(([, id]) => id === c.id)?.[0] ?? c.id);
};

beforeAll(async () => {
  app = await startApp({ clock: () => now, env: { TRUST_PROXY: 'true', SITE_ORIGINS: 'https://news.example' } });
  admin = await login(app);
  await add('hamza', { content: 'قرأتُ المقالةَ عن الإسلام والعلوم', name: 'سارة', email: 'Sara@Example.com', page: '/news/1', pageUrl: 'https://news.example/news/1' }, '203.0.113.5');
  await add('tatweel', { content: 'مقـــالة رائعة جداً ٢٠٢٦', name: 'أحمد', email: 'ahmad@example.com', page: '/news/2', pageUrl: 'https://news.example/news/2' }, '2001:db8:1::7');
  await add('english', { content: 'A great ARTICLE about science', name: 'John', email: 'john@example.com', page: '/news/1', pageUrl: 'https://news.example/news/1' }, '198.51.100.9');
  await add('short', { content: 'نعم ok', name: 'ليلى', email: 'laila@example.com', page: '/news/3' }, '203.0.113.200');
  const res = await request(app, 'POST', `/api/moderation/comments/${ids.english}/actions`, { cookie: admin, headers: { origin: app.url }, body: { action: 'spam' } });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(() => app.close());

describe('search words', () => {
  it('when words are spelled with or without hamza, tashkeel, tatweel or Arabic digits, then they match the same comments', async () => {
    expect(await found('q=الاسلام')).toEqual(['hamza']);
    expect(await found(`q=${encodeURIComponent('الإسلامَ')}`)).toEqual(['hamza']);
    expect((await found('q=مقالة')).sort()).toEqual(['hamza', 'tatweel']);
    expect(await found('q=2026')).toEqual(['tatweel']);
    expect(await found('q=article science')).toEqual(['english']); // every word must be there; any status
    expect(await found('q=article%20nothing')).toEqual([]);
    expect(await found('q=ok')).toEqual(['short']); // under three letters
    expect(await found(`q=${encodeURIComponent('"great article"')}`)).toEqual(['english']);
  });

  it('when searching by name:, email:, ip: (address or CIDR, v4 and v6), page:, url: and status:, then each narrows the result', async () => {
    expect(await found(`q=${encodeURIComponent('name:ساره')}`)).toEqual(['hamza']);
    expect(await found(`q=${encodeURIComponent('email:sara@example.com')}`)).toEqual(['hamza']);
    expect(await found(`q=${encodeURIComponent('ip:203.0.113.0/24')}`)).toEqual(['short', 'hamza']);
    expect(await found(`q=${encodeURIComponent('ip:203.0.113.5')}`)).toEqual(['hamza']);
    expect(await found(`q=${encodeURIComponent('ip:2001:db8::/32')}`)).toEqual(['tatweel']);
    expect(await found(`q=${encodeURIComponent('page:/news/1')}`)).toEqual(['english', 'hamza']);
    expect(await found('page=%2Fnews%2F1&status=spam')).toEqual(['english']);
    expect(await found(`q=${encodeURIComponent('url:https://news.example/news/*')}`)).toEqual(['english', 'tatweel', 'hamza']);
    expect(await found(`q=${encodeURIComponent('status:pending page:/news/1')}`)).toEqual(['hamza']);
    expect(await found(`q=${encodeURIComponent('مقالة ip:203.0.113.0/24')}`)).toEqual(['hamza']);
  });

  it('when an operator value is bad, then 422 names q, in English and Arabic', async () => {
    const res = await search(`q=${encodeURIComponent('ip:300.0.0.0/8')}`);
    expect(res.status).toBe(422);
    expect(res.body.fields.q).toBe('The search value of "ip:" is not valid.');
    const st = await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent('status:deleted')}`, { cookie: admin });
    expect(st.status).toBe(422);
    expect(st.body.fields.q).toBe('قيمة «status:» في البحث غير صالحة.');
  });
});

describe('search and the plain queue', () => {
  it('when q or page is given without status (even an empty q), then every status is searched; without them the queue is pending only', async () => {
    const res = await request(app, 'POST', `/api/moderation/comments/${ids.short}/actions`, { cookie: admin, headers: { origin: app.url }, body: { action: 'approve' } });
    expect(res.status).toBe(200);
    expect(await found('page=%2Fnews%2F1')).toEqual(['english', 'hamza']); // spam and pending
    expect(await found('page=%2Fnews%2F3')).toEqual(['short']); // approved
    expect(await found('q=')).toEqual(['short', 'english', 'tatweel', 'hamza']);
    expect(await found('q=&status=approved')).toEqual(['short']);
    expect(await found(`q=${encodeURIComponent('ليلى')}`)).toEqual(['short']); // the author's name, approved
    expect(await found('')).toEqual(['tatweel', 'hamza']); // the plain queue: pending
    expect(await found('status=spam')).toEqual(['english']);
    await request(app, 'POST', `/api/moderation/comments/${ids.short}/actions`, { cookie: admin, headers: { origin: app.url }, body: { action: 'pending' } });
  });
});

describe('search pages', () => {
  it('when more matches exist than one page, then the cursor walks them newest first without repeats or gaps, even as new ones arrive', async () => {
    for (let i = 0; i < 55; i++) await add(`bulk${i}`, { content: `تعليق للتصفح رقم ${i}`, page: '/bulk' });
    const first = await search(`q=${encodeURIComponent('للتصفح')}`);
    expect(first.body.comments).toHaveLength(50);
    await add('late', { content: 'تعليق للتصفح متأخر', page: '/bulk' });
    const second = await search(`q=${encodeURIComponent('للتصفح')}&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.comments).toHaveLength(5);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.comments, ...second.body.comments].map((c: { id: string }) => c.id);
    expect(all).toEqual(Array.from({ length: 55 }, (_, i) => ids[`bulk${54 - i}`]));
  });

  it('when a moderator of another site searches here, then the site is unknown to them', async () => {
    await request(app, 'POST', '/api/moderation/sites', { cookie: admin, headers: { origin: app.url }, body: { id: 'elsewhere' } });
    await request(app, 'POST', '/api/moderation/moderators', { cookie: admin, headers: { origin: app.url }, body: { email: 'e@example.com', sites: ['elsewhere'], password: 'else-password' } });
    const other = await login(app, { email: 'e@example.com', password: 'else-password' });
    expect((await search('q=مقالة', other)).status).toBe(400);
  });
});
