/**
 * The one spelling of a thread key. A browser's `location.pathname` is
 * percent-encoded (`/2026/%D9%85%D9%82%D8%A7%D9%84`) while a hand-written
 * `page="/2026/مقال"` is not; both name one thread. Every path where a key
 * enters (posting, reading, counts, socket rooms, moderation, the CLI, imports)
 * passes it through here, and the stored keys were migrated to it.
 *
 * The rule, applied once and stable when applied again (canonical(canonical(k)) === canonical(k)):
 * - lone surrogates become U+FFFD; surrounding white space goes;
 * - a raw control character (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F: Unicode's Cc)
 *   becomes its UTF-8 bytes as upper-case escapes ("\u0001/x" → "%01/x"), the spelling its
 *   escape already kept, so the two are one thread. A browser's URL parser escapes C0 and
 *   DEL in a path the same way (WHATWG URL, C0 control percent-encode set); the other
 *   characters it escapes in a path (space " # < > ? ` { } ^, and all non-ASCII) are left
 *   as they are: their escapes decode to them already, and "?" and "#" written raw mean a
 *   query or fragment in keys such as "/?p=123";
 * - every %XX run that decodes to well-formed UTF-8 is decoded, except to a
 *   control character or to "/", "?", "#" or "%", whose decoding would change
 *   what the path means (so "/a%2Fb" stays one segment, and "%2541" stays
 *   "%2541" and never becomes "A" on a second pass): those keep an upper-case
 *   escape ("/a%2fb" → "/a%2Fb"). WordPress writes its links with lower-case
 *   escapes, browsers with upper-case ones, people decoded: all name one thread;
 * - escapes that are not UTF-8 stay escaped, with upper-case hex; a "%" that
 *   starts no escape is left as it is (written %25 only where it would
 *   otherwise start one), so no input ever fails here;
 * - the result is NFC, so composed and decomposed spellings of a letter agree.
 */
export function canonicalPageKey(raw: string): string {
  // encodeURIComponent writes a control character's UTF-8 bytes as upper-case escapes
  const s = raw.toWellFormed().trim().replace(CONTROLS, (ch) => encodeURIComponent(ch));
  if (!s.includes('%')) return s.normalize('NFC');
  return decodeEscapes(s).normalize('NFC').trim();
}

/** The longest page key a client may send, as sent (before canonicalisation). */
export const MAX_PAGE_KEY = 500;

/**
 * A thread key as a client sent it (query, body, socket join, closing a thread), made
 * canonical; null when it is not a string, is longer than MAX_PAGE_KEY as sent, or is empty
 * once canonical (white space, "%20"): every entry refuses those alike, so no spelling
 * reaches the empty key that an empty parameter cannot.
 */
export function clientPageKey(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_PAGE_KEY) return null;
  const key = canonicalPageKey(raw);
  return key === '' ? null : key;
}

const HEX2 = /^[0-9A-Fa-f]{2}$/;

/** A piece of the result: text taken as it is, or an escape kept on purpose. */
type Piece = { text: string; kept: boolean };

function decodeEscapes(s: string): string {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '%' || !HEX2.test(s.slice(i + 1, i + 3))) {
      pieces.push({ text: s[i]!, kept: false });
      i += 1;
      continue;
    }
    // Gather the whole run of escapes, then decode it as UTF-8.
    const bytes: number[] = [];
    while (s[i] === '%' && HEX2.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    }
    pieces.push(...decodeRun(bytes));
  }
  // A plain "%" that now stands before two hex digits would decode on the next
  // pass; writing it as %25 keeps the result a fixed point.
  let out = '';
  for (let k = pieces.length - 1; k >= 0; k--) {
    const p = pieces[k]!;
    out = (!p.kept && p.text === '%' && HEX2.test(out.slice(0, 2)) ? '%25' : p.text) + out;
  }
  return out;
}

/** "/", "?", "#", "%": decoded, they would split, query, cut or re-escape the path. */
const RESERVED = new Set([0x2f, 0x3f, 0x23, 0x25]);

const CONTROL = /\p{Cc}/u;
const CONTROLS = /\p{Cc}/gu;

const escape = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** UTF-8 bytes to text; what is not a whole, printable character stays as upper-case escapes. */
function decodeRun(bytes: number[]): Piece[] {
  const out: Piece[] = [];
  let k = 0;
  while (k < bytes.length) {
    const b = bytes[k]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const chunk = bytes.slice(k, k + len);
    const text = len > 0 && chunk.length === len ? utf8(chunk) : null;
    if (text === null) {
      out.push({ text: escape(b), kept: true });
      k += 1;
    } else {
      const keep = CONTROL.test(text) || (len === 1 && RESERVED.has(b));
      out.push(keep ? { text: chunk.map(escape).join(''), kept: true } : { text, kept: false });
      k += len;
    }
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: number[]): string | null {
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch {
    return null; // overlong forms, surrogates, stray continuation bytes
  }
}
