import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { bodyRoutes as allBodyRoutes } from './helpers/routes.js';
import { login, moderate, postComment, request } from './helpers/http.js';

let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(() => app.close());

const bodyRoutes = () => allBodyRoutes(app).filter((r) => r.path.startsWith('/api/') && !r.path.endsWith('/imports'));

/** What a careless client sends where an object is expected: nothing, JSON null, scalars, arrays. */
const notObjects: Array<{ raw?: string }> = [{}, { raw: 'null' }, { raw: '1' }, { raw: '"x"' }, { raw: 'true' }, { raw: '[]' }, { raw: '[1]' }];

describe('bodies that are not objects', () => {
  it('when every JSON route gets no body, null, a scalar or an array, then each answers a 4xx JSON error in the request language (never a 500)', async () => {
    const first = await postComment(app);
    const other = await request(app, 'POST', '/api/moderation/moderators', {
      cookie,
      headers: { origin: app.url },
      body: { email: 'second@example.com', password: 'another-long-password', role: 'moderator', sites: ['test'] },
    });
    expect(other.status).toBe(201);
    // Real targets, so that a route gets past its lookup and reads the body. Deletions get a
    // made-up id (their body is not what they act on); sign-out reads no body and would end the session.
    const real = (method: string, path: string) =>
      method === 'DELETE'
        ? path.replace(/:(\w+)/g, 'x1')
        : path
            .replace('/moderators/:id', `/moderators/${other.body.moderator.id}`)
            .replace('/sites/:id', '/sites/test')
            .replace(/:(\w+)/g, first.body.comment.id);
    const routes = bodyRoutes().filter((r) => r.path !== '/api/auth/logout');
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/moderation/moderators', 'PATCH /api/moderation/moderators/:id', 'POST /api/moderation/sites']));
    for (const { method, path } of routes) {
      for (const body of notObjects) {
        for (const lang of ['ar', 'en']) {
          const res = await request(app, method, real(method, path), { ...body, cookie, lang, headers: { origin: app.url, 'majlis-reader': 'reader-0123456789abcdef' } });
          const what = `${method} ${path} ${body.raw ?? '(none)'}: ${res.status} ${res.text.slice(0, 200)}`;
          if (res.status === 204 || res.status === 200) { console.log("OK2xx", what); continue; } // a route that needs nothing from its body
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(res.status, what).toBeLessThan(500);
          expect(res.body, what).toMatchObject({ error: expect.any(String), message: expect.any(String) });
          if (lang === 'ar') expect(res.body.message, what).toMatch(/\p{Script=Arabic}/u);
          else expect(res.body.message, what).not.toMatch(/\p{Script=Arabic}/u);
        }
      }
    }
    // Still served afterwards.
    cookie = await login(app);
    expect((await moderate(app, cookie, first.body.comment.id, 'approve')).status).toBe(200);
  });
});
