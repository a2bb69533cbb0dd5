import { describe, expect, it } from 'vitest';
import { codePointLength } from '../server/validation/code-points.js';

// Length limits count characters as [...s] does; codePointLength counts them without the array (issue 10).
describe('codePointLength', () => {
  it('when strings hold pairs, lone surrogates of either half, Arabic and emoji, then it counts as [...s].length does', () => {
    const fixed = ['', 'a', 'تعليق', '😀', 'a😀b', '\ud800', '\udc00', '\ud800\ud800', '\udc00\ud800', 'x\ud83d', '\ud83d\ude00\ud83d', '\ud800\udc00\udc00', 'مرحبا 👋🏽 world'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const random = Array.from({ length: 500 }, () =>
      Array.from({ length: 10 }, () => {
        const r = rnd();
        return r < 0.3 ? String.fromCharCode(0xd800 + Math.floor(rnd() * 0x800)) : r < 0.5 ? '😀' : String.fromCharCode(Math.floor(rnd() * 0x700));
      }).join(''),
    );
    for (const s of [...fixed, ...random]) expect(codePointLength(s), JSON.stringify(s)).toBe([...s].length);
  });
});
