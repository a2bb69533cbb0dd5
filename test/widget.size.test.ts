import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';

const dist = new URL('../widget/dist/', import.meta.url);
const KB = 1024;

/** Chunks a bundle imports: `import"./x"` / `from"./x"` are static, `import("./x")` is dynamic. */
function imports(file: string): { statics: string[]; dynamics: string[] } {
  const code = readFileSync(new URL(file, dist), 'utf8');
  const rel = (p: string) => new URL(p, new URL(file, dist)).href.slice(dist.href.length);
  const statics = [...code.matchAll(/(?:\bimport|\bfrom)\s*["'](\.\/[^"']+)["']/g)].map((m) => rel(m[1]!));
  const dynamics = [...code.matchAll(/\bimport\(\s*["'](\.\/[^"']+)["']\s*\)/g)].map((m) => rel(m[1]!));
  return { statics, dynamics };
}

/** Every file reached from `entry`, following static imports only, or dynamic ones too. */
function reach(entry: string, withDynamic: boolean): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const { statics, dynamics } = imports(f);
    [...statics, ...(withDynamic ? dynamics : [])].forEach(visit);
  };
  visit(entry);
  return [...seen];
}

const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(new URL(f, dist))).length, 0);

describe('widget size', () => {
  test('when the widget is built, then first paint (widget.js and its static chunks, Lit included) is at most 20 KB gzip', () => {
    expect(existsSync(new URL('widget.js', dist)), 'run npm run build first').toBe(true);
    const firstPaint = reach('widget.js', false);
    const bytes = gz(firstPaint);
    console.log(`widget first paint (ar): ${bytes} B gzip (${firstPaint.join(', ')})`);
    expect(bytes).toBeLessThanOrEqual(20 * KB);
  });

  // widget/build/widget-sources.mjs: split into several chunks, first paint compressed ~1.4 KB worse and took more requests.
  test('when the widget is built, then first paint is widget.js and a single chunk', () => {
    const firstPaint = reach('widget.js', false);
    expect(firstPaint, 'first paint').toHaveLength(2);
  });

  // REVIEW14 item 9: in English the thread waits for the `en` words chunk before it renders, so
  // that chunk (and whatever it imports) is part of English first paint.
  test('when the widget is built, then English first paint (first paint plus the en words chunk it waits for) is at most 20 KB gzip', () => {
    const firstPaint = reach('widget.js', false);
    const en = reach('widget.js', true).filter((f) => /(^|\/)w-en-[^/]+\.js$/.test(f));
    expect(en, 'one en words chunk, loaded by dynamic import').toHaveLength(1);
    expect(firstPaint).not.toContain(en[0]);
    expect(readFileSync(new URL(en[0]!, dist), 'utf8')).toContain('Show more comments');
    const enPaint = [...new Set([...firstPaint, ...reach(en[0]!, false)])];
    const bytes = gz(enPaint);
    console.log(`widget first paint (en): ${bytes} B gzip (ar ${gz(firstPaint)} B + ${en[0]})`);
    expect(bytes).toBeGreaterThan(gz(firstPaint));
    expect(bytes).toBeLessThanOrEqual(20 * KB);
  });

  // Raised from 36 KB for issue 14: the reader actions chunk (likes, edit/delete, reports, sorting,
  // featured, ar+en words: ~5 KB) and the form moved out of first paint (chunks compress apart)
  // come on top of socket.io-client (13 KB). None of it delays first paint, which stays ≤ 20 KB.
  test('when the live client, form and reader actions load after first paint, then they are separate chunks and the whole widget is at most 44 KB gzip', () => {
    const firstPaint = reach('widget.js', false);
    const all = reach('widget.js', true);
    const live = all.filter((f) => !firstPaint.includes(f));
    expect(live.length, 'socket.io-client is a dynamic chunk').toBeGreaterThan(0);
    expect(live.some((f) => readFileSync(new URL(f, dist), 'utf8').includes('transport'))).toBe(true);
    // The reader actions (report dialog) and the comment form are not in first paint.
    const lazy = (word: string) => live.some((f) => readFileSync(new URL(f, dist), 'utf8').includes(word));
    expect(lazy('majlis:liked') && lazy('rep-note') && lazy('email-notes')).toBe(true);
    expect(firstPaint.some((f) => /majlis:liked|rep-note|email-notes/.test(readFileSync(new URL(f, dist), 'utf8')))).toBe(false);
    const bytes = gz(all);
    console.log(`widget total: ${(bytes / KB).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(44 * KB);
  });

  test('when count.js is built, then it stands alone (no imports, no Lit) and is at most 2 KB gzip', () => {
    const code = readFileSync(new URL('count.js', dist), 'utf8');
    expect(imports('count.js')).toEqual({ statics: [], dynamics: [] });
    expect(code).not.toMatch(/lit-html|LitElement/);
    const bytes = gz(['count.js']);
    console.log(`count.js: ${bytes} B gzip`);
    expect(bytes).toBeLessThanOrEqual(2 * KB);
  });
});
