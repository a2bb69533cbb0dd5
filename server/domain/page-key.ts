/**
 * The canonical spelling of a thread key (a page path such as "/2012/03/مجلس-النقاش/").
 *
 * Browsers report `location.pathname` percent-encoded (upper-case hex), WordPress
 * writes its links percent-encoded in lower case, and people type the decoded form:
 * all three must name one thread. So the key is trimmed, every percent-escape that
 * spells valid UTF-8 is decoded (except those of "/", "?", "#" and "%" itself, whose
 * decoding would change what the path means; those keep an upper-case escape), and
 * the result is NFC-normalised. Broken escapes ("%zz", a lone "%d9") stay as they
 * are: this never throws. Lone surrogates become U+FFFD.
 *
 * Idempotent: canonicalPageKey(canonicalPageKey(x)) === canonicalPageKey(x).
 */
export function canonicalPageKey(path: string): string {
  const trimmed = path.trim();
  const decoded = trimmed.includes('%') ? decodeEscapes(trimmed) : trimmed;
  return decoded.toWellFormed().normalize('NFC');
}

/** Escapes whose decoding would change a path's structure stay escaped. */
const KEEP_ESCAPED = new Set([0x2f, 0x3f, 0x23, 0x25]); // / ? # %

const ESCAPE_RUN = /(?:%[0-9a-fA-F]{2})+/g;

function decodeEscapes(s: string): string {
  return s.replace(ESCAPE_RUN, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      const seq = len > 0 ? bytes.subarray(i, i + len) : null;
      const text = seq && seq.length === len ? strictUtf8(seq) : null;
      if (text === null) {
        out += escape(b); // not the start of a valid UTF-8 sequence: keep its escape
        i += 1;
      } else if (len === 1 && (KEEP_ESCAPED.has(b) || b < 0x20 || b === 0x7f)) {
        out += escape(b); // reserved or a control character: keep it escaped
        i += 1;
      } else {
        out += text;
        i += len;
      }
    }
    return out;
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

const escape = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
