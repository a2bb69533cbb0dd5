import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, MAX_JSON_DEPTH, rawJsonTooDeep, valueTooDeep } from '../server/http/json-depth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { bodyRoutes as allBodyRoutes } from './helpers/routes.js';
import { login, postComment, request } from './helpers/http.js';

let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await app.close();
});

const DEEP = 5000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
/** `{"site":"test","content":[[[[…]]]]}` as in the issue, plus the same depth in objects. */
const deepBodies = [
  `{"site":"test","page":"/x","name":"a","email":"a@b.example","content":${deepArray}}`,
  `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
  deepArray,
];

/** Every route that takes a body, its parameters filled with `x1`. */
const bodyRoutes = () => allBodyRoutes(app).map((r) => ({ ...r, path: r.path.replace(/:(\w+)/g, 'x1') }));

describe('bodies nested too deeply', () => {
  it('when the app is walked, then the JSON routes of the issue are all among those tested', () => {
    const found = bodyRoutes().map((r) => `${r.method} ${r.path}`);
    expect(found).toEqual(expect.arrayContaining(['POST /api/comments', 'POST /api/auth/login', 'PATCH /api/moderation/sites/x1', 'POST /api/moderation/comments/x1/actions', 'POST /api/moderation/pages']));
  });

  it('when every JSON route gets a body nested 5,000 deep, then each answers 400 with a clear message (never 500)', async () => {
    // The API takes JSON; the link pages of emails (/notify/…) take small forms and are checked below.
    const routes = bodyRoutes().filter((r) => r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(4);
    for (const { method, path } of routes) {
      for (const raw of deepBodies) {
        for (const lang of ['ar', 'en']) {
          if (path.endsWith('/imports')) {
            // An import's body is a file, not a JSON request: a Majlis JSON export nested this deep is refused as an unreadable file (422, nothing imported).
            const res = await request(app, method, `${path.replace('x1', 'test')}?format=json`, { raw, cookie, lang, headers: { origin: app.url } });
            expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBe(422);
            expect(res.body.imported).toBe(0);
            expect(res.body.errors[0].what).toContain(lang === 'en' ? 'nested too deeply' : 'متداخلة');
            continue;
          }
          if (path.startsWith('/notify/')) {
            // The pages behind links in messages take small form bodies (4 kB), never JSON: these bodies are too large.
            const res = await request(app, method, path, { raw, cookie, lang, headers: { origin: app.url } });
            expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBe(413);
            continue;
          }
          const res = await request(app, method, path, { raw, cookie, lang, headers: { origin: app.url, 'idempotency-key': `deep-key-${Math.random()}` } });
          expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBe(400);
          expect(res.body.error).toBe('bad_request');
          expect(res.body.message).toContain(lang === 'en' ? 'nested too deeply' : 'متداخلة');
        }
      }
    }
    // The server is still fine.
    expect((await postComment(app)).status).toBe(201);
  });

  it('when a form route (the link pages of emails) gets a deeply nested JSON body, then it is refused with a 4xx, never a 500', async () => {
    const forms = bodyRoutes().filter((r) => !r.path.startsWith('/api/'));
    expect(forms.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /notify/moderate/x1', 'POST /notify/unsubscribe/x1']));
    for (const { method, path } of forms) {
      for (const raw of deepBodies) {
        const res = await request(app, method, path, { raw, cookie, headers: { origin: app.url } });
        expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  });

  it('when the body is deep only inside a string, then it is an ordinary comment', async () => {
    const res = await postComment(app, { content: `${'['.repeat(3000)} ما زال نصاً` });
    expect(res.status).toBe(201);
  });

  it(`when a body is ${MAX_JSON_DEPTH} deep it is parsed, one deeper it is refused`, async () => {
    const at = (d: number) => `{"site":"test","page":"/x","name":"a","email":"a@b.example","content":"x","extra":${'['.repeat(d - 1)}${']'.repeat(d - 1)}}`;
    expect((await request(app, 'POST', '/api/comments', { raw: at(MAX_JSON_DEPTH) })).status).not.toBe(400);
    expect((await request(app, 'POST', '/api/comments', { raw: at(MAX_JSON_DEPTH + 1) })).status).toBe(400);
  });

  it('when the depth helpers see deep values, then they answer without recursing (and canonical JSON refuses)', () => {
    expect(rawJsonTooDeep(Buffer.from(deepArray))).toBe(true);
    expect(rawJsonTooDeep(Buffer.from('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[\\"[[["}'))).toBe(false);
    const deep = JSON.parse(deepArray) as unknown;
    expect(valueTooDeep(deep)).toBe(true);
    expect(valueTooDeep({ a: [1, { b: 2 }] })).toBe(false);
    expect(() => canonicalJson(deep)).toThrow();
    expect(canonicalJson({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
  });
});

function socket(ns: '/' | '/moderation', headers: Record<string, string> = {}): Promise<Socket> {
  const s = connect(`${app.url}${ns === '/' ? '' : ns}`, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/**
 * A raw Socket.IO v5 client over one WebSocket: socket.io-client cannot even encode a
 * 5,000-deep payload (its encoder recurses), but an attacker writes the frames by hand.
 */
async function rawSocket(ns: '/' | '/moderation', headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers });
  const frames: string[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    const f = String(d);
    if (f === '2') return ws.send('3'); // engine.io ping → pong
    frames.push(f);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (prefix: string): Promise<string> => {
    for (;;) {
      const i = frames.findIndex((f) => f.startsWith(prefix));
      if (i >= 0) return frames.splice(i, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await next('0{');
  const nsp = ns === '/' ? '' : `${ns},`;
  ws.send(`40${nsp}`);
  await next(`40${nsp}`);
  let id = 0;
  return {
    /** Sends `[event, payload]` with an ack id; resolves with the ack's argument. */
    async emit(event: string, payloadJson: string): Promise<any> {
      id += 1;
      ws.send(`42${nsp}${id}["${event}",${payloadJson}]`);
      const ack = await next(`43${nsp}${id}`);
      return (JSON.parse(ack.slice(`43${nsp}${id}`.length)) as unknown[])[0];
    },
    close: () => ws.close(),
  };
}

describe('socket payloads nested too deeply', () => {
  it('when a reader joins with a payload nested 5,000 deep, then the ack refuses it and the socket still works', async () => {
    const s = await rawSocket('/');
    expect(await s.emit('join', `{"site":"test","page":${deepArray}}`)).toMatchObject({ ok: false, error: 'bad_request' });
    // 2,000 objects deep: about as deep as fits in the 16 KB a socket message may carry.
    expect(await s.emit('join', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`)).toMatchObject({ ok: false, error: 'bad_request' });
    expect(await s.emit('join', '{"site":"test","page":"/articles/1"}')).toEqual({ ok: true });
    s.close();
  });

  it('when a moderator sends moderate nested 5,000 deep, then the ack refuses it and the socket still works', async () => {
    cookie = await login(app); // the route test above also sent a (deep) body to logout
    const s = await rawSocket('/moderation', { cookie, origin: app.url });
    const ack = await s.emit('moderate', `{"id":${deepArray},"action":"approve"}`);
    expect(ack).toMatchObject({ ok: false, error: 'bad_request' });
    expect(ack.message).toContain('متداخلة');
    expect(await s.emit('moderate', '{"id":"nope","action":"approve"}')).toMatchObject({ ok: false, error: 'not_found' });
    s.close();
  });

  it('when a binary event nests its attachment 7,000 deep, then only that connection is closed and the server goes on', async () => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('40');
    // A BINARY_EVENT with one attachment placeholder at the bottom of 7,000 arrays (socket.io-parser rebuilds it recursively).
    ws.send(`451-1["join",${'['.repeat(7000)}{"_placeholder":true,"num":0}${']'.repeat(7000)}]`);
    ws.send(Buffer.from([1, 2, 3]));
    await closed;
    expect(frames.some((f) => f.startsWith('431'))).toBe(false);
    expect((await request(app, 'GET', '/healthz')).status).toBe(200);
    expect((await postComment(app)).status).toBe(201);
  });

  it('when socket.io-client is used normally, then ordinary payloads pass the depth guard', async () => {
    const s = await socket('/');
    expect(await s.timeout(10_000).emitWithAck('join', { site: 'test', page: '/articles/2' })).toEqual({ ok: true });
  });
});
