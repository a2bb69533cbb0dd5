import { describe, expect, it } from 'vitest';
import { findLinks } from '../server/shared/links.js';
import { linkify, linkifyLines, REL } from '../widget/comments/linkify.js';

/** A rendered part as plain data: text, or [tag attributes…, text] of a link. */
const flat = (parts: ReturnType<typeof linkify>) =>
  parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? p : (p.values as unknown[])));

describe('linkify (the widget side of the one link definition)', () => {
  it('when a comment is split into lines, then each line shows its share of the counted links and the rest as text', () => {
    const text = 'أولاً https://a.example/x\nثم irc://b.example و (www.c.example)\nwww.d.example.';
    const lines = linkifyLines(text, findLinks(text));
    expect(lines.map(flat)).toEqual([
      ['أولاً ', ['https://a.example/x', REL, 'https://a.example/x']],
      ['ثم ', ['irc://b.example'], ' و (www.c.example)'],
      [['http://www.d.example', REL, 'www.d.example'], '.'],
    ]);
  });

  it('when links are missing (a comment stored before they were sent), then the text is shown as text', () => {
    expect(flat(linkify('see https://a.example', undefined))).toEqual(['see https://a.example']);
  });

  it('when a link has an href that is not http(s), then it is never made clickable', () => {
    const text = 'x javascript:alert(1) y';
    expect(flat(linkify(text, [{ start: 2, end: 21, href: 'javascript:alert(1)' }]))).toEqual(['x ', ['javascript:alert(1)'], ' y']);
  });
});
