import { describe, expect, it } from 'vitest';
import { canonicalPageKey } from '../server/validation/page-key.js';

describe('canonicalPageKey', () => {
  it('when WordPress writes a lower-case percent-encoded Arabic slug, then it equals the decoded path and the browser spelling', () => {
    const wp = '/2012/03/%d9%85%d8%ac%d9%84%d8%b3-%d8%a7%d9%84%d9%86%d9%82%d8%a7%d8%b4/';
    const browser = '/2012/03/%D9%85%D8%AC%D9%84%D8%B3-%D8%A7%D9%84%D9%86%D9%82%D8%A7%D8%B4/';
    expect(canonicalPageKey(wp)).toBe('/2012/03/مجلس-النقاش/');
    expect(canonicalPageKey(browser)).toBe('/2012/03/مجلس-النقاش/');
    expect(canonicalPageKey('/2012/03/مجلس-النقاش/')).toBe('/2012/03/مجلس-النقاش/');
  });

  it('when an escape is broken or not UTF-8, then it is kept and nothing throws', () => {
    expect(canonicalPageKey('/a%zz/b%')).toBe('/a%zz/b%');
    expect(canonicalPageKey('/x%d9')).toBe('/x%D9');
    expect(canonicalPageKey('/x%d9%41')).toBe('/x%D9A');
    expect(canonicalPageKey('/%ff%fe')).toBe('/%FF%FE');
    expect(() => canonicalPageKey('%E0%A4%A')).not.toThrow();
  });

  it('when an escape spells a slash, question mark, hash, percent or control character, then it stays escaped (upper case)', () => {
    expect(canonicalPageKey('/a%2fb%3Fc%23d%25e%00')).toBe('/a%2Fb%3Fc%23d%25e%00');
    expect(canonicalPageKey('/a%20b')).toBe('/a b');
  });

  it('when the key is decomposed Unicode or padded, then it is NFC and trimmed, and canonicalising twice changes nothing', () => {
    const decomposed = '/cafe\u0301/';
    expect(canonicalPageKey(`  ${decomposed} `)).toBe('/caf\u00e9/');
    for (const k of ['/a%2525b', '/x%d9%85', ' /y ', '/%25d9%2585']) {
      expect(canonicalPageKey(canonicalPageKey(k))).toBe(canonicalPageKey(k));
    }
  });

  it('when a key holds a raw control character (C0, DEL, C1), then it is escaped as its escaped spelling is kept, and nothing else changes', () => {
    expect(canonicalPageKey('\u0001/x')).toBe('%01/x');
    expect(canonicalPageKey('/a\u0000b\u001fc\u007fd')).toBe('/a%00b%1Fc%7Fd');
    expect(canonicalPageKey('/a\tb\nc')).toBe('/a%09b%0Ac');
    expect(canonicalPageKey('/c1\u0085')).toBe('/c1%C2%85');
    for (const [raw, escaped] of [['\u0001/x', '%01/x'], ['/t\tx', '/t%09x'], ['/d\u007f', '/d%7f'], ['/c\u009f', '/c%c2%9f']]) {
      expect(canonicalPageKey(raw!), raw).toBe(canonicalPageKey(escaped!));
    }
    // surrounding white space (a tab, a line break) still goes, as a URL parser strips it
    expect(canonicalPageKey('\t/x\n')).toBe('/x');
    // printable ASCII a browser would escape in a path, spaces and Arabic look as they did
    expect(canonicalPageKey('/a b"<>`{}^?q#h')).toBe('/a b"<>`{}^?q#h');
    expect(canonicalPageKey('/مقال %D8%A8')).toBe('/مقال ب');
    for (const k of ['%\u0001', '%4\u0001', '/%C2\u0085', '%E0%A4\u0085', '\u0001%2541']) {
      expect(canonicalPageKey(canonicalPageKey(k)), JSON.stringify(k)).toBe(canonicalPageKey(k));
      expect(canonicalPageKey(k), JSON.stringify(k)).not.toMatch(/\p{Cc}/u);
    }
  });
});
