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
});
