import { decodeHTML } from 'entities';
import Parser from 'rss-parser';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, publicBodies, request } from './helpers/http.js';

/**
 * Names are shown as text everywhere (the widget writes them with Lit, the feed must too): a
 * hostile name neither survives as a tag in what is stored nor injects an element or attribute
 * into the Atom feed, whose entry titles are type="html".
 */
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://blog.example' } });
  cookie = await login(app);
});
afterAll(() => app?.close());

const HOSTILE = [
  'x<<b>img src=x onerror=alert(document.domain)>y',
  '<<script>script>alert(1)<</script>/script>z',
  'a<scr<script>ipt>alert(1)</script>b',
  '"><svg onload=alert(1)>c',
  ']]><img src=x onerror=alert(1)>d',
  ']]>&lt;img src=x onerror=alert(1)&gt;',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  "O'Brien & <i>co</i> <3",
  '<!--<img src=x>-->e',
];

/** Every element name in an XML document, read by a strict parser (which throws on broken XML). */
function elements(xml: string): string[] {
  const names: string[] = [];
  const p = new SaxesParser();
  p.on('opentag', (t) => names.push(t.name));
  p.write(xml).close();
  return names;
}

/** The text of every <author><name> (a plain-text element: its XML text is what readers show). */
function authorNames(xml: string): string[] {
  const out: string[] = [];
  let inName = false;
  const p = new SaxesParser();
  p.on('opentag', (t) => {
    if (t.name !== 'name') return;
    inName = true;
    out.push('');
  });
  p.on('closetag', () => (inName = false));
  p.on('text', (t) => {
    if (inName) out[out.length - 1] += t;
  });
  p.write(xml).close();
  return out;
}
const ATOM = new Set(['feed', 'id', 'title', 'updated', 'generator', 'link', 'entry', 'published', 'content', 'author', 'name', 'uri', 'category', 'contributor']);

describe('hostile names in the Atom feed', () => {
  it('when a name nests a tag inside a tag, then no tag is left of it once stored', async () => {
    const res = await postComment(app, { name: '<<b>img src=x onerror=alert(document.domain)>' });
    expect(res.status).toBe(422);
    expect(res.body.fields.name.key ?? res.body.fields.name).toBeTruthy();
    const kept = await postComment(app, { name: HOSTILE[0] });
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body.comment.author.name).toBe('xy');
  });

  it('when hostile names are approved, then the feed parses, has only Atom elements, and every title shows the name as the API gives it', async () => {
    const page = '/hostile/names';
    const shown = new Map<string, string>();
    for (const name of HOSTILE) {
      const res = await postComment(app, { page, name, pageUrl: 'https://blog.example/hostile/names', pageTitle: '<img src=x onerror=alert(1)> & "عنوان"' });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      const stored = res.body.comment.author.name as string;
      expect(stored, name).not.toMatch(/<[a-z!/?]/i);
      shown.set(res.body.comment.id, stored);
      expect((await moderate(app, cookie, res.body.comment.id, 'approve')).status).toBe(200);
    }
    const listed = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent(page)}`, { headers: { origin: 'https://blog.example' } });
    const apiNames = new Map<string, string>(listed.body.comments.map((c: { id: string; author: { name: string } }) => [c.id, c.author.name]));
    for (const [id, name] of shown) expect(apiNames.get(id)).toBe(name);

    for (const query of [`site=test&page=${encodeURIComponent(page)}`, 'site=test']) {
      const xml = await (await fetch(`${app.url}/feed/comments.atom?${query}`)).text();
      publicBodies.push(xml);
      expect(elements(xml).filter((n) => !ATOM.has(n))).toEqual([]);
      const names = authorNames(xml);
      for (const name of shown.values()) expect(names, name).toContain(name);
      const feed = await new Parser().parseString(xml);
      for (const [id, name] of shown) {
        const item = feed.items.find((i) => i.id === `tag:majlis,2026:comment/${id}`)!;
        // type="html": the title is HTML; as text it must be the name the widget shows, with no markup in it
        expect(item.title, name).not.toMatch(/<[a-z!/?]/i);
        expect(decodeHTML(item.title!)).toBe(`تعليق من \u2068${name}\u2069`);
      }
      if (query.includes('page=')) expect(feed.title).toBe('تعليقات \u2068<img src=x onerror=alert(1)> & "عنوان"\u2069');
    }
  });
});
