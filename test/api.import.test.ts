import { request as httpRequest } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModerator } from '../server/usecases/auth.js';
import { startApp, type TestApp } from './helpers/app.js';
import { login, postComment, request, secretsSeen } from './helpers/http.js';
import { readFixture, readTruth } from './helpers/import.js';
import './helpers/leak-scan.js';

let app: TestApp;
let cookie: string;
let socket: Socket;
const events: Array<{ name: string; payload: unknown }> = [];

/** POSTs a file to the import route as a browser on the dashboard would (same origin, raw body). */
async function upload(body: string, query: string, as = cookie, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/api/moderation/sites/test/imports?${query}`, {
    method: 'POST',
    headers: { cookie: as, origin: app.url, 'content-type': 'application/xml', ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
  // Every email and IP of the export is private: the leak scan looks for each in public bodies.
  for (const c of readTruth().comments) {
    if (c.email) secretsSeen.add(c.email.toLowerCase());
    if (c.ip) secretsSeen.add(c.ip);
  }
  socket = connect(`${app.url}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
}, 60_000);

afterAll(async () => {
  socket?.close();
  await app?.close();
});

describe('HTTP import and export', () => {
  it('when someone without a session or a non-admin moderator imports, then 401 and 403', async () => {
    const anon = await fetch(`${app.url}/api/moderation/sites/test/imports?format=wordpress`, { method: 'POST', body: readFixture() });
    expect(anon.status).toBe(401);
    await addModerator(app.store, { email: 'mod@example.com', password: 'moderator-password', name: 'Mod', role: 'moderator' }, Date.now());
    const modCookie = await login(app, { email: 'mod@example.com', password: 'moderator-password' });
    const res = await upload(readFixture(), 'format=wordpress', modCookie);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    const exp = await request(app, 'GET', '/api/moderation/sites/test/export?format=json', { cookie: modCookie });
    expect(exp.status).toBe(403);
  });

  it('when the format is missing or unknown, or the request comes from another origin, then 400 / 403 with a message', async () => {
    expect((await upload('x', '')).status).toBe(400);
    const bad = await upload('x', 'format=blogger');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('format');
    expect((await upload(readFixture(), 'format=wordpress', cookie, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('when a dry run is posted, then the counts come back and nothing is written', async () => {
    const res = await upload(readFixture(), 'format=wordpress&dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 52, skipped: 4, pages: 3, orphans: 1, byStatus: { approved: 39, pending: 9, spam: 0, trash: 4 } });
    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    expect(queue.body.counts).toEqual({ pending: 0, approved: 0, spam: 0, trash: 0 });
    expect(events.filter((e) => e.name === 'site:imported')).toEqual([]);
  });

  it('when the file is imported, then the summary comes back, dashboards get one event and no comment:new, and readers see the threads', async () => {
    const res = await upload(readFixture(), 'format=wordpress');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 52, skipped: 4, pages: 3, byStatus: { approved: 39, pending: 9, spam: 0, trash: 4 }, orphans: 1, repaired: [], errors: [] });
    await expect.poll(() => events.filter((e) => e.name === 'site:imported').length, { timeout: 10_000 }).toBe(1);
    expect(events.find((e) => e.name === 'site:imported')!.payload).toEqual({ site: 'test', imported: 52 });
    await expect.poll(() => events.some((e) => e.name === 'counts' && (e.payload as { approved: number }).approved === 39), { timeout: 10_000 }).toBe(true);
    expect(events.filter((e) => e.name === 'comment:new')).toEqual([]);

    const queue = await request(app, 'GET', '/api/moderation/comments?site=test&status=pending', { cookie });
    expect(queue.body.counts).toEqual({ pending: 9, approved: 39, spam: 0, trash: 4 });
    expect(queue.body.comments[0].email).toMatch(/@/);

    // The browser sends the encoded path; the thread is the same.
    const encoded = encodeURIComponent('/2012/03/%D9%85%D8%AC%D9%84%D8%B3-%D8%A7%D9%84%D9%86%D9%82%D8%A7%D8%B4/');
    const decodedKey = encodeURIComponent('/2012/03/مجلس-النقاش/');
    const pub = await request(app, 'GET', `/api/comments?site=test&page=${decodedKey}`);
    expect(pub.status).toBe(200);
    expect(pub.body.total).toBe(20);
    expect(pub.body.comments[0]).toMatchObject({ content: 'مقال رائع، شكراً جزيلاً!', createdAt: '2012-03-04T09:00:00.000Z', author: { name: 'أحمد' } });
    expect(pub.body.comments[0].author.avatar).toMatch(/^\/avatar\/[0-9a-f]{32}\.svg$/);
    await request(app, 'GET', `/api/comments?site=test&page=${encoded}`);
    await request(app, 'GET', `/api/counts?site=test&page=${decodedKey}&page=${encodeURIComponent('/2018/07/hello-comments/')}`);
    const closed = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent('/2020/01/closed-thread/')}`);
    expect(closed.body.thread.closed).toBe(true);
  });

  it('when the same file is posted again, then 0 are imported', async () => {
    const res = await upload(readFixture(), 'format=wordpress');
    expect(res.body).toMatchObject({ imported: 0, skipped: 56 });
  });

  it('when moderators search after an import, then imported comments are found by folded words and operators', async () => {
    // «شكراً» in the export: found without the tanween (tashkeel folded), through the FTS index the triggers fill.
    const words = await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent('رائع شكرا')}`, { cookie });
    expect(words.status).toBe(200);
    expect(words.body.comments.map((c: { content: string }) => c.content)).toContain('مقال رائع، شكراً جزيلاً!');
    const byEmail = await request(app, 'GET', `/api/moderation/comments?site=test&q=${encodeURIComponent('email:AHMED@example.com')}`, { cookie });
    expect(byEmail.body.comments.length).toBeGreaterThan(0);
    for (const c of byEmail.body.comments) expect(c.email).toBe('ahmed@example.com');
  });

  it('when files are imported, then each import that wrote is in the audit log with who and the counts (dry runs and unreadable files are not)', async () => {
    const audit = await request(app, 'GET', '/api/moderation/audit?site=test', { cookie });
    expect(audit.status).toBe(200);
    const imports = audit.body.entries.filter((e: { action: string }) => e.action === 'import');
    expect(imports).toHaveLength(2);
    expect(imports.map((e: { after: { imported: number } }) => e.after.imported)).toEqual([0, 52]); // newest first
    expect(imports[1]).toMatchObject({ by: { name: 'Admin' }, site: 'test', after: { format: 'wordpress', imported: 52, skipped: 4, pages: 3, byStatus: { approved: 39, pending: 9, spam: 0, trash: 4 }, siteCreated: false } });
  });

  it('when an imported approved author posts again, then the comment is approved as previously approved', async () => {
    const res = await postComment(app, { name: 'أحمد', email: 'ahmed@example.com', page: '/2012/03/مجلس-النقاش/', content: 'ما زلت هنا بعد الاستيراد' });
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('approved');
  });

  it('when the file cannot be read, then 422 names the line and nothing is imported', async () => {
    const broken = readFixture().replace('</wp:comment_content>', '</wp:comment_contnet>');
    const res = await upload(broken, 'format=wordpress');
    expect(res.status).toBe(422);
    expect(res.body.imported).toBe(0);
    expect(res.body.errors[0].line).toBe(readFixture().split('</wp:comment_content>')[0]!.split('\n').length);
    // The parser speaks English: Arabic readers get an Arabic explanation, its words only as a technical detail apart.
    expect(res.body.errors[0].what).toMatch(/^تعذّرت قراءة XML: /);
    expect(res.body.errors[0].what.replace(/XML/g, '')).not.toMatch(/[A-Za-z]/);
    expect(res.body.errors[0].detail).toMatch(/close tag/);
    const en = await upload(broken, 'format=wordpress', cookie, { 'accept-language': 'en' });
    expect(en.body.errors[0].what).toMatch(/^the XML cannot be read: /);
    expect(en.body.errors[0].detail).toBe(res.body.errors[0].detail);
    for (const [format, file] of [['disqus', '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">\n<thread dsq:id="1">\n</disqus>'], ['json', '{"format": "majlis-export",\n "version": 1,\n "comments": [}']]) {
      const ar = await upload(file!, `format=${format}`);
      expect(ar.status, format).toBe(422);
      if (format === 'disqus') expect(ar.body.errors[0].line, format).toBeGreaterThan(1); // (the JSON reader's line is server/import/json.ts's business)
      expect(ar.body.errors[0].what.replace(/XML|JSON/g, ''), format).not.toMatch(/[A-Za-z]/);
      expect(ar.body.errors[0].detail, format).toMatch(/[A-Za-z]/);
    }
    const repaired = await upload(readFixture().replace('https://sara.example.net</wp:comment_author_url>', 'https://sara.example.net/?a&b</wp:comment_author_url>'), 'format=wordpress&dryRun=true');
    expect(repaired.body.repaired[0].what).toBe('حرف «&» غير مُهرَّب: صار «&amp;»');
  });

  it('when the declared body is beyond the documented limit, then 413 before reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${app.url}/api/moderation/sites/test/imports?format=wordpress`, {
        method: 'POST',
        headers: { cookie, origin: app.url, 'content-type': 'application/xml', 'content-length': String(600 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('<rss>');
    });
    expect(status).toBe(413);
  });

  it('when an admin downloads the export, then JSON and WXR stream as attachments with every comment', async () => {
    const json = await fetch(`${app.url}/api/moderation/sites/test/export?format=json`, { headers: { cookie } });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="majlis-test-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = (await json.json()) as { comments: Array<{ author: { email: string } }>; site: { id: string } };
    expect(doc.site.id).toBe('test');
    expect(doc.comments).toHaveLength(53);
    expect(doc.comments.some((c) => c.author.email === 'xss@example.com')).toBe(true);
    const wxr = await fetch(`${app.url}/api/moderation/sites/test/export?format=wxr`, { headers: { cookie } });
    expect(wxr.headers.get('content-type')).toMatch(/^application\/xml/);
    const text = await wxr.text();
    expect(text.match(/<wp:comment>/g)).toHaveLength(53);
    expect((await fetch(`${app.url}/api/moderation/sites/test/export?format=csv`, { headers: { cookie } })).status).toBe(400);

    // The JSON export, sent back as JSON into another site of the same server: every comment, new ids.
    await app.store.ensureSite({ id: 'copy', origins: [], settings: (await app.store.getSite('test'))!.settings, createdAt: Date.now() });
    const copy = await fetch(`${app.url}/api/moderation/sites/copy/imports?format=json`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    expect(copy.status).toBe(200);
    expect(await copy.json()).toMatchObject({ imported: 53, skipped: 0, orphans: 0 });
    const copied = await request(app, 'GET', `/api/comments?site=copy&page=${encodeURIComponent('/2018/07/hello-comments/')}`);
    const original = await request(app, 'GET', `/api/comments?site=test&page=${encodeURIComponent('/2018/07/hello-comments/')}`);
    expect(copied.body.comments.map((c: { content: string }) => c.content)).toEqual(original.body.comments.map((c: { content: string }) => c.content));
    expect(copied.body.comments[0].id).not.toBe(original.body.comments[0].id);
    expect((await fetch(`${app.url}/api/moderation/sites/nope/export?format=json`, { headers: { cookie } })).status).toBe(404);
    // an import into a site that does not exist names it (over HTTP the site must exist; the CLI creates it)
    const unknown = await fetch(`${app.url}/api/moderation/sites/nope/imports?format=json`, { method: 'POST', headers: { cookie, origin: app.url }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain('nope');
  });
});
