import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { request } from './helpers/http.js';

/** A page on an origin the site does not allow learns so when it loads, not after its reader has written a comment. */
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ env: { SITE_ORIGINS: 'https://news.example' } });
});
afterAll(() => app.close());

describe('reading from an origin', () => {
  it('when a page on an origin the site does not allow loads its comments or a form token, then 403 forbidden, saying so in Arabic (English on request)', async () => {
    for (const path of ['/api/comments?site=test&page=%2Fa', '/api/form-token?site=test&page=%2Fa']) {
      const ar = await request(app, 'GET', path, { headers: { origin: 'http://127.0.0.1:4001' } });
      expect(ar.status).toBe(403);
      expect(ar.body).toMatchObject({ error: 'forbidden' });
      expect(ar.body.message).toMatch(/[\u0600-\u06FF]/);
      const en = await request(app, 'GET', path, { headers: { origin: 'http://127.0.0.1:4001' }, lang: 'en' });
      expect(en.body.message).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  it('when the page is on an allowed origin, or the request names none (curl, servers), then the comments load', async () => {
    expect((await request(app, 'GET', '/api/comments?site=test&page=%2Fa', { headers: { origin: 'https://news.example' } })).status).toBe(200);
    expect((await request(app, 'GET', '/api/comments?site=test&page=%2Fa')).status).toBe(200);
    expect((await request(app, 'GET', '/api/form-token?site=test&page=%2Fa', { headers: { origin: 'https://news.example' } })).status).toBe(200);
  });
});
