/** Bundle sizes (gzip -9 bytes) of the built widget, dashboard and count script, from widget/dist. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './proc.js';

const dist = path.join(root, 'widget/dist');
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Chunks an entry imports statically (what the browser must fetch before first paint), followed transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w{}\s,*$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    staticClosure(path.resolve(path.dirname(file), m[1]!), seen);
  }
  return seen;
}

export interface BundleSizes {
  /** Arabic (the default): widget.js and its static chunks. */
  widgetFirstPaintGz: number;
  /** English: the same plus the `en` words chunk (and its static imports), which the thread waits for before it renders. */
  widgetFirstPaintEnGz: number;
  widgetTotalGz: number;
  dashboardGz: number;
  countScriptGz: number | null;
}

export function bundleSizes(): BundleSizes {
  const chunks = readdirSync(path.join(dist, 'chunks'));
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  const widget = path.join(dist, 'widget.js');
  const count = ['count.js', 'counts.js'].map((f) => path.join(dist, f)).find(existsSync);
  const firstPaint = staticClosure(widget);
  const en = chunks.find((f) => f.startsWith('w-en-'));
  const firstPaintEn = en ? staticClosure(path.join(dist, 'chunks', en), new Set(firstPaint)) : firstPaint;
  return {
    widgetFirstPaintGz: sum(firstPaint),
    widgetFirstPaintEnGz: sum(firstPaintEn),
    widgetTotalGz: gz(widget) + sum(chunks.filter((f) => f.startsWith('w-')).map((f) => path.join(dist, 'chunks', f))),
    dashboardGz: gz(path.join(dist, 'moderate.js')) + sum(chunks.filter((f) => f.startsWith('m-')).map((f) => path.join(dist, 'chunks', f))),
    countScriptGz: count ? gz(count) : null,
  };
}
