// An esbuild plugin that keeps the widget's first paint in one shared chunk.
//
// esbuild splits code shared between entry points (widget.js and each dynamic import:
// the form, the reader actions, the live client, the English words) into one chunk per
// set of entry points that reach it. First paint thus came as five small chunks next to
// widget.js (Lit and the Arabic words; the comment view; the API client; the runtime
// helpers; visually-hidden), each gzipped apart (about 1.4 KB more than one file) and
// each one more request before the thread shows.
//
// A module loaded by dynamic import is only ever loaded by first-paint code, after it ran,
// so importing the entry too costs it nothing at run time: the browser has that module
// already. Given that import here, each lazy module reaches all of first paint, so all of
// first paint shares the same set of entry points and lands in one chunk. Which code is
// in first paint does not change, only how it is cut into files. The glue decides only
// the layout, never behaviour: a lazy module it missed would only make a smaller saving
// (test/widget.size.test.ts keeps first paint to widget.js and one chunk).
import { readFile } from 'node:fs/promises';

/** `entry`: the build's entry point (absolute path), which every lazily imported module is made to import. */
export function firstPaintInOneChunk(entry) {
  return {
    name: 'first-paint-in-one-chunk',
    setup(b) {
      const lazy = new Set();
      b.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const r = await b.resolve(args.path, { kind: 'import-statement', importer: args.importer, resolveDir: args.resolveDir });
        if (!r.errors.length) lazy.add(r.path);
        return r.errors.length ? undefined : { path: r.path };
      });
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!lazy.has(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: `${source}\nimport ${JSON.stringify(entry)};\n`, loader: 'ts' };
      });
    },
  };
}
