import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, request } from './helpers/http.js';

/**
 * The avatar is a keyed hash of the email: stable per author, not reversible offline. But if
 * the server drew it for any email typed into the form and handed it back at once, anyone could
 * ask it "is this comment by victim@…?" by posting with a guessed address (one held or binned
 * comment per guess, e.g. with the honeypot filled) and comparing avatars.
 */
let app: TestApp;
let cookie: string;
const VICTIM = 'victim.oracle@private.example';
const from = (ip: string) => ({ 'x-forwarded-for': ip });

beforeAll(async () => {
  app = await startApp({ env: { TRUST_PROXY: 'true' } });
  cookie = await login(app);
});
afterAll(() => app.close());

const post = (over: Record<string, unknown>, ip: string) =>
  request(app, 'POST', '/api/comments', { body: { site: app.site, page: '/oracle', content: `نص ${Math.random()}`, ...over }, headers: from(ip) });

describe('avatars are no oracle for guessed emails', () => {
  let victimAvatar: string;

  beforeAll(async () => {
    const v = await post({ name: 'هدى', email: VICTIM }, '203.0.113.10');
    expect(v.status).toBe(201);
    await moderate(app, cookie, v.body.comment.id, 'approve');
    const list = await request(app, 'GET', '/api/comments?site=test&page=/oracle');
    victimAvatar = list.body.comments[0].author.avatar;
    expect(victimAvatar).toMatch(/^\/avatar\/[0-9a-f]{32}\.svg$/);
  });

  it('when someone posts with a guessed email, then neither the answer nor their own views show that email\'s avatar', async () => {
    const guess = await post({ name: 'Someone', email: VICTIM }, '198.51.100.20');
    expect(guess.status).toBe(201);
    expect(guess.body.comment.status).toBe('pending');
    expect(guess.body.comment.author.avatar).toMatch(/^\/avatar\/[0-9a-f]{32}\.svg$/);
    expect(guess.body.comment.author.avatar).not.toBe(victimAvatar);
    const { id } = guess.body.comment;
    const token = guess.body.editToken;
    const one = await request(app, 'GET', `/api/comments/${id}?token=${token}`, { headers: from('198.51.100.20') });
    expect(one.body.comment.author.avatar).not.toBe(victimAvatar);
    const mine = await request(app, 'GET', `/api/comments/mine?c=${id}:${token}`, { headers: from('198.51.100.20') });
    expect(mine.body.comments[0].author.avatar).not.toBe(victimAvatar);
    const edited = await request(app, 'PATCH', `/api/comments/${id}`, { body: { editToken: token, content: 'نص آخر تماماً' }, headers: from('198.51.100.20') });
    expect(edited.status).toBe(200);
    expect(edited.body.comment.author.avatar).not.toBe(victimAvatar);

    // the live channel about one's own comment says the same
    const s: Socket = connect(app.url, { transports: ['websocket'] });
    try {
      expect(await s.emitWithAck('own', { claims: [`${id}:${token}`] })).toEqual({ ok: true, joined: 1 });
      const status = new Promise<{ status: string; author: { avatar: string } }>((resolve) => s.on('comment:status', resolve));
      await moderate(app, cookie, id, 'spam');
      const ev = await status;
      expect(ev.status).toBe('removed');
      expect(ev.author.avatar).not.toBe(victimAvatar);
    } finally {
      s.close();
    }
  });

  it('when the guess fills the honeypot (binned in silence, no one reviews it), then the answer still shows no avatar of that email', async () => {
    const guess = await post({ name: 'Bot', email: VICTIM, honeypot: 'x' }, '198.51.100.22');
    expect(guess.status).toBe(201);
    expect(guess.body.comment.status).toBe('pending');
    expect(guess.body.comment.author.avatar).not.toBe(victimAvatar);
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=spam', { cookie });
    expect(queue.body.comments.map((c: { id: string }) => c.id)).toContain(guess.body.comment.id);
  });

  it('when a held comment is approved, then its author sees their own avatar, as every reader does', async () => {
    const own = await post({ name: 'Someone', email: 'someone.else@private.example' }, '198.51.100.21');
    const { id } = own.body.comment;
    await moderate(app, cookie, id, 'approve');
    const list = await request(app, 'GET', '/api/comments?site=test&page=/oracle');
    const shown = list.body.comments.find((c: { id: string }) => c.id === id).author.avatar;
    expect(shown).not.toBe(own.body.comment.author.avatar);
    const mine = await request(app, 'GET', `/api/comments/mine?c=${id}:${own.body.editToken}`);
    expect(mine.body.comments[0].author.avatar).toBe(shown);
  });
});
