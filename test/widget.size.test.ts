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
    console.log(`widget first paint: ${(bytes / KB).toFixed(1)} KB gzip (${firstPaint.join(', ')})`);
    expect(bytes).toBeLessThanOrEqual(20 * KB);
  });

  test('when the live client loads after first paint, then it is a separate chunk and the whole widget is at most 36 KB gzip', () => {
    const firstPaint = reach('widget.js', false);
    const all = reach('widget.js', true);
    const live = all.filter((f) => !firstPaint.includes(f));
    expect(live.length, 'socket.io-client is a dynamic chunk').toBeGreaterThan(0);
    expect(live.some((f) => readFileSync(new URL(f, dist), 'utf8').includes('transport'))).toBe(true);
    const bytes = gz(all);
    console.log(`widget total: ${(bytes / KB).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(36 * KB);
  });
});
