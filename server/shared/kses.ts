import type { Link } from './links.js';

/**
 * What WordPress's kses does to a guest's comment before make_clickable sees
 * it (wp_filter_kses with the comment tags, wp_pre_kses_less_than, HTML
 * comments), replayed on Majlis's plain text: the text becomes kept tags and
 * runs of text as kses would leave them, each character mapped back to where
 * it came from. Used by server/shared/links.ts.
 */

// Tags kses keeps in a guest's comment ($allowedtags); every other tag is removed.
const KEPT_TAG = /^<[\t\n\f\r ]*(\/[\t\n\f\r ]*)?([a-zA-Z0-9-]+)([^>]*)>$/;
const KEPT_NAMES = /^(?:a|abbr|acronym|b|blockquote|cite|code|del|em|i|q|s|strike|strong)$/;
const ATTR = /([_a-zA-Z][-_a-zA-Z0-9:.]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r "']+)))?/g;
const ENTITY = /&(?:[A-Za-z]{2,8}[0-9]{0,2}|#0*[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});/y;
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const SPECIAL = /[&<>'"\\\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const WEB = /^https?:\/\//i;

export interface Text {
  /** The text as kses would leave it (entities escaped). */
  s: string;
  /** For each character of s, its index in the comment text. */
  at: number[];
}
export interface Tag {
  tag: string;
  close: boolean;
  start: number;
  end: number;
  /** The link a kept `<a href>` makes, if any. */
  anchor: Link | null;
  /** Whether kses leaves anything after the name (`<a title="…">`, not `<a>`). */
  spaced: boolean;
}
export type Token = Tag | Text;
/**
 * The comment as kses sees it: kept tags, and runs of text between them.
 * `src` is the text read (the comment, or the inside of an HTML comment);
 * `pos` maps its offsets to the comment's (identity when absent); `depth`
 * bounds nested HTML comments.
 */
export function tokenize(src: string, pos?: number[], depth = 0): Token[] {
  const at = (k: number) => (pos ? pos[k]! : k);
  const n = src.length;
  const tokens: Token[] = [];
  let cur: Text = { s: '', at: [] };
  const emit = (s: string, k: number) => {
    cur.s += s;
    for (let c = 0; c < s.length; c++) cur.at.push(at(k));
  };
  const flush = () => {
    if (cur.s) tokens.push(cur);
    cur = { s: '', at: [] };
  };
  const char = (i: number, escaping: boolean) => {
    const c = src[i]!;
    if (CONTROL.test(c)) return;
    if (c === '&') {
      ENTITY.lastIndex = i;
      emit(ENTITY.test(src) ? '&' : '&amp;', i);
    } else if (c === '>') emit('&gt;', i);
    else if (escaping && c === '<') emit('&lt;', i);
    else if (escaping && c === '"') emit('&quot;', i);
    else if (escaping && c === "'") emit('&#039;', i);
    // check_comment gets the comment slashed (wp_new_comment(wp_slash(…))), so
    // make_clickable sees \' \" \\ where the reader typed ' " \.
    else if (c === "'" || c === '"' || c === '\\') emit(`\\${c}`, i);
    else emit(c, i);
  };
  let i = 0;
  while (i < n) {
    if (src[i] !== '<') {
      // Plain characters are taken as they are, up to the next one kses changes.
      SPECIAL.lastIndex = i;
      const j = SPECIAL.exec(src)?.index ?? n;
      if (j === i) char(i++, false);
      else {
        cur.s += src.slice(i, j);
        while (i < j) cur.at.push(at(i++));
      }
      continue;
    }
    const j = closedTag(src, i);
    if (!j) {
      // A "<" with no ">" before the next "<" is text, escaped as esc_html does.
      let e = i + 1;
      while (e < n && src[e] !== '<') e++;
      while (i < e) char(i++, true);
      continue;
    }
    if (src.startsWith('<!--', i)) {
      i = htmlComment(src, i, j, at, depth, tokens, cur, (c) => (cur = c), flush, emit);
      continue;
    }
    const m = KEPT_TAG.exec(src.slice(i, j + 1));
    const name = m?.[2]!.toLowerCase() ?? '';
    if (m && KEPT_NAMES.test(name)) {
      flush();
      const close = !!m[1];
      const typed = name === 'a' && !close ? typedAnchor(m[3]!, j - m[3]!.length, at, at(i), at(j) + 1) : null;
      tokens.push({ tag: name, close, start: at(i), end: at(j) + 1, anchor: typed?.link ?? null, spaced: !!typed?.spaced });
    }
    i = j + 1;
  }
  flush();
  return tokens;
}

/** Where the tag starting at "<" i ends (its ">"), or 0 when another "<" or the end comes first (wp_pre_kses_less_than). */
function closedTag(src: string, i: number): number {
  let j = i + 1;
  while (j < src.length && src[j] !== '<' && src[j] !== '>') j++;
  return src[j] === '>' ? j : 0;
}

/**
 * An HTML comment at i (kses's `<!--.*?(-->|$)`, or the tag up to the first
 * ">" when a line break comes first). kses keeps it with its inside cleaned,
 * and drops it when nothing is left. make_clickable does not know comments: a
 * comment with no tag inside is one skipped tag; with tags inside, "<!--" and
 * the text before the first tag join the text before it (a piece that starts
 * with "<" is skipped), and the text after the last tag runs on through
 * "-->". Returns where reading goes on.
 */
function htmlComment(
  src: string,
  i: number,
  firstGt: number,
  at: (k: number) => number,
  depth: number,
  tokens: Token[],
  cur: Text,
  setCur: (t: Text) => void,
  flush: () => void,
  emit: (s: string, k: number) => void,
): number {
  const n = src.length;
  const close = src.indexOf('-->', i + 4);
  const nl = src.indexOf('\n', i + 4);
  const end = close >= 0 && (nl < 0 || close < nl) ? close + 3 : nl < 0 ? n : nl === n - 1 ? n - 1 : firstGt + 1;
  // The inside: every "<!--" and "-->" of the comment taken out.
  let inside = '';
  const pos: number[] = [];
  for (let k = i; k < end; ) {
    if (src.startsWith('-->', k) || (src.startsWith('<!--', k) && closedTag(src, k))) {
      k += src[k] === '<' ? 4 : 3;
      continue;
    }
    inside += src[k];
    pos.push(at(k++));
  }
  const parts = depth < 8 ? tokenize(inside, pos, depth + 1) : [];
  if (!parts.length) return end; // nothing left: kses drops the comment
  // kses then turns "--" runs into "-" and drops a final "-".
  parts.forEach((t, k) => {
    if ('tag' in t) return;
    let s = '';
    const kept: number[] = [];
    for (let c = 0; c < t.s.length; c++) {
      if (t.s[c] === '-' && (t.s[c - 1] === '-' || (k === parts.length - 1 && c === t.s.length - 1))) continue;
      s += t.s[c];
      kept.push(t.at[c]!);
    }
    t.s = s;
    t.at = kept;
  });
  const first = parts.findIndex((t) => 'tag' in t);
  if (first < 0) {
    flush();
    tokens.push({ tag: '!--', close: false, start: at(i), end: at(end - 1) + 1, anchor: null, spaced: false });
    return end;
  }
  for (let k = 0; k < 4; k++) emit('<!--'[k]!, i + k);
  for (const t of parts.slice(0, first) as Text[]) {
    cur.s += t.s;
    cur.at.push(...t.at);
  }
  flush();
  const last = parts[parts.length - 1]!;
  tokens.push(...parts.slice(first, 'tag' in last ? undefined : -1));
  setCur('tag' in last ? { s: '', at: [] } : last);
  for (let k = 0; k < 3; k++) emit('-->'[k]!, Math.max(i, end - 3 + k));
  return end;
}

/**
 * A typed `<a …>` counts when kses keeps an href attribute (or a title that
 * says "href"): the link is the href value, or the whole tag when it has none.
 */
function typedAnchor(
  attrs: string,
  attrsAt: number,
  at: (k: number) => number,
  tagStart: number,
  tagEnd: number,
): { link: Link | null; spaced: boolean } {
  let counted = false;
  let kept = /\/[\t\n\f\r ]*$/.test(attrs); // an XHTML slash stays: "<a />"
  let value: [number, string] | null = null;
  for (const m of attrs.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    const v = m[2] ?? m[3] ?? m[4];
    if (name === 'href') {
      counted = kept = true;
      if (!value && v !== undefined) value = [attrsAt + m.index! + m[0].length - v.length - (m[4] === undefined ? 1 : 0), v];
    } else if (name === 'title') {
      kept = true;
      if (v && /href/i.test(v)) counted = true;
    }
  }
  if (!counted) return { link: null, spaced: kept };
  if (!value || !value[1]) return { link: { start: tagStart, end: tagEnd, kind: 'anchor', href: null }, spaced: true };
  const [start, v] = value;
  return { link: { start: at(start), end: at(start + v.length - 1) + 1, kind: 'anchor', href: WEB.test(v) ? v : null }, spaced: true };
}
