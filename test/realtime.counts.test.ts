import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CountsCoalescer } from '../server/realtime/counts-coalescer.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request } from './helpers/http.js';

describe('CountsCoalescer', () => {
  afterEach(() => vi.useRealTimers());

  it('when a site changes 100 times at once, then its counts go out once, and once more for changes after that send', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const c = new CountsCoalescer(async (site) => void sent.push(site), 250, () => Date.now());
    for (let i = 0; i < 100; i++) c.touch('a');
    c.touch('b');
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.sort()).toEqual(['a', 'b']);
    for (let i = 0; i < 50; i++) c.touch('a');
    await vi.advanceTimersByTimeAsync(249);
    expect(sent.filter((s) => s === 'a')).toHaveLength(1); // at most one send per 250 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.filter((s) => s === 'a')).toHaveLength(2); // the trailing send carries the last changes
    c.close();
  });
});

describe('moderators\' counts events', () => {
  let app: TestApp;
  let socket: Socket;
  beforeAll(async () => {
    app = await startApp();
    socket = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: await login(app) } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket.disconnect();
    await app.close();
  });

  it('when 25 comments arrive at once, then the last counts event moderators get equals the stored counts', async () => {
    const events: Array<Record<string, number | string>> = [];
    socket.on('counts', (c) => events.push(c));
    const posted = await Promise.all(Array.from({ length: 25 }, () => postComment(app, { page: '/burst' })));
    expect(posted.every((p) => p.status === 201)).toBe(true);
    const cookie = await login(app);
    const { body } = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    // Wait for the event that carries the final numbers (coalesced sends follow within a few hundred ms).
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ site: 'test', ...body.counts, version: body.countsVersion }), { timeout: 20_000, interval: 50 });
    socket.off('counts');
  });

  it('when a decision lands after a list was read, then its counts event has a higher version than the list answer, so a dashboard keeps the newer counts whichever arrives last', async () => {
    const cookie = await login(app);
    const { body: posted } = await postComment(app, { page: '/versions' });
    const id = posted.comment.id as string;
    const list = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie })).body;
    expect(Number.isSafeInteger(list.countsVersion)).toBe(true);
    const events: Array<Record<string, number | string>> = [];
    socket.on('counts', (c) => events.push(c));
    const to = posted.comment.status === 'approved' ? 'spam' : 'approve';
    expect((await request(app, 'POST', `/api/moderation/comments/${id}/actions`, { body: { action: to }, cookie, headers: { origin: app.url } })).status).toBe(200);
    const after = (await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie })).body;
    expect(after.countsVersion).toBeGreaterThan(list.countsVersion);
    expect(after.counts).not.toEqual(list.counts);
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ site: 'test', ...after.counts, version: after.countsVersion }), { timeout: 20_000, interval: 50 });
    // none is older than the list answer read before the decision (one sent just before it has its
    // version and its counts), and one process sends them in order
    for (const e of events) expect(e.version).toBeGreaterThanOrEqual(list.countsVersion);
    expect(events.map((e) => e.version)).toEqual([...events.map((e) => e.version as number)].sort((a, b) => a - b));
    socket.off('counts');
  });
});
