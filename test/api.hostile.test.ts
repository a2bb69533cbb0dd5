import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request, secretsSeen, TEST_UA } from './helpers/http.js';

let app: TestApp;
let cookie: string;
const logLines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  app = await startApp({ logger: { level: 'info', destination: sink } });
  cookie = await login(app);
});
afterAll(() => app.close());

const hostile: Array<[string, string, { raw?: string; body?: unknown; headers?: Record<string, string> }?]> = [
  ['GET', '/api/comments?site[]=test&page=/x'],
  ['GET', '/api/comments?site=test&page[$ne]=1'],
  ['GET', '/api/comments?site=test&page=/x&limit=-5'],
  ['GET', '/api/comments?site=test&page=/x&limit=99999999999'],
  ['GET', `/api/comments?site=test&page=${'x'.repeat(5000)}`],
  ['GET', '/api/comments?site=test&page=/x&cursor=WyJhIiwxXQ'],
  ['GET', '/api/comments/%00?token=x'],
  ['GET', '/api/counts?site=test'],
  ['GET', `/api/counts?site=test${'&page=/p'.repeat(150)}`],
  ['GET', '/api/form-token?site=nope&page=/x'],
  ['GET', '/avatar/..%2F..%2Fetc%2Fpasswd'],
  ['GET', '/avatar/zzzz.svg'],
  ['POST', '/api/comments', { raw: '{"__proto__":{"admin":true},"site":"test"}' }],
  ['POST', '/api/comments', { body: { site: 'test', page: '/x', name: 'a', email: 'a@b.co', content: 'x', parentId: { $gt: '' } } }],
  ['POST', '/api/comments', { body: { site: 'test', page: ['/x'], name: 'a', email: 'a@b.co', content: 'x' } }],
  ['POST', '/api/comments', { raw: '{"site":"test"}', headers: { 'content-type': 'application/json; charset=latin1' } }],
  ['POST', '/api/comments', { raw: 'x', headers: { 'content-type': 'text/plain' } }],
  ['POST', '/api/comments', { body: { site: 'test', page: '/x', name: 'a', email: 'a@b.co', content: 'x' }, headers: { 'idempotency-key': 'short' } }],
  ['PUT', '/api/comments'],
  ['DELETE', '/api/comments/abc'],
  ['POST', '/api/auth/login', { raw: '{"email":' }],
  ['POST', '/api/auth/login', { body: ['x'] }],
  ['POST', '/api/moderation/comments/x/actions', { body: { action: 'approve' } }],
  ['GET', '/does/not/exist'],
];

describe('hostile requests', () => {
  it.each(hostile)('when %s %s is sent, then the answer is a 4xx JSON error, never a 5xx', async (method, path, opts = {}) => {
    const res = await request(app, method, path, opts);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('when the text carries a lone surrogate, then it is stored as U+FFFD, not as broken text', async () => {
    const res = await request(app, 'POST', '/api/comments', { raw: '{"site":"test","page":"/x","name":"a","email":"a@b.co","content":"x\\ud800y"}' });
    expect(res.status).toBe(201);
    expect(res.body.comment.content).toBe('x\ufffdy');
  });

  it('when a moderator sends hostile bodies, then 4xx too', async () => {
    for (const body of [{ action: { $ne: 1 } }, { action: 'approve', version: 'x' }, { action: 'approve', version: 1.5 }, null, [1]]) {
      const res = await request(app, 'POST', '/api/moderation/comments/abc/actions', { body, cookie });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    for (const settings of [null, 'x', [1], { maxLinks: '2' }, { moderationKeys: [{ $gt: '' }] }]) {
      const res = await request(app, 'PATCH', '/api/moderation/sites/test', { body: { settings }, cookie });
      expect(res.status, JSON.stringify(settings)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('when requests were logged at info level, then no log line carries an email, IP or user agent', async () => {
    await postComment(app, { email: 'log-canary@example.com' });
    await request(app, 'POST', '/api/auth/login', { body: { email: 'log-canary@example.com', password: 'wrong-password' } });
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('');
    for (const secret of [...secretsSeen, 'log-canary@example.com', TEST_UA]) expect(all).not.toContain(secret);
  });
});
