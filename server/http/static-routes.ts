import express, { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';

// server/http/ when run from source, dist/server/http/ when compiled: widget/ is at the repository root either way.
const widgetDir = fileURLToPath(new URL(import.meta.url.includes('/dist/server/') ? '../../../widget/' : '../../widget/', import.meta.url));
const dist = `${widgetDir}dist`;

function escapeHtmlAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The built widget, count script (/count.js) and dashboard, the demo page and the dashboard page. */
export function staticRoutes(config: Config): Router {
  const r = Router();
  if (!existsSync(`${dist}/widget.js`)) {
    // Tests of the API alone may run unbuilt; a real start always builds first.
    console.warn('widget/dist is missing: run "npm run build" (npm start does it for you)');
  }
  const assets = express.static(dist, {
    index: false,
    fallthrough: true,
    setHeaders(res, file) {
      res.set('Access-Control-Allow-Origin', '*');
      res.set('Cross-Origin-Resource-Policy', 'cross-origin');
      // Chunks carry a content hash; the entry files do not and must revalidate.
      res.set('Cache-Control', file.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });
  r.get(['/widget.js', '/moderate.js', '/count.js', '/chunks/{*rest}'], assets);

  const page = (file: string) => {
    let html: string | null = null;
    return () => (html ??= readFileSync(`${widgetDir}${file}`, 'utf8').replaceAll('{{SITE_ID}}', escapeHtmlAttr(config.siteId)));
  };
  const demo = page('demo.html');
  const moderate = page('dashboard/page.html');
  r.get('/demo', (_req, res) => {
    res.type('html').send(demo());
  });
  r.get('/moderate', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-store').send(moderate());
  });
  r.get('/', (_req, res) => res.redirect('/demo'));
  return r;
}
