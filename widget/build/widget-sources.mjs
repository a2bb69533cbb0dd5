// The esbuild plugin that reads the reader widget's sources. It changes how the built
// code is laid out and spelled, never what it does:
//
// - CSS in css`…` templates is minified (minify-css.mjs): esbuild minifies JavaScript
//   but leaves template text, indentation and all, as written.
//
// - First paint lands in one shared chunk. esbuild cuts code shared between entry points
//   (widget.js and each dynamic import: the form, the reader actions, the live client, the
//   English words) into one chunk per set of entry points that reach it. First paint thus
//   came as five small chunks next to widget.js (Lit and the Arabic words; the comment
//   view; the API client; runtime helpers; visually-hidden), each gzipped apart (about
//   1.4 KB more than one file) and each one more request before the thread shows.
//   A module loaded by dynamic import is only ever loaded by first-paint code, after it
//   ran, so importing the entry too costs it nothing at run time: the browser has that
//   module already. Given that import here, each lazy module reaches all of first paint,
//   so all of first paint shares one set of entry points and one chunk. A lazy module
//   missed here (say, one also imported statically) would only make a smaller saving;
//   test/widget.size.test.ts checks first paint is widget.js and one chunk.
import { readFile } from 'node:fs/promises';
import { minifyCssTemplates } from './minify-css.mjs';

/** `entry`: the build's entry point (absolute path), which every lazily imported module is made to import. */
export function widgetSources(entry) {
  return {
    name: 'widget-sources',
    setup(b) {
      const lazy = new Set();
      b.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const r = await b.resolve(args.path, { kind: 'import-statement', importer: args.importer, resolveDir: args.resolveDir });
        if (r.errors.length) return undefined;
        lazy.add(r.path);
        return { path: r.path };
      });
      b.onLoad({ filter: /[/\\]widget[/\\].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const minified = source.includes('css`') ? minifyCssTemplates(source) : source;
        const glued = lazy.has(args.path) ? `${minified}\nimport ${JSON.stringify(entry)};\n` : minified;
        return glued === source ? undefined : { contents: glued, loader: 'ts' };
      });
    },
  };
}
