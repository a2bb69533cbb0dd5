import type { TestApp } from './app.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
}

/**
 * Every route of the app that takes a body (POST, PUT, PATCH, DELETE), found by walking
 * express's routers, with its path as declared (`/api/moderation/sites/:id`).
 */
export function bodyRoutes(app: TestApp): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const m of Object.keys(layer.route.methods)) {
          if (!['post', 'put', 'patch', 'delete'].includes(m)) continue;
          for (const p of paths) out.push({ method: m.toUpperCase(), path: p });
        }
      } else if (layer.handle?.stack && layer.slash !== false) walk(layer.handle.stack);
    }
  };
  walk((app.express as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
