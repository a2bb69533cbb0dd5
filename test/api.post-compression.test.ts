import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { commentBody } from './helpers/http.js';

/** A raw POST with exactly these headers (fetch would add and undo Accept-Encoding itself). */
function rawPost(app: TestApp, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${app.url}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Issue 10: POST /api/comments runs ahead of the compression middleware and applies its rules
// itself; what a client receives is what every other route sends.
describe('answers to a post, compressed by the rules of every answer', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the answer is under 1 KB, then it is sent as it is and varies on Accept-Encoding', async () => {
    const res = await rawPost(app, JSON.stringify(commentBody(app)), { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(201);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.etag).toMatch(/^W\/"/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect((JSON.parse(res.body.toString('utf8')) as { comment: { id: string } }).comment.id).toMatch(/^[0-9a-z]{20}$/);
  });

  it('when the answer is 1 KB or more, then a client that accepts gzip gets it gzipped, and one that does not gets it plain', async () => {
    const long = 'تعليق طويل يكفي لتجاوز حد الضغط. '.repeat(40);
    const gz = await rawPost(app, JSON.stringify(commentBody(app, { content: `${long} 1` })), { 'accept-encoding': 'gzip' });
    expect(gz.status).toBe(201);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    const json = JSON.parse(gunzipSync(gz.body).toString('utf8')) as { comment: { content: string } };
    expect(json.comment.content).toBe(`${long} 1`.trim());
    const plain = await rawPost(app, JSON.stringify(commentBody(app, { content: `${long} 2` })), {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
  });

  it('when the post is refused, then the error is JSON in the usual shape, compressed when it is big enough and accepted', async () => {
    const bad = await rawPost(app, '{"site": ', { 'accept-encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect(bad.headers.vary).toBe('Accept-Encoding');
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ error: 'bad_request' });
    const invalid = await rawPost(app, JSON.stringify(commentBody(app, { email: 'not an email', name: '', content: ' ' })), { 'accept-encoding': 'gzip', 'accept-language': 'en' });
    expect(invalid.status).toBe(422);
    const text = invalid.headers['content-encoding'] === 'gzip' ? gunzipSync(invalid.body).toString('utf8') : invalid.body.toString('utf8');
    expect(Buffer.byteLength(text) >= 1024).toBe(invalid.headers['content-encoding'] === 'gzip');
    expect(JSON.parse(text)).toMatchObject({ error: 'validation', fields: { name: expect.any(String), email: expect.any(String), content: expect.any(String) } });
  });
});
