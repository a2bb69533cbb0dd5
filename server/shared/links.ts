import { tokenize, type Tag, type Token } from './kses.js';

/**
 * What is a link in a comment: ONE definition. The server counts these links
 * against `maxLinks` and sends them with every comment (PublicComment.links);
 * the widget shows exactly those as links and nothing else, so what a reader
 * sees as a link is what the limit counted. (It has no Node imports, so a
 * client could run it too; the widget takes the server's answer instead,
 * which keeps its first paint small.)
 *
 * The rule is WordPress's. check_comment (wp-includes/comment.php) holds a
 * comment when the HTML that its `comment_text` filters make contains
 * `comment_max_links` or more `<a … href`; before that, wp_new_comment ran the
 * guest's text through kses (wp_filter_kses with the comment tag list), and
 * `comment_text` runs make_clickable (wp-includes/formatting.php). Majlis
 * stores the text as typed, so this module replays, on the plain text, what
 * those two steps do, and returns where each link sits in the text:
 *
 * 1. kses: a `<` that meets another `<` or the end before any `>` is text
 *    (wp_pre_kses_less_than); `<…>` is a tag, kept only for a, abbr, acronym,
 *    b, blockquote, cite, code, del, em, i, q, s, strike, strong (the others
 *    are removed, their text stays); an HTML comment is kept with its inside
 *    cleaned; a lone `&` becomes `&amp;` and `>` becomes `&gt;` (so they end
 *    in `;`); and check_comment gets it slashed (`'` `"` `\` as `\'` `\"` `\\`).
 * 2. make_clickable, on the text between kept tags and outside `<code>`:
 *    - `scheme://…` preceded by the start, whitespace or one of `( . , ; : ! ?`
 *      (so also `&` and `>`, which kses turned into entities); the scheme is
 *      1–20 ASCII word characters and must be one WordPress's esc_url allows
 *      (wp_allowed_protocols: http, https, ftp, ftps, mailto, news, irc, irc6,
 *      ircs, gopher, nntp, feed, telnet, mms, rtsp, sms, svn, tel, fax, xmpp,
 *      webcal, urn); the address runs over ASCII word characters, any
 *      non-ASCII character and `# % ~ / @ [ ] * ( + = & $ -`, takes `' . , ; :
 *      ! ? )` only when another such character follows, keeps a closing `)`
 *      only when balanced, and needs 1 to 2,000 bytes of non-space text after
 *      the `://`; esc_url drops a `feed:` address with a further colon
 *      outside its query;
 *    - `www.` or `ftp.` (any case) preceded by the start or whitespace only,
 *      so `(www.a.example)` is not a link; one trailing `. , ; :` is dropped;
 *    - an email address preceded by the start or whitespace only;
 *    - in a text run over 10,000 bytes, a word over 2,100 bytes holds no link.
 * 3. each `<a` tag that kses keeps with an href (or with "href" in its title)
 *    counts once; an anchor, made or typed, that is the whole content of
 *    another anchor is removed (WordPress's links-within-links clean-up).
 *
 * bench/parity/wp-links.ts checks this against WordPress's own code.
 */

/** Where a link is in the comment text, and what a click may open. */
export interface Link {
  /** UTF-16 offsets in the text: the link reads text.slice(start, end). */
  start: number;
  end: number;
  /** `anchor`: a typed `<a href>` tag (the link is its href value); the others as make_clickable finds them. */
  kind: 'anchor' | 'url' | 'www' | 'email';
  /**
   * The http(s) address a reader may open (`www.`/`ftp.` hosts get `http://`,
   * as WordPress links them), or null: counted and shown as a link, but not
   * clickable (irc:, gopher:, ftp://, email addresses, …).
   */
  href: string | null;
}

type Span = [start: number, end: number, kind: Link['kind']];

const SCHEMES = /^(?:https?|ftps?|mailto|news|irc6?|ircs|gopher|nntp|feed|telnet|mms|rtsp|sms|svn|tel|fax|xmpp|webcal|urn)$/;
const WEB = /^https?:\/\//i;
const FEED_COLON = /:|&#0*58;|&#x0*3a;|&colon;/i;
// Non-ASCII punctuation that ends a sentence or a quotation rather than an address.
const TRAILING = /[\u00ab\u00bb\u060c\u061b\u061f\u06d4\u2018-\u201f\u2026\u3001\u3002\uff0c\uff1f]/;

// Character classes of make_clickable's patterns, as bit flags over ASCII
// (PCRE without /u: \w is ASCII; every byte of a non-ASCII character is \x80-\xff).
const WORD = 1, URL = 2, WWW = 4, LOCAL = 8, LABEL = 16, ALNUM = 32;
const FLAGS = new Uint8Array(128);
const mark = (chars: string, flag: number) => {
  for (const c of chars) FLAGS[c.charCodeAt(0)]! |= flag;
};
const ALNUMS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
mark(`${ALNUMS}_`, WORD | URL | WWW | LOCAL);
mark(ALNUMS, LABEL | ALNUM);
mark('-', LABEL);
mark('#%~/@[]*(+=&$-', URL);
mark('#$%&~/.-;:=,?@[]+', WWW);
mark('.+-', LOCAL);
/** Whether the character at k of s is in the class (non-ASCII counts for URL and WWW). */
const is = (s: string, k: number, flag: number): boolean => {
  const code = s.charCodeAt(k);
  return code < 128 ? (FLAGS[code]! & flag) !== 0 : code === code && (flag === URL || flag === WWW);
};
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
// Nothing can be a link without one of these.
const MAYBE = /:\/\/|www\.|ftp\.|@|<[\t\n\f\r ]*a/i;
const utf8 = (c: string) => (c < '\x80' ? 1 : c < '\u0800' ? 2 : c >= '\ud800' && c <= '\udfff' ? 2 : 3);

/** Every link in a comment's text, in reading order (see the module comment for the rule). */
export function findLinks(text: string): Link[] {
  if (!MAYBE.test(text)) return [];
  const tokens = tokenize(text);
  // make_clickable's passes over each run of text outside <code>; it skips a
  // piece that starts with "<" (only a kept HTML comment leaves one).
  const spans = new Map<number, Span[]>();
  let inCode = 0;
  tokens.forEach((t, i) => {
    if ('tag' in t) {
      if (t.tag === 'code') inCode = t.close ? Math.max(0, inCode - 1) : inCode + 1;
    } else if (!inCode && t.s[0] !== '<') spans.set(i, clickable(t.s));
  });
  // make_clickable's clean-up of links within links: an anchor that is the
  // whole content of another anchor (`<a …><a …>text</a></a>`) is removed,
  // whether make_clickable made it or the comment had it.
  const dropped = new Set<number>();
  const openA = (t?: Token): t is Tag => !!t && 'tag' in t && t.tag === 'a' && !t.close;
  const closeA = (t?: Token) => !!t && 'tag' in t && t.tag === 'a' && t.close;
  for (let k = 0; k < tokens.length; k++) {
    if (!openA(tokens[k])) continue;
    const [a, b, c, d] = tokens.slice(k + 1, k + 5);
    const made = spans.get(k + 1);
    if (a && !('tag' in a) && made?.length === 1 && made[0]![0] === 0 && made[0]![1] === a.s.length && closeA(b)) {
      dropped.add(k + 1);
      k += 2;
    } else if (openA(a) && a.spaced && b && !('tag' in b) && !spans.get(k + 2)?.length && !b.s.includes('>') && closeA(c) && closeA(d)) {
      dropped.add(k + 1);
      k += 4;
    }
  }
  const links: Link[] = [];
  tokens.forEach((t, i) => {
    if (dropped.has(i)) return;
    if ('tag' in t) {
      if (t.anchor) links.push(t.anchor);
      return;
    }
    const made = spans.get(i) ?? [];
    made.forEach(([s, e, kind], m) => {
      const start = t.at[s]!;
      let end = t.at[e - 1]! + 1;
      // The check sees the text slashed, so an apostrophe ends an address
      // there (…/Ender\'s_Game); WordPress shows the comment unslashed, where
      // the address runs on (…/Ender's_Game). It counts once either way, and
      // is shown and opened as the reader will see it.
      if (kind === 'url' && text[end] === "'" && is(text, end + 1, URL)) {
        const next = made[m + 1] ? t.at[made[m + 1]![0]]! : text.length;
        let x = end;
        while ("'.,;:!?)".includes(text[x] ?? ' ') && is(text, x + 1, URL)) {
          x += 2;
          while (is(text, x, URL)) x++;
        }
        if (x <= next && balanced(text.slice(start, x))) end = x;
      }
      // make_clickable takes any non-ASCII character into an address, so an
      // Arabic comma or closing quote right after one would be part of it:
      // the link still counts once, but it is shown and opened without them.
      while (end - start > 1 && kind !== 'email' && TRAILING.test(text[end - 1]!)) end--;
      const shown = text.slice(start, end);
      const href = kind === 'www' ? `http://${shown}` : kind === 'url' && WEB.test(shown) ? shown : null;
      links.push({ start, end, kind, href });
    });
  });
  return links.sort((a, b) => a.start - b.start);
}

const balanced = (url: string) => url.split('(').length >= url.split(')').length;

/** make_clickable's three passes over one run of text; spans are offsets in s. */
function clickable(s: string): Span[] {
  const n = s.length;
  // Bytes from each position to the end of its run of non-space characters.
  const run = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) run[k] = isSpace(s[k]) ? 0 : utf8(s[k]!) + run[k + 1]!;
  const spans: Span[] = [];
  // Made links are markup to the later passes: none starts inside one or runs
  // into one. next[k] is the first position at or after k inside a made link.
  const next = new Array<number>(n + 1).fill(n);
  const block = () => {
    const inLink = new Uint8Array(n);
    for (const [a, b] of spans) inLink.fill(1, a, b);
    for (let k = n - 1; k >= 0; k--) next[k] = inLink[k] ? k : next[k + 1]!;
  };

  // 1. scheme://
  let last = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && (i - 1 < last || !" \t\n\r(<.,;:!?".includes(s[i - 1]!))) continue;
    let k = i;
    while (k - i < 20 && is(s, k, WORD)) k++;
    // After "://", 1 to 2,000 bytes of non-space must follow (WordPress's length limit).
    if (k === i || !s.startsWith('://', k) || !run[k + 3] || run[k + 3]! > 2000) continue;
    let e = k + 3;
    while (is(s, e, URL)) e++;
    while ("'.,;:!?)".includes(s[e] ?? ' ') && is(s, e + 1, URL)) {
      e += 2;
      while (is(s, e, URL)) e++;
    }
    let url = s.slice(i, e);
    const paren = s[e] === ')';
    last = paren ? e + 1 : e;
    if (paren && url.indexOf('(') > 0) url += ')';
    // Parentheses stay only when paired: cut at the last ")" until they are.
    let open = url.split('(').length - 1;
    let close = url.split(')').length - 1;
    while (open < close) {
      const cut = url.lastIndexOf(')');
      open -= url.slice(cut).split('(').length - 1;
      close--;
      url = url.slice(0, cut);
    }
    const scheme = s.slice(i, k).toLowerCase();
    // esc_url checks a feed: address once more after "feed:", and the "//…"
    // before a further colon is never a scheme: such an address is dropped.
    const rest = url.slice(5);
    const colon = scheme === 'feed' ? FEED_COLON.exec(rest) : null;
    const feedOk = !colon || rest.slice(0, colon.index).includes('/?');
    if (SCHEMES.test(scheme) && feedOk) spans.push([i, i + url.length, 'url']);
    i = last - 1;
  }
  block();

  // 2. www. and ftp., after the start or a space only
  for (let i = 0; i < n; i++) {
    if ((i > 0 && !isSpace(s[i - 1]) && s[i - 1] !== '>') || next[i] === i || !/^(?:www|ftp)\.$/i.test(s.slice(i, i + 4))) continue;
    let e = i + 4;
    while (e < next[i]! && is(s, e, WWW)) e++;
    if (e === i + 4) continue;
    spans.push([i, '.,;:'.includes(s[e - 1]!) ? e - 1 : e, 'www']);
    i = e - 1;
  }
  block();

  // 3. email addresses, after the start or a space only
  for (let i = 0; i < n; i++) {
    if ((i > 0 && !isSpace(s[i - 1]) && s[i - 1] !== '>') || next[i] === i) continue;
    const end = next[i]!;
    let k = i;
    while (k < end && is(s, k, LOCAL)) k++;
    if (k === i || s[k] !== '@') continue;
    // The longest domain of the form label.(label.)…tld, the tld being 2+ letters or digits.
    let best = -1;
    for (let p = k + 1, labels = 0; ; labels++) {
      let q = p;
      while (q < end && is(s, q, LABEL)) q++;
      if (labels > 0) {
        let t = p;
        while (t < q && is(s, t, ALNUM)) t++;
        if (t - p >= 2) best = t;
      }
      if (q === p || q >= end || s[q] !== '.') break;
      p = q + 1;
    }
    if (best < 0) continue;
    spans.push([i, best, 'email']);
    i = best - 1;
  }

  // A run of text over 10,000 bytes is cut at spaces first, and a word over
  // 2,100 bytes (with its trailing space, 2,101) is then left without links.
  let bytes = 0;
  for (let k = 0; k < n; k++) bytes += utf8(s[k]!);
  if (bytes <= 10000) return spans;
  const dead = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    if (isSpace(s[k]) || (k > 0 && !isSpace(s[k - 1]))) continue;
    let e = k;
    while (e < n && !isSpace(s[e])) e++;
    if (run[k]! + (e < n ? 1 : 0) > 2101) dead.fill(1, k, e);
  }
  return spans.filter(([a]) => !dead[a]);
}
