import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment, request } from './helpers/http.js';

const METRICS_TOKEN = 'test-metrics-token-abcdef123456';
const sockets: Socket[] = [];
afterAll(() => sockets.splice(0).forEach((s) => s.disconnect()));

/** A raw GET with exactly these headers (fetch would add and undo Accept-Encoding itself). */
function rawGet(app: TestApp, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${app.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cached thread pages are served as bytes', () => {
  let app: TestApp;
  let cookie: string;
  const path = '/api/comments?site=test&page=/cached';
  beforeAll(async () => {
    app = await startApp({ env: { THREAD_CACHE_MS: '600000' } });
    cookie = await login(app);
    for (let i = 0; i < 8; i++) {
      const res = await request(app, 'POST', '/api/comments', { cookie, headers: { origin: app.url }, body: { site: 'test', page: '/cached', name: 'مشرف', email: 'admin@example.com', content: `تعليق طويل بما يكفي للضغط رقم ${i} `.repeat(10) } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => app.close());

  it('when clients ask for br, gzip or neither, then each gets those bytes of the same JSON with one ETag', async () => {
    const plain = await rawGet(app, path, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const json = JSON.parse(plain.body.toString('utf8')) as { comments: unknown[] };
    expect(json.comments).toHaveLength(8);
    const br = await rawGet(app, path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await rawGet(app, path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const preferGzip = await rawGet(app, path, { 'accept-encoding': 'br;q=0.5, gzip;q=1' });
    expect(preferGzip.headers['content-encoding']).toBe('gzip');
    expect(br.body.length).toBeLessThan(plain.body.length);
    expect(plain.headers.etag).toMatch(/^W\/"/);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect(gz.headers.etag).toBe(plain.headers.etag);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
  });

  it('when If-None-Match matches, then 304 with no body; after a new approval the ETag changes and the page is new', async () => {
    const first = await rawGet(app, path, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    const again = await rawGet(app, path, { 'if-none-match': etag, 'accept-encoding': 'br' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const c = await postComment(app, { page: '/cached' });
    expect(c.status).toBe(201);
    expect((await moderate(app, cookie, c.body.comment.id, 'approve')).status).toBe(200);
    const after = await rawGet(app, path, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect((JSON.parse(after.body.toString()) as { comments: unknown[] }).comments).toHaveLength(9);
  });

  it('when settings change, then cached pages reflect them at once (sites cache and page cache dropped)', async () => {
    expect((JSON.parse((await rawGet(app, path, {})).body.toString()) as { thread: { threadDepth: number } }).thread.threadDepth).toBe(5);
    const patched = await request(app, 'PATCH', '/api/moderation/sites/test', { cookie, headers: { origin: app.url }, body: { settings: { threadDepth: 3 } } });
    expect(patched.status).toBe(200);
    expect((JSON.parse((await rawGet(app, path, {})).body.toString()) as { thread: { threadDepth: number } }).thread.threadDepth).toBe(3);
  });

  it('when a site gains an origin, then the cached CORS decision for that origin follows at once', async () => {
    // Refused at first (readably: its reason carries the CORS headers too), then answered.
    const ask = async () => {
      const res = await rawGet(app, path, { origin: 'https://news.example' });
      return [res.status, res.headers['access-control-allow-origin']];
    };
    expect(await ask()).toEqual([403, 'https://news.example']);
    await app.store.setSiteOrigins('test', ['https://news.example']);
    expect(await ask()).toEqual([200, 'https://news.example']);
  });
});

describe('GET /metrics', () => {
  it('when METRICS_TOKEN is not set, then there is no /metrics', async () => {
    const app = await startApp();
    try {
      expect((await request(app, 'GET', '/metrics')).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startApp({ env: { METRICS_TOKEN } });
    });
    afterAll(() => app.close());

    it('when the token is missing or wrong, then 401', async () => {
      expect((await request(app, 'GET', '/metrics')).status).toBe(401);
      expect((await request(app, 'GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      expect((await request(app, 'GET', '/metrics', { headers: { authorization: `Basic ${METRICS_TOKEN}` } })).status).toBe(401);
    });

    it('when asked with the token, then requests by route and status, sockets by namespace, event-loop lag and store timings are there', async () => {
      expect((await postComment(app, { page: '/metrics' })).status).toBe(201);
      for (let i = 0; i < 3; i++) await request(app, 'GET', '/api/comments?site=test&page=/metrics');
      await request(app, 'GET', '/api/comments?site=nope&page=/x');
      await request(app, 'GET', `/no/such/path/${Math.random()}`);
      const s = connect(app.url, { transports: ['websocket'], reconnection: false });
      sockets.push(s);
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      const res = await request(app, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = res.text;
      expect(text).toMatch(/^majlis_http_requests_total\{method="GET",route="\/api\/comments",status="200"\} 3$/m);
      expect(text).toMatch(/^majlis_http_requests_total\{method="GET",route="\/api\/comments",status="400"\} 1$/m);
      expect(text).toMatch(/^majlis_http_requests_total\{method="POST",route="\/api\/comments",status="201"\} 1$/m);
      expect(text).toMatch(/^majlis_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
      expect(text).toMatch(/^majlis_http_request_duration_seconds_count\{method="GET",route="\/api\/comments",status="200"\} 3$/m);
      expect(text).toMatch(/^majlis_sockets\{namespace="\/"\} 1$/m);
      expect(text).toMatch(/^majlis_sockets\{namespace="\/moderation"\} 0$/m);
      expect(text).toMatch(/^majlis_nodejs_eventloop_lag_seconds \d/m);
      expect(text).toMatch(/^majlis_store_operation_duration_seconds_count\{operation="insertComment",outcome="ok"\} 1$/m);
      expect(text).toMatch(/^majlis_store_operation_duration_seconds_count\{operation="readers.listThreadsJson",outcome="ok"\} [1-3]$/m);
      expect(text).toMatch(/^majlis_thread_cache_bytes \d+$/m);
    });
  });
});

describe('failed logins per account, from every address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { TRUST_PROXY: 'true' }, limits: { loginPerEmail: { points: 10, seconds: 3600, blockSeconds: 900 } } });
    await addModerator(app.store, { email: 'target@example.com', password: 'the-right-password' }, Date.now());
    await addModerator(app.store, { email: 'bystander@example.com', password: 'bystander-password' }, Date.now());
  });
  afterAll(() => app.close());

  it('when 300 addresses each try one wrong password on one account, then after the limit even the right one gets 429; other accounts are untouched', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const ip = `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const res = await request(app, 'POST', '/api/auth/login', { body: { email: 'target@example.com', password: `guess-${i}` }, headers: { 'x-forwarded-for': ip } });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(290);
    const right = await request(app, 'POST', '/api/auth/login', { body: { email: 'target@example.com', password: 'the-right-password' }, headers: { 'x-forwarded-for': '203.0.113.77' }, lang: 'en' });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.body.message).toMatch(/Try again in/);
    const other = await request(app, 'POST', '/api/auth/login', { body: { email: 'bystander@example.com', password: 'bystander-password' }, headers: { 'x-forwarded-for': '203.0.113.78' } });
    expect(other.status).toBe(200);
  });

  it('when IPv4-mapped IPv6 addresses rotate against one account, then they count together too', async () => {
    await addModerator(app.store, { email: 'mapped@example.com', password: 'the-right-password' }, Date.now());
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await request(app, 'POST', '/api/auth/login', { body: { email: 'MAPPED@example.com', password: 'wrong-wrong' }, headers: { 'x-forwarded-for': `::ffff:192.0.2.${i + 1}` } });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('a moderator socket flooding `moderate`', () => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startApp({ limits: { socketModerate: { points: 20, seconds: 60 } } });
    cookie = await login(app);
  });
  afterAll(() => app.close());

  const modSocket = async () => {
    const s = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin: app.url } });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  };

  it('when one socket sends 500 events at once, then it is acked rate_limited past the limit and disconnected; another moderator is served', async () => {
    const c = await postComment(app);
    const flooder = await modSocket();
    const calm = await modSocket();
    const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', (reason) => resolve(reason)));
    const acks: Array<{ ok: boolean; error?: string; message?: string }> = [];
    for (let i = 0; i < 500; i++) {
      flooder.emit('moderate', { id: c.body.comment.id, action: i % 2 ? 'approve' : 'pending' }, (a: { ok: boolean; error?: string }) => acks.push(a));
    }
    expect(await disconnected).toBe('io server disconnect');
    const limited = acks.filter((a) => a.error === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.message).toMatch(/حاول مرة أخرى (بعد ثانية|بعد ثانيتين|بعد [٠-٩]+ (ثوانٍ|ثانية)|الآن)\./);
    expect(acks.length).toBeLessThan(500);
    // The other moderator is answered, and at most the 20 allowed decisions were ever made.
    const ack = (await calm.timeout(10_000).emitWithAck('moderate', { id: c.body.comment.id, action: 'spam' })) as { ok: boolean; comment: { history: unknown[] } };
    expect(ack.ok).toBe(true);
    expect(ack.comment.history.length).toBeLessThanOrEqual(21);
  });
});
