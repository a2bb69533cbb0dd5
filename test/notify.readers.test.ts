import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, moderate, postComment, publicBodies } from './helpers/http.js';
import { linksOf, startNotifyApp, startSmtp, type NotifyTestApp, type Received, type TestSmtp } from './helpers/notify.js';

let smtp: TestSmtp;
let app: NotifyTestApp;
let cookie: string;
const PAGE_URL = 'https://news.example/2026/11/article';
const REPLIER_IP = '203.0.113.99';

beforeAll(async () => {
  smtp = await startSmtp();
  // Moderators are told nothing here (notifyModerators off), so every message is a reader's.
  app = await startNotifyApp(smtp, { siteSettings: { holdAll: true, notifyModerators: 'off' }, env: { TRUST_PROXY: 'true', SITE_ORIGINS: 'https://news.example' } });
  cookie = await login(app);
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const to = (address: string) => (m: Received) => m.envelopeTo.includes(address);
const approve = async (id: string) => expect((await moderate(app, cookie, id, 'approve')).status).toBe(200);
async function post(email: string, over: Record<string, unknown> = {}) {
  const res = await postComment(app, { email, pageUrl: PAGE_URL, pageTitle: 'مقال اليوم', ...over }, { 'x-forwarded-for': REPLIER_IP });
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
}
/** Posts through a form the way a browser submits it. */
const submit = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const formAction = (html: string, base: string) => new URL(/action="([^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&'), base).toString();

describe('readers follow replies, with double opt-in', () => {
  const layla = 'layla.reader@example.com';
  const omar = 'omar.replier@example.com';
  let first: string;

  it('when a reader asks for replies, then nothing is mailed until one of their comments is approved; then one confirmation comes', async () => {
    first = await post(layla, { name: 'ليلى', notifyReplies: true, content: 'سؤال: متى يبدأ المشروع؟' });
    await app.idle();
    expect(smtp.messages.filter(to(layla))).toHaveLength(0);

    await approve(first);
    const confirm = await smtp.next(to(layla), 'the confirmation');
    expect(confirm.parsed.subject).toBe('أكّد رغبتك في تلقّي الردود على تعليقك');
    expect(confirm.parsed.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(confirm.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(confirm.raw).toMatch(/^List-Unsubscribe:\s*<http:\/\/127\.0\.0\.1:\d+\/notify\/unsubscribe\/[^>]+>/m);
    // Tokens carry ids, not the address.
    for (const link of linksOf(confirm)) {
      const token = link.split('/').pop()!.split('.')[0]!;
      expect(Buffer.from(token, 'base64url').toString()).not.toContain('@');
    }

    // A second approved comment from the same address brings no second confirmation.
    const again = await post(layla, { notifyReplies: true, content: 'وتعليق آخر' });
    await approve(again);
    await app.idle();
    expect(smtp.messages.filter(to(layla))).toHaveLength(1);
  });

  it('when replies are approved before confirming, then none is mailed; after confirming (GET shows, POST confirms), each approved reply is', async () => {
    const early = await post(omar, { name: 'عمر', parentId: first, content: 'ردّ قبل التأكيد' });
    await approve(early);
    await app.idle();
    expect(smtp.messages.filter(to(layla))).toHaveLength(1);

    const confirm = smtp.messages.find(to(layla))!;
    const link = linksOf(confirm).find((l) => l.includes('/notify/confirm/'))!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('نعم، أعلمني بالردود');
    expect((await app.store.notify.findSubscriber(app.site, layla))!.state).toBe('unconfirmed');
    expect((await submit(formAction(html, link), '')).status).toBe(200);
    expect((await app.store.notify.findSubscriber(app.site, layla))!.state).toBe('confirmed');

    const replyId = await post(omar, { name: 'Omar عمر', parentId: first, content: 'يبدأ في <يناير>\n\nوشكراً لسؤالك' });
    await approve(replyId);
    const m = await smtp.next(to(layla), 'the reply mail');
    expect(m.parsed.subject).toContain('ردّ جديد على تعليقك');
    expect(m.parsed.text).toContain('يبدأ في <يناير>');
    expect(m.parsed.text).toContain('\u2068Omar عمر\u2069');
    expect(m.parsed.html).toContain('&lt;يناير&gt;');
    expect(linksOf(m)).toContain(`${PAGE_URL}#comment-${replyId}`);
    expect(m.raw).toMatch(/^Auto-Submitted: auto-generated/m);
    // Nothing about the replier but their name: no email, no IP, no user agent.
    for (const secret of [omar, REPLIER_IP, 'MajlisTestAgent']) {
      expect(m.raw).not.toContain(secret);
      expect(m.parsed.text).not.toContain(secret);
    }
    // What the reader reads joins the suite's leak scan (links name the server's own address, 127.0.0.1 here).
    publicBodies.push([m.parsed.subject, m.parsed.text, m.parsed.html].join('\n').replaceAll(app.url, 'PUBLIC_URL'));
    expect(smtp.messages.filter(to(layla))).toHaveLength(2);
  });

  it('when the reader replies in their own thread, or a reply stays held, then they are not mailed', async () => {
    const own = await post(layla, { parentId: first, content: 'أردّ على نفسي' });
    await approve(own);
    await post(omar, { parentId: first, content: 'ردّ لم يُوافق عليه' });
    await app.idle();
    expect(smtp.messages.filter(to(layla))).toHaveLength(2);
  });

  it('when the reader stops one thread from the page, then replies there stop but other threads still come', async () => {
    const mails = smtp.messages.filter(to(layla));
    const unsub = linksOf(mails.at(-1)!).find((l) => l.includes('/notify/unsubscribe/'))!;
    const page = await fetch(unsub);
    const html = await page.text();
    expect(html).toContain('الردود في هذا النقاش فقط');
    expect(html).toContain('كل رسائل الردود من هذا الموقع');
    expect((await submit(unsub, 'scope=thread')).status).toBe(200);

    const muted = await post(omar, { parentId: first, content: 'ردّ في نقاش موقوف' });
    await approve(muted);
    const otherThread = await post(layla, { notifyReplies: true, content: 'نقاش جديد' });
    await approve(otherThread);
    const reply = await post(omar, { parentId: otherThread, content: 'ردّ في النقاش الجديد' });
    await approve(reply);
    const m = await smtp.next(to(layla), 'the reply in the other thread');
    expect(m.parsed.text).toContain('ردّ في النقاش الجديد');
    await app.idle();
    expect(smtp.messages.filter(to(layla)).map((x) => x.parsed.text).join()).not.toContain('ردّ في نقاش موقوف');
  });

  it('when the one-click POST (RFC 8058) is sent, then the reader is unsubscribed at once and nothing more comes', async () => {
    const last = smtp.messages.filter(to(layla)).at(-1)!;
    const unsub = /^List-Unsubscribe:\s*<([^>]+)>/m.exec(last.raw)![1]!;
    const res = await submit(unsub, 'List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect((await app.store.notify.findSubscriber(app.site, layla))!.state).toBe('unsubscribed');

    const count = smtp.messages.filter(to(layla)).length;
    const top = await post(layla, { content: 'تعليق بعد إلغاء الاشتراك' });
    await approve(top);
    const reply = await post(omar, { parentId: top, content: 'ردّ لن يُرسل' });
    await approve(reply);
    await app.idle();
    expect(smtp.messages.filter(to(layla))).toHaveLength(count);
  });

  it('when a mail provider sends the one-click POST as multipart/form-data, then it unsubscribes too', async () => {
    const reader = 'multipart.reader@example.com';
    const top = await post(reader, { notifyReplies: true, content: 'للاختبار متعدد الأجزاء' });
    await approve(top);
    const confirm = await smtp.next(to(reader), 'the confirmation');
    const unsub = /^List-Unsubscribe:\s*<([^>]+)>/m.exec(confirm.raw)![1]!;
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    expect((await fetch(unsub, { method: 'POST', body: form })).status).toBe(200);
    expect((await app.store.notify.findSubscriber(app.site, reader))!.state).toBe('unsubscribed');
  });

  it('when a confirmation link is forged or from before an unsubscription, then it confirms nothing', async () => {
    const confirm = smtp.messages.find(to(layla))!;
    const link = linksOf(confirm).find((l) => l.includes('/notify/confirm/'))!;
    expect((await submit(link, '')).status).toBe(400); // unsubscribed since: the old round no longer confirms
    expect((await submit(`${link}x`, '')).status).toBe(400);
    expect((await app.store.notify.findSubscriber(app.site, layla))!.state).toBe('unsubscribed');
  });

  it('when notifyReplies is not a boolean, then the post is a 400 naming it', async () => {
    const res = await postComment(app, { notifyReplies: 'yes' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields)).toEqual(['notifyReplies']);
  });
});

describe('reader hourly cap', () => {
  it('when more replies come in an hour than the cap (10), then the rest wait for the next hour instead of being sent', async () => {
    const reader = 'busy.reader@example.com';
    const top = await post(reader, { notifyReplies: true, content: 'موضوع شائع' });
    await approve(top);
    const confirm = await smtp.next(to(reader), 'the confirmation');
    const link = linksOf(confirm).find((l) => l.includes('/notify/confirm/'))!;
    await submit(link, '');
    for (let i = 0; i < 10; i++) {
      const id = await post(`fan${i}@example.com`, { parentId: top, content: `ردّ رقم ${i}` });
      await approve(id);
    }
    await app.idle();
    // confirmation + 9 replies = 10 this hour; the 10th reply waits.
    expect(smtp.messages.filter(to(reader))).toHaveLength(10);
    const waiting = app.outbox().filter((r) => r.status === 'pending' && String(r.last_error).includes('hourly cap'));
    expect(waiting).toHaveLength(1);
    expect(Number(waiting[0]!.run_at) % 3_600_000).toBe(0);

    // The reader unsubscribes while that message waits: when its hour comes, it is not sent.
    const last = smtp.messages.filter(to(reader)).at(-1)!;
    expect((await submit(/^List-Unsubscribe:\s*<([^>]+)>/m.exec(last.raw)![1]!, 'List-Unsubscribe=One-Click')).status).toBe(200);
    const db = new Database(path.join(app.config.dataDir, 'majlis.sqlite'));
    db.prepare('UPDATE outbox SET run_at = ? WHERE id = ?').run(Date.now(), waiting[0]!.id);
    db.close();
    await app.idle();
    expect(app.outbox().find((r) => r.id === waiting[0]!.id)!.status).toBe('done');
    expect(smtp.messages.filter(to(reader))).toHaveLength(10);
  });
});
