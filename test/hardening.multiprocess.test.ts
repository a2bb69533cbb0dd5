import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from './helpers/redis.js';
import { freshRequest, repoRoot, spawnServer, type Spawned } from './helpers/spawn-server.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-hard-multi-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  REDIS_URL,
  HOST: '127.0.0.1',
  PORT: '0',
  SITE_ID: 'hm',
  REDIS_PREFIX: `majlis-hard-${process.pid}-${Date.now()}`,
  ADMIN_EMAIL: 'admin@hm.example',
  ADMIN_PASSWORD: 'hard-multi-pass',
  // Long enough that only an invalidation (never expiry) can explain a fresh answer.
  THREAD_CACHE_MS: '600000',
  SITE_CACHE_MS: '600000',
  LOG_LEVEL: 'warn',
  METRICS_TOKEN: '',
};
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8' });
const servers: Spawned[] = [];
const sockets: Socket[] = [];
let A: Spawned;
let B: Spawned;
let cookie: string;

beforeAll(async () => {
  await requireRedis(REDIS_URL);
  expect(cli('site', 'add', '--id', 'hm').status).toBe(0);
  expect(cli('site', 'set', 'hm', 'floodSeconds=0', 'minFillSeconds=0').status).toBe(0);
  [A, B] = await Promise.all([spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env), spawnServer(process.execPath, ['--import', 'tsx', 'server/main.ts'], env)]);
  servers.push(A, B);
  const res = await fetch(`${A.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 120_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await Promise.all(servers.map(async (s) => {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }));
  rmSync(dataDir, { recursive: true, force: true });
});

let seq = 0;
const post = (base: string, page: string) =>
  fetch(`${base}/api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site: 'hm', page, name: 'ليلى', email: `l${++seq}@example.com`, content: `تعليق ${seq}` }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { comment: { id: string } } }));
const approve = (base: string, id: string) =>
  fetch(`${base}/api/moderation/comments/${id}/actions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: base }, body: JSON.stringify({ action: 'approve' }) }).then((r) => r.status);
const thread = async (base: string, page: string) =>
  (await (await fetch(`${base}/api/comments?site=hm&page=${encodeURIComponent(page)}`)).json()) as { comments: Array<{ id: string }>; thread: { threadDepth: number } };
/** Polls `f` until `ok` (Redis pub/sub is asynchronous, so "at once" means within moments; 15 s allows for a loaded 2-core machine and is far shorter than the 10-minute cache a missed invalidation would leave). */
async function eventually<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('caches shared across processes through Redis', () => {
  it('when a comment is approved on A, then B, which cached the thread for 10 minutes, shows it', async () => {
    const c = await post(A.url, '/shared');
    expect((await thread(B.url, '/shared')).comments).toHaveLength(0); // B caches the empty page
    expect(await approve(A.url, c.body.comment.id)).toBe(200);
    const seen = await eventually(() => thread(B.url, '/shared'), (t) => t.comments.length === 1);
    expect(seen.comments.map((x) => x.id)).toEqual([c.body.comment.id]);
  });

  it('when settings change on A, then B answers with the new settings (sites cache invalidated)', async () => {
    expect((await thread(B.url, '/settings')).thread.threadDepth).toBe(5);
    const patched = await fetch(`${A.url}/api/moderation/sites/hm`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie, origin: A.url }, body: JSON.stringify({ settings: { threadDepth: 2 } }) });
    expect(patched.status).toBe(200);
    const seen = await eventually(() => thread(B.url, '/settings'), (t) => t.thread.threadDepth === 2);
    expect(seen.thread.threadDepth).toBe(2);
  });

  it('when the CLI adds an origin, then both processes allow it for CORS (the cached decision is dropped)', async () => {
    // An origin no site allows is refused (403, readably); once allowed, its answer is the page.
    const corsOf = (base: string) =>
      freshRequest(`${base}/api/comments?site=hm&page=/cors`, { headers: { origin: 'https://paper.example' } }).then((r) => (r.status === 200 ? (r.headers['access-control-allow-origin'] ?? null) : null));
    expect(await corsOf(A.url)).toBeNull();
    expect(await corsOf(B.url)).toBeNull();
    const added = cli('site', 'add', '--id', 'hm', '--origin', 'https://paper.example');
    expect(added.status, added.stderr).toBe(0);
    expect(await eventually(() => corsOf(A.url), (v) => v !== null)).toBe('https://paper.example');
    expect(await eventually(() => corsOf(B.url), (v) => v !== null)).toBe('https://paper.example');
  });
});

/** A small WordPress export: one approved comment (and a reply) per post, on the page `/${slug}/`. */
function wxr(slug: string, from: number): string {
  const comment = (id: number, parent: number) => `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>عمر</wp:comment_author>
<wp:comment_author_email>omar${id}@example.com</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>192.0.2.9</wp:comment_author_IP>
<wp:comment_date>2012-03-01 10:00:0${id % 10}</wp:comment_date><wp:comment_date_gmt>2012-03-01 08:00:0${id % 10}</wp:comment_date_gmt><wp:comment_content>تعليق قديم ${id}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>old</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url><wp:base_blog_url>https://old.example</wp:base_blog_url>
<item><title>${slug}</title><link>https://old.example/${slug}/</link><wp:post_id>${from}</wp:post_id><wp:comment_status>open</wp:comment_status><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
${comment(from, 0)}${comment(from + 1, from)}
</item></channel></rss>`;
}

describe('imports drop the imported pages from the thread cache of every process', () => {
  it('when a file is imported over HTTP on A, then B, which cached the page for 10 minutes, shows the imported comments', async () => {
    expect((await thread(B.url, '/imported-http/')).comments).toHaveLength(0); // B caches the empty page
    const res = await fetch(`${A.url}/api/moderation/sites/hm/imports?format=wordpress`, { method: 'POST', headers: { cookie, origin: A.url, 'content-type': 'application/xml' }, body: wxr('imported-http', 10) });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { imported: number }).imported).toBe(2);
    const seen = await eventually(() => thread(B.url, '/imported-http/'), (t) => t.comments.length === 2);
    expect(seen.comments).toHaveLength(2);
  });

  it('when the CLI imports, then A and B, which cached the page, show the imported comments', async () => {
    expect((await thread(A.url, '/imported-cli/')).comments).toHaveLength(0);
    expect((await thread(B.url, '/imported-cli/')).comments).toHaveLength(0);
    const file = path.join(dataDir, 'cli-import.xml');
    writeFileSync(file, wxr('imported-cli', 20));
    const run = cli('import', 'wordpress', file, '--site', 'hm', '--json');
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { imported: number }).imported).toBe(2);
    expect((await eventually(() => thread(A.url, '/imported-cli/'), (t) => t.comments.length === 2)).comments).toHaveLength(2);
    expect((await eventually(() => thread(B.url, '/imported-cli/'), (t) => t.comments.length === 2)).comments).toHaveLength(2);
  });
});

describe('a stopping process closes only its own sockets', () => {
  it('when A stops, then readers on B stay connected and keep receiving; readers on A see a transport close (and may reconnect)', async () => {
    const join = async (base: string) => {
      const s = connect(base, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      expect(await s.timeout(10_000).emitWithAck('join', { site: 'hm', page: '/live' })).toEqual({ ok: true });
      return s;
    };
    const onB = await join(B.url);
    const onA = await join(A.url);
    const modOnB = connect(`${B.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin: B.url } });
    sockets.push(modOnB);
    await new Promise<void>((resolve) => modOnB.once('connect', () => resolve()));
    const disconnects: string[] = [];
    onB.on('disconnect', (reason) => disconnects.push(`reader: ${reason}`));
    modOnB.on('disconnect', (reason) => disconnects.push(`moderator: ${reason}`));
    const aReason = new Promise<string>((resolve) => onA.once('disconnect', (reason) => resolve(reason)));
    const idBefore = onB.id;

    A.child.kill('SIGTERM');
    expect(await A.exited).toBe(0);
    expect(await aReason).toBe('transport close');

    // B still delivers to the same connection: an approval made on B reaches the reader on B.
    const c = await post(B.url, '/live');
    const approved = new Promise<{ id: string }>((resolve) => onB.once('comment:approved', resolve));
    const updated = new Promise<{ id: string }>((resolve) => modOnB.once('comment:updated', resolve));
    expect(await approve(B.url, c.body.comment.id)).toBe(200);
    expect((await approved).id).toBe(c.body.comment.id);
    expect((await updated).id).toBe(c.body.comment.id);
    expect(onB.connected).toBe(true);
    expect(onB.id).toBe(idBefore);
    expect(disconnects).toEqual([]);
  }, 60_000);
});
