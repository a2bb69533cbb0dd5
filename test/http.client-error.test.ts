import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.close();
});

/** Sends raw bytes (what `curl` sends for an unencoded URL) and reads the whole answer. */
function rawRequest(bytes: Buffer): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head!.split(' ')[1]), headers: head!, body: rest.join('\r\n\r\n') });
    });
  });
}

const get = (target: string, headers = '') =>
  rawRequest(Buffer.concat([Buffer.from('GET '), Buffer.from(target, 'utf8'), Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`)]));

describe('requests the HTTP parser refuses', () => {
  it('when a URL holds raw Arabic bytes, then the answer is a JSON 400 in Arabic saying to percent-encode', async () => {
    const r = await get(`/api/comments?site=${app.site}&page=/مقال`);
    expect(r.status).toBe(400);
    expect(r.headers).toMatch(/content-type: application\/json/i);
    const body = JSON.parse(r.body);
    expect(body.error).toBe('bad_request');
    expect(body.message).toContain('رمّز');
  });

  it('when the same request prefers English, then the message is English', async () => {
    const r = await get(`/api/comments?site=${app.site}&page=/مقال`, 'Accept-Language: en-GB,en;q=0.9\r\n');
    expect(JSON.parse(r.body).message).toMatch(/percent-encode/i);
  });

  it('when the same page key is percent-encoded, then it is served as usual', async () => {
    const r = await get(`/api/comments?site=${app.site}&page=${encodeURIComponent('/مقال')}`);
    expect(r.status).toBe(200);
  });

  it('when a header line is malformed, then the answer is a JSON 400 too', async () => {
    const r = await rawRequest(Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\nConnection: close\r\n\r\n'));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toBe('bad_request');
  });

  it('when the headers are larger than the server accepts, then the answer is a JSON 431', async () => {
    const r = await rawRequest(Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`));
    expect(r.status).toBe(431);
    expect(JSON.parse(r.body).error).toBe('too_large');
  });
});
