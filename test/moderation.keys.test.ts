import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SiteSettings } from '../server/domain/types.js';
import { keyCacheStats, matchKeys } from '../server/moderation/key-matcher.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

const matches = (key: string, text: string) => matchKeys([key], [text]) === key;
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('word keys are never folded shorter than written (issue 8, point 12)', () => {
  it('when the key is `xxx`, then a single or double x does not match, three or more do', () => {
    for (const text of ['x', 'xx', 'Linux x86_64', BROWSER_UA, 'box, fox and xx']) expect(matches('xxx', text), text).toBe(false);
    for (const text of ['xxx', 'XXX', 'xxxxx', 'see xxxxxxxx here']) expect(matches('xxx', text), text).toBe(true);
  });

  it('when the key is `www`, then only a run of three w matches', () => {
    expect(matches('www', 'wow, a window')).toBe(false);
    expect(matches('www', 'ww')).toBe(false);
    expect(matches('www', 'see www.example.com')).toBe(true);
    expect(matches('www', 'WWWW')).toBe(true);
  });

  it('when the key is «ههههه», then «الله» and shorter laughter do not match, as long or longer does', () => {
    for (const text of ['الله أكبر', 'ه', 'هه', 'ههه', 'هههه']) expect(matches('ههههه', text), text).toBe(false);
    for (const text of ['ههههه', 'ههههههههه', 'ضحكت هههههههه كثيراً']) expect(matches('ههههه', text), text).toBe(true);
  });

  it('when a key has a stretched run inside, then the text needs at least that run there', () => {
    expect(matches('cooool', 'so cooool')).toBe(true);
    expect(matches('cooool', 'so coooooool')).toBe(true);
    expect(matches('cooool', 'so coool')).toBe(false);
    expect(matches('cooool', 'so cool')).toBe(false);
  });

  it('when the text stretches a letter of a plain key, then it still matches; a double never stands for a single', () => {
    expect(matches('ممنوع', 'ممنوووع')).toBe(true);
    expect(matches('ممنوع', 'مممممنوع')).toBe(true);
    expect(matches('spammer', 'SPAMMMMER')).toBe(true);
    expect(matches('spam', 'spaaaam')).toBe(true);
    expect(matches('spam', 'spaam')).toBe(false);
    expect(matches('منوع', 'ممنوع')).toBe(true); // a plain substring, as in WordPress
    expect(matches('ممنوع', 'منوع')).toBe(false);
    expect(matches('192.168.', '192.168.1.9')).toBe(true);
    expect(matches('192', '1992')).toBe(false); // digits are not stretched letters
  });

  it('when several keys match, then the first one in the list is reported, from any field', () => {
    expect(matchKeys(['zzz', 'casino', 'viagra'], ['name', 'VIAGRA and casino'])).toBe('casino');
    expect(matchKeys(['xxx', 'ههههه', 'مم'], ['سارة', 's@example.com', '', 'الله', '127.0.0.1', BROWSER_UA])).toBeNull();
  });

  it('when an adversarial key list of 20,000 near-misses meets a long text, then the scan completes with the right answer', () => {
    // Every key shares a long prefix with the text, so a per-key search would
    // walk most of each key at every position of the text: keys × text work.
    const text = `${'ab'.repeat(2500)} ممنوووع ${'ba'.repeat(2500)}`;
    const keys: string[] = [];
    for (let i = 0; keys.length < 20_000; i++) keys.push(`${'ab'.repeat(40)}${i}`, `${'ba'.repeat(40)}#${i}`);
    // Same skeleton as the text, run lengths that never fit: checked at every position.
    for (let i = 2; i < 60; i++) for (let j = 2; j < 40; j++) keys.push(`a${'b'.repeat(i)}a${'b'.repeat(j)}`);
    keys.push('ممنوع');
    expect(matchKeys(keys, ['name', 'n@example.com', '', text, '127.0.0.1', BROWSER_UA])).toBe('ممنوع');
    expect(matchKeys(keys, [text.replace('ممنوووع', 'مسموح')])).toBeNull();
  }, 120_000);
});

describe('properties, on 10,000 random keys and texts', () => {
  let seed = 12345;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const letters = ['a', 'b', 'x', 'w', 'ه', 'ل', 'م', 'A', 'X', ' ', '.'];
  const word = (max: number) => Array.from({ length: 1 + random(max) }, () => letters[random(letters.length)]).join('');

  it('when WordPress would match (the key is a case-insensitive substring), then Majlis matches too', () => {
    for (let k = 0; k < 10_000; k++) {
      const key = word(5).trim();
      if (!key) continue;
      const text = `${word(6)}${random(2) ? key.toUpperCase() : key}${word(6)}`;
      expect(matchKeys([key], [text]), `${key} in ${text}`).toBe(key);
    }
  }, 120_000);

  it('when a key matches, then the text holds at least as many letters as the key (a key is never shortened)', () => {
    const length = (s: string) => s.replace(/[\s.]/g, '').length;
    for (let k = 0; k < 10_000; k++) {
      const key = word(6).trim();
      const text = word(8);
      if (key && matchKeys([key], [text]) === key) expect(length(text), `${key} in ${text}`).toBeGreaterThanOrEqual(length(key));
    }
  }, 120_000);
});

describe('compiled key lists', () => {
  it('when thousands of different key lists are used, then the compiled ones held stay bounded in lists and nodes', () => {
    for (let i = 0; i < 300; i++) matchKeys([`key${i}`, `${'long'.repeat(500)}${i}`], ['some text']);
    const { lists, nodes } = keyCacheStats();
    expect(lists).toBeLessThanOrEqual(64);
    expect(nodes).toBeLessThanOrEqual(1_000_000);
    expect(matchKeys(['key299'], ['a key299 here'])).toBe('key299');
  });
});

describe('through the API', () => {
  let app: TestApp;
  let cookie: string;
  let ipSeq = 0;
  const BASE: Partial<SiteSettings> = { previouslyApproved: false, maxLinks: 0, moderationKeys: [], disallowedKeys: [] };
  const post = (over: Record<string, unknown>) =>
    postComment(app, over, { 'user-agent': BROWSER_UA, 'x-forwarded-for': `203.0.113.${++ipSeq % 250}` });
  async function statusOf(id: string) {
    for (const status of ['pending', 'spam', 'trash', 'approved']) {
      const res = await request(app, 'GET', `/api/moderation/comments?site=test&status=${status}`, { cookie });
      if (res.body.comments.some((c: { id: string }) => c.id === id)) return status;
    }
    throw new Error('not found');
  }
  async function settings(patch: Partial<SiteSettings>) {
    expect((await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings: { ...BASE, ...patch } }, cookie })).status).toBe(200);
  }

  beforeAll(async () => {
    app = await startApp({ env: { TRUST_PROXY: 'true' } });
    cookie = await login(app);
  });
  beforeEach(() => settings({}));
  afterAll(() => app.close());

  it('when `xxx` and «ههههه» are disallowed, then an ordinary comment from a browser is approved, not trashed', async () => {
    await settings({ disallowedKeys: ['xxx', 'ههههه'] });
    const res = await post({ content: 'الله يعطيك العافية على المقال' });
    expect(await statusOf(res.body.comment.id)).toBe('approved');
    const laugh = await post({ content: 'هههههههه' });
    expect(await statusOf(laugh.body.comment.id)).toBe('trash');
  });

  it('when `www` is a moderation word, then only a comment with www in it is held', async () => {
    await settings({ moderationKeys: ['www'] });
    expect(await statusOf((await post({ content: 'a window with a view' })).body.comment.id)).toBe('approved');
    expect(await statusOf((await post({ content: 'visit www.a.example' })).body.comment.id)).toBe('pending');
  });
});
