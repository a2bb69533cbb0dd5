import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLinks } from '../server/moderation/links.js';
import { findLinks } from '../server/shared/links.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

/**
 * What WordPress's check_comment counts (kses, then make_clickable, then
 * `<a … href`), case by case: [text, the links as shown, why].
 */
const CASES: Array<[string, string[], string]> = [
  // The two cases of issue 8, point 13.
  ['Mirrors: (www.a.example) (www.b.example)', [], 'www. must follow the start or a space, not "("'],
  ['Join irc://chat.a.example/room or gopher://b.example/', ['irc://chat.a.example/room', 'gopher://b.example/'], 'irc: and gopher: are allowed protocols'],
  // scheme:// — what may precede it
  ['https://a.example/x', ['https://a.example/x'], 'start of text'],
  ['see http://www.a.example and www.b.example', ['http://www.a.example', 'www.b.example'], 'one link each'],
  ['(https://a.example/x)', ['https://a.example/x'], 'after "("; the unpaired ")" stays out'],
  ['https://w.example/wiki/Foo_(bar) ok', ['https://w.example/wiki/Foo_(bar)'], 'a paired ")" stays in'],
  ['x:https://a.example x,https://b.example x!https://c.example', ['https://a.example', 'https://b.example', 'https://c.example'], 'after : , !'],
  ['xhttps://a.example', [], 'after a letter'],
  ['"https://a.example" \'https://b.example\'', [], 'after a quote'],
  ['«https://a.example»', [], 'after an Arabic quotation mark'],
  ['x&https://a.example', ['https://a.example'], '"&" is "&amp;" to make_clickable, so ";" precedes'],
  ['رابط:https://a.example، وآخر https://b.example', ['https://a.example', 'https://b.example'], 'Arabic text around; the Arabic comma is shown outside'],
  ['https://a.example/مقال-جديد', ['https://a.example/مقال-جديد'], 'non-ASCII in the address'],
  // scheme:// — which schemes
  ['HTTPS://A.EXAMPLE', ['HTTPS://A.EXAMPLE'], 'any case'],
  ['ftp://a.example/f news://n.example feed://f.example', ['ftp://a.example/f', 'news://n.example', 'feed://f.example'], 'allowed protocols'],
  ['javascript://a.example/%0Aalert(1) data://x.example my_app://x.example', [], 'not allowed protocols'],
  ['http:// alone', [], 'nothing after ://'],
  [`https://a.example/${'a'.repeat(1985)}`, [`https://a.example/${'a'.repeat(1985)}`], '2,000 bytes after :// at most'],
  [`https://a.example/${'a'.repeat(1995)}`, [], 'over 2,000 bytes after ://'],
  // www. and ftp.
  ['www.a.example. Next', ['www.a.example'], 'one trailing "." dropped'],
  ['WWW.A.EXAMPLE, ftp.b.example', ['WWW.A.EXAMPLE', 'ftp.b.example'], 'any case, ftp. too'],
  ['see:www.a.example xwww.b.example', [], 'only after the start or a space'],
  ['the word www and http: alone', [], 'not addresses'],
  // email addresses
  ['write to me@a.example.', ['me@a.example'], 'after a space'],
  ['(me@a.example) mail:me@b.example', [], 'not after "(" or ":"'],
  ['me@a.b', [], 'a one-letter top-level domain'],
  // markup, as kses leaves it and make_clickable skips it
  ['<a href="https://a.example">https://a.example</a>', ['https://a.example'], 'a typed anchor; its own address is folded into it'],
  ['<a href="https://a.example">see https://b.example</a>', ['https://a.example', 'https://b.example'], 'text inside an anchor is still made clickable'],
  ['<a title="t">https://a.example</a>', [], 'an anchor without href swallows the link that is its whole text'],
  ['<A title="t" HREF="x">x</A> write to me@b.example', ['x', 'me@b.example'], 'tag and attribute case'],
  ['<a href="javascript:alert(1)">x</a>', ['javascript:alert(1)'], 'kses keeps the href (without the protocol): it counts'],
  ['<b>https://a.example</b> foo<b>https://b.example</b>', ['https://a.example', 'https://b.example'], 'kept tags separate text runs'],
  ['foo<span>https://a.example</span>', [], 'kses removes <span>, so a letter precedes'],
  ['<code>https://a.example</code> https://b.example', ['https://b.example'], 'nothing inside <code>'],
  ['<pre>https://a.example</pre>', ['https://a.example'], 'kses removes <pre> from a guest comment'],
  ['<img src="https://a.example/i.png"> <!-- https://b.example -->', [], 'inside tags and comments'],
  ['I <3 https://a.example and https://b.example', ['https://a.example', 'https://b.example'], 'a lone "<" is text'],
  ['x>https://a.example', ['https://a.example'], '">" is "&gt;" to make_clickable, so ";" precedes'],
  ['<a href="x"><a href="y">t</a></a>', ['x'], 'an anchor that is the whole content of another is removed'],
  ['<!-- https://a.example --> www.b.example', ['www.b.example'], 'an HTML comment is skipped'],
  ['x <!-- a <b> https://c.example --> d', ['https://c.example'], 'not a comment to kses: its "<" meets another "<" first'],
  ['feed://a.example/x:y feed://b.example/?q=x:y', ['feed://b.example/?q=x:y'], "esc_url's second check of a feed: address"],
  ["read https://w.example/wiki/Ender's_Game now", ["https://w.example/wiki/Ender's_Game"], 'an apostrophe inside an address (shown whole)'],
  ["ftp://'(http://b.example", ['ftp://', 'http://b.example'], "check_comment sees ' slashed, which ends the first address"],
];

describe('links counted as WordPress counts them (issue 8, point 13)', () => {
  const label = (t: string) => (t.length > 60 ? `${t.slice(0, 57)}…` : t);
  it.each(CASES.map(([t, shown, why]) => [label(t), shown, why, t] as const))('%s → %j (%s)', (_label, shown, _why, text) => {
    const links = findLinks(text);
    expect(links.map((l) => text.slice(l.start, l.end))).toEqual(shown);
    expect(countLinks(text)).toBe(shown.length);
  });

  it('when a link is counted, then only http(s) and www./ftp. hosts get an address a reader may open', () => {
    const text = 'a https://a.example b www.b.example c ftp.c.example d irc://d.example e me@e.example f ftp://f.example <a href="https://g.example">g</a> <a href="mailto:h@h.example">h</a>';
    expect(findLinks(text).map((l) => l.href)).toEqual([
      'https://a.example',
      'http://www.b.example',
      'http://ftp.c.example',
      null,
      null,
      null,
      'https://g.example',
      null,
    ]);
  });

  it('when a text is long and hostile, then its links are found in one pass', () => {
    const hostile = `${'(http://a.b '.repeat(3000)}${'www.x '.repeat(2000)}${'a@b.cc '.repeat(2000)}${'<a '.repeat(3000)}${'<'.repeat(5000)}`;
    expect(countLinks(hostile)).toBe(7000);
  });

  it('when a run of text is over 10,000 bytes, then a word over 2,100 bytes holds no link (WordPress splits such runs)', () => {
    const word = `${'ب'.repeat(1100)}(http://z.example`;
    expect(countLinks(`${'https://a.example/x '.repeat(100)}${word}`)).toBe(101);
    expect(countLinks(`${'https://a.example/x '.repeat(600)}${word}`)).toBe(600);
  });
});

describe('through the API, with maxLinks 2', () => {
  let app: TestApp;
  let cookie: string;
  let ip = 0;
  const post = (content: string) => postComment(app, { content }, { 'x-forwarded-for': `198.51.100.${++ip}` });

  beforeAll(async () => {
    app = await startApp({ env: { TRUST_PROXY: 'true' }, siteSettings: { maxLinks: 2, previouslyApproved: false } });
    cookie = await login(app);
  });
  afterAll(() => app.close());

  it('when WordPress approves (www. after "(") or holds (irc:// and gopher://), then Majlis does the same', async () => {
    expect((await post('Mirrors: (www.a.example) (www.b.example)')).body.comment.status).toBe('approved');
    expect((await post('Join irc://chat.a.example/room or gopher://b.example/')).body.comment.status).toBe('pending');
    expect((await post('one https://a.example and (me@b.example)')).body.comment.status).toBe('approved');
    expect((await post('<a href="https://a.example">x</a> and www.b.example')).body.comment.status).toBe('pending');
  });

  it('when a comment is shown, then its links are exactly the counted ones, with their offsets and addresses', async () => {
    const content = 'انظر https://a.example، و irc://b.example و (www.c.example)';
    const posted = await post(content);
    expect(posted.body.comment.links).toEqual([
      { start: 5, end: 22, href: 'https://a.example' },
      { start: 26, end: 41, href: null },
    ]);
    await moderate(app, cookie, posted.body.comment.id, 'approve');
    const thread = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent('/articles/1')}`);
    const shown = thread.body.comments.find((c: { id: string }) => c.id === posted.body.comment.id);
    expect(shown.links.map((l: { start: number; end: number }) => content.slice(l.start, l.end))).toEqual(['https://a.example', 'irc://b.example']);
  });
});
