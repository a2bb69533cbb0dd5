import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.js';
import { DEFAULT_SETTINGS } from '../server/domain/types.js';
import { backoff } from '../server/outbox/worker.js';
import { countHeld } from '../server/notify/strings.js';
import { heldMail } from '../server/notify/messages.js';
import type { StoredComment } from '../server/domain/types.js';
import { signToken, verifyToken } from '../server/notify/tokens.js';
import { postComment } from './helpers/http.js';
import { linksOf, startNotifyApp, startSmtp, waitFor, type TestSmtp } from './helpers/notify.js';

describe('Arabic plurals in digests', () => {
  it('when held comments are counted, then each Arabic plural form is used with Arabic-Indic digits', () => {
    expect(countHeld('ar', 1)).toBe('تعليق واحد بانتظار المراجعة');
    expect(countHeld('ar', 2)).toBe('تعليقان بانتظار المراجعة');
    expect(countHeld('ar', 3)).toBe('٣ تعليقات بانتظار المراجعة');
    expect(countHeld('ar', 11)).toBe('١١ تعليقاً بانتظار المراجعة');
    expect(countHeld('ar', 100)).toBe('١٠٠ تعليق بانتظار المراجعة');
    expect(countHeld('en', 1)).toBe('1 comment awaiting moderation');
    expect(countHeld('en', 3)).toBe('3 comments awaiting moderation');
  });
});

describe('held mail of a comment without email or IP', () => {
  it('when the comment has no email or IP (imported, or cleared by retention), then those rows read «—», not a label with nothing after it', () => {
    const c = { id: 'c1', site: 'news', page: '/a', pageUrl: null, pageTitle: 'مقال', authorName: 'سارة', authorEmail: '', authorUrl: null, ip: '', userAgent: '', content: 'نص', reasons: [], status: 'pending', version: 1, createdAt: 0 } as unknown as StoredComment;
    const mail = heldMail('ar', { publicUrl: 'https://comments.example', secret: 's3cret' }, null, c, 'mod', 0);
    expect(mail.text).toMatch(/^البريد الإلكتروني: —$/m);
    expect(mail.text).toMatch(/^عنوان IP: —$/m);
    expect(mail.html).not.toMatch(/<td style="padding:2px 8px"><bdi[^>]*><\/bdi><\/td>/);
  });
});

describe('tokens and backoff', () => {
  it('when a token is used for another purpose, altered or expired, then it is refused', () => {
    const tok = signToken('s3cret', 'moderate', { c: 'id1', a: 'approve', exp: 1000 });
    expect(verifyToken('s3cret', 'moderate', tok, 999)).toMatchObject({ c: 'id1', a: 'approve' });
    expect(verifyToken('s3cret', 'moderate', tok, 1001)).toBeNull();
    expect(verifyToken('s3cret', 'confirm', tok, 0)).toBeNull();
    expect(verifyToken('other', 'moderate', tok, 0)).toBeNull();
    expect(verifyToken('s3cret', 'moderate', `${tok.slice(0, -2)}xx`, 0)).toBeNull();
  });

  it('when a send keeps failing, then the delay doubles from the base up to an hour', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((n) => backoff(10_000, n, noJitter))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoff(10_000, 30, noJitter)).toBe(3_600_000);
    expect(backoff(10_000, 1, () => 0.99)).toBeLessThanOrEqual(11_000);
  });
});

describe('configuration', () => {
  it('when notification variables are bad, then the start fails naming the variable', () => {
    expect(() => parseConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/^SMTP_URL/);
    expect(() => parseConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/^PUBLIC_URL/);
    expect(() => parseConfig({ MAIL_FROM: 'nobody' })).toThrow(/^MAIL_FROM/);
    expect(() => parseConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/^WEBHOOK_ALLOW_PRIVATE/);
    const ok = parseConfig({ SMTP_URL: 'smtps://u:p@mail.example:465', PUBLIC_URL: 'https://comments.example/', MAIL_FROM: 'Desk <desk@news.example>' });
    expect(ok.notify).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example:465', publicUrl: 'https://comments.example', mailFrom: 'Desk <desk@news.example>', webhookAllowPrivate: false });
    expect(parseConfig({ PUBLIC_URL: 'https://c.example' }).notify.mailFrom).toBe('Majlis <majlis@c.example>');
    expect(DEFAULT_SETTINGS).toMatchObject({ notifyModerators: 'each', digestMinutes: 60, notifyTo: [], replyNotifications: true, mailLanguage: 'ar' });
  });
});

describe('digests', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp.close());

  it('when notifyModerators is digest, then one message per period lists the comments still held, counted in Arabic', async () => {
    let now = Date.UTC(2026, 10, 29, 10, 0, 0);
    const app = await startNotifyApp(smtp, { clock: () => now, siteSettings: { holdAll: true, notifyModerators: 'digest', digestMinutes: 60 } });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        now += 60_000;
        ids.push((await postComment(app, { content: `تعليق للملخص ${i}` })).body.comment.id);
      }
      // One of them is decided before the digest goes out: it is not listed.
      await app.store.setStatus(ids[0]!, 1, { at: now, by: null, from: 'pending', to: 'trash' });
      await app.idle();
      expect(smtp.messages).toHaveLength(0);
      now = Date.UTC(2026, 10, 29, 11, 0, 1);
      const m = await smtp.next(() => true, 'the digest');
      expect(m.parsed.subject).toBe('[\u2068test\u2069] ٣ تعليقات بانتظار المراجعة');
      expect(m.parsed.html).toMatch(/<html lang="ar" dir="rtl">/);
      for (const id of ids.slice(1)) expect(m.parsed.text).toContain(id);
      expect(m.parsed.text).not.toContain(ids[0]);
      expect(linksOf(m).filter((l) => l.includes('/notify/moderate/'))).toHaveLength(9);
      await app.idle();
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('CLI', { timeout: 120_000 }, () => {
  let smtp: TestSmtp;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-notify-cli-'));
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  // Asynchronous: the SMTP server runs in this process and must keep answering meanwhile.
  const cli = (env: Record<string, string>, ...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('when "mail test" is run, then a test message is sent and the SMTP answer is printed', async () => {
    const r = await cli({ SMTP_URL: smtp.url }, 'mail', 'test', '--to', 'ops@news.example');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the SMTP server answered: 250 OK: queued as test/);
    const m = await waitFor('the test message', () => smtp.messages.find((x) => x.envelopeTo.includes('ops@news.example')));
    expect(m.parsed.subject).toBe('رسالة تجريبية من مجلس');
    expect(m.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const none = await cli({}, 'mail', 'test', '--to', 'ops@news.example');
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/SMTP_URL is not set/);
  });

  it('when webhooks are added, listed and removed from the CLI, then each step reports it; private addresses need WEBHOOK_ALLOW_PRIVATE', async () => {
    expect((await cli({}, 'site', 'add', '--id', 'cli')).status).toBe(0);
    const refused = await cli({}, 'webhook', 'add', 'cli', '--url', 'http://127.0.0.1:9/hook');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/loopback, private or link-local/);
    const added = await cli({ WEBHOOK_ALLOW_PRIVATE: 'true' }, 'webhook', 'add', 'cli', '--url', 'http://127.0.0.1:9/hook', '--events', 'comment.approved');
    expect(added.status, added.stderr).toBe(0);
    const id = /added webhook (\S+)/.exec(added.stdout)![1]!;
    expect(added.stdout).toMatch(/whsec_[0-9a-f]{64}/);
    const list = await cli({}, 'webhook', 'list', 'cli');
    expect(list.stdout).toContain(`${id}  http://127.0.0.1:9/hook  comment.approved`);
    expect(list.stdout).not.toMatch(/whsec_/);
    expect((await cli({}, 'webhook', 'remove', 'cli', id)).stdout).toContain(`removed webhook ${id}`);
    expect((await cli({}, 'webhook', 'remove', 'cli', id)).status).toBe(1);
    expect((await cli({}, 'webhook', 'list', 'cli')).stdout).toContain('no webhooks on cli');
  });
});
