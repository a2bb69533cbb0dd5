/**
 * The number of characters (code points) in `s`, as `[...s].length` counts them (a
 * surrogate pair is one, a lone surrogate one too), without building that array of
 * one-character strings: length checks ran it on every comment's text (issue 10).
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
