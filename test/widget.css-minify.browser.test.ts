import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cssTemplates, minifyCssText } from '../widget/build/minify-css.mjs';
import { launchBrowser } from './helpers/browser.js';

const widget = new URL('../widget/', import.meta.url);
/** Widget sources holding css`…` templates (what widget/build/widget-sources.mjs minifies). */
const files = readdirSync(widget, { recursive: true, encoding: 'utf8' }).filter(
  (f) => /^(comments|shared)\/.*\.ts$/.test(f) && readFileSync(new URL(f, widget), 'utf8').includes('css`'),
);

/** A template as a style sheet: interpolations become one declaration each; a bare declaration list gets a rule around it. */
const sheet = (runs: string[]) => {
  const text = runs.join('--hole:0;');
  return text.includes('{') ? text : `.t{${text}}`;
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('css`…` minification in the widget build', () => {
  test('when the build minifies the widget’s css templates, then Chromium reads the same rules from them as from the source', async () => {
    expect(files.length, 'styles files found').toBeGreaterThanOrEqual(3);
    const page = await browser.newPage();
    const rules = (css: string) =>
      page.evaluate((text) => {
        const s = new CSSStyleSheet();
        s.replaceSync(text);
        return [...s.cssRules].map((r) => r.cssText);
      }, css);
    for (const f of files) {
      for (const t of cssTemplates(readFileSync(new URL(f, widget), 'utf8'))) {
        const source = sheet(t.runs);
        const minified = sheet(t.runs.map(minifyCssText));
        expect(minified.length, f).toBeLessThan(source.length);
        const read = await rules(source);
        expect(read.length, f).toBeGreaterThan(0);
        expect(await rules(minified), f).toEqual(read);
      }
    }
    await page.close();
  });
});
