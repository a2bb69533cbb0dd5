// Bundles the reader widget and the moderator dashboard with esbuild.
// widget.js is the first-paint entry: it imports one chunk holding all of first paint
// (widget/build/widget-sources.mjs); the live client (socket.io-client), the form, the
// reader actions, the live event handlers and the English words (an English thread
// waits for them) are separate chunks loaded by dynamic import.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { widgetSources } from './build/widget-sources.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const out = `${root}dist`;
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2021',
  minify: true,
  legalComments: 'none',
  splitting: true,
  sourcemap: false,
  logLevel: 'warning',
  tsconfig: `${root}../tsconfig.json`,
};

await build({
  ...common,
  entryPoints: { widget: `${root}comments/index.ts` },
  plugins: [widgetSources(`${root}comments/index.ts`)],
  outdir: out,
  chunkNames: 'chunks/w-[name]-[hash]',
});
await build({
  ...common,
  entryPoints: { moderate: `${root}dashboard/index.ts` },
  outdir: out,
  chunkNames: 'chunks/m-[name]-[hash]',
});
// count.js: listing pages' <majlis-count>, one small file of its own (no Lit, no chunks).
await build({ ...common, splitting: false, entryPoints: { count: `${root}count/index.ts` }, outdir: out });
console.log('built widget/dist');
