import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomFeed } from '../server/feed/atom.js';
import { DEFAULT_SETTINGS, type Site, type StoredComment } from '../server/domain/types.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, publicBodies } from './helpers/http.js';

/**
 * Where a comment feed's links point (RFC 4287 §4.2.7.2): the feed's own `alternate` is the
 * site (or page) the feed stands for; each entry's is the comment's permalink.
 */
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://blog.example,https://www.blog.example' } });
  cookie = await login(app);
});
afterAll(() => app?.close());

async function approved(page: string, over: Record<string, unknown> = {}) {
  const res = await postComment(app, { page, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await moderate(app, cookie, res.body.comment.id, 'approve');
  return res.body.comment.id as string;
}

/** The feed-level and per-entry alternate links of an Atom document, read from its XML. */
function links(xml: string): { feed: string[]; entries: string[][] } {
  const alternates = (part: string) => [...part.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]).filter((l) => /rel="alternate"/.test(l) || !/rel=/.test(l)).map((l) => /href="([^"]*)"/.exec(l)![1]!.replace(/&amp;/g, '&'));
  const [head, ...entries] = xml.split(/<entry>/);
  return { feed: alternates(head!), entries: entries.map((e) => alternates(e.split('</entry>')[0]!)) };
}

async function feed(query: string) {
  const res = await fetch(`${app.url}/feed/comments.atom?${query}`);
  expect(res.status).toBe(200);
  const xml = await res.text();
  publicBodies.push(xml);
  return xml;
}

describe('Atom feed links', () => {
  it('when the site feed is read, then its alternate link is the site, not the article of its newest comment; entries keep their permalinks', async () => {
    const older = await approved('/links/older', { pageUrl: 'https://blog.example/links/older' });
    const newest = await approved('/links/newest', { pageUrl: 'https://blog.example/links/newest' });
    const { feed: site, entries } = links(await feed('site=test'));
    expect(site).toEqual(['https://blog.example/']);
    expect(entries.slice(0, 2)).toEqual([[`https://blog.example/links/newest#comment-${newest}`], [`https://blog.example/links/older#comment-${older}`]]);
  });

  it('when a page feed is read, then its alternate link is still that page', async () => {
    await approved('/links/page', { pageUrl: 'https://blog.example/links/page' });
    expect(links(await feed(`site=test&page=${encodeURIComponent('/links/page')}`)).feed).toEqual(['https://blog.example/links/page']);
  });

  it('when a comment in the site feed has no page address, then its entry links its own page on the site, not another article', async () => {
    const bare = await approved('/links/bare');
    await approved('/links/other', { pageUrl: 'https://blog.example/links/other' });
    const { entries } = links(await feed('site=test'));
    const entry = entries.find((e) => e[0]?.endsWith(`#comment-${bare}`));
    expect(entry).toEqual([`https://blog.example/links/bare#comment-${bare}`]);
  });

  it('when a site has no origin, then the site feed has no alternate link rather than one to a comment’s article', () => {
    const site: Site = { id: 'bare', origins: [], settings: DEFAULT_SETTINGS, createdAt: 0 };
    const comment = { id: 'c1', site: 'bare', page: '/p', pageUrl: 'https://elsewhere.example/p', pageTitle: null, authorName: 'سارة', authorUrl: null, content: 'نص', createdAt: 1, editedAt: null } as unknown as StoredComment;
    const { feed: alternates, entries } = links(atomFeed(site, null, [comment], null));
    expect(alternates).toEqual([]);
    expect(entries).toEqual([['https://elsewhere.example/p#comment-c1']]);
  });
});
