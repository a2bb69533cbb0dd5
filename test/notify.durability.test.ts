import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, startSmtp, waitFor, type TestReceiver, type TestSmtp } from './helpers/notify.js';

/**
 * Real server processes (server/main.ts) sharing one SQLite file, a real SMTP
 * server and a real webhook receiver; processes are killed with SIGKILL at the
 * worst moments.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-durable-'));
let smtp: TestSmtp;
let receiver: TestReceiver;
let env: NodeJS.ProcessEnv;
const procs: ChildProcess[] = [];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function start(extraEnv: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

let ipSeq = 10;
async function post(base: string, content: string): Promise<string> {
  const res = await fetch(`${base}/api/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${ipSeq++}` },
    body: JSON.stringify({ site: 'durable', page: '/p', name: 'قارئ', email: `r${ipSeq}@example.com`, content }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

function outbox(): Array<Record<string, unknown>> {
  const db = new Database(path.join(dataDir, 'majlis.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM outbox').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}
const idle = () => waitFor('every outbox item to be sent', () => !outbox().some((r) => r.status === 'pending'), 60_000);
const mailsAbout = (id: string) => smtp.messages.filter((m) => (m.parsed.text ?? '').includes(id));
const deliveriesAbout = (id: string) => receiver.deliveries.filter((d) => d.body.comment.id === id);

beforeAll(async () => {
  smtp = await startSmtp();
  receiver = await startReceiver();
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SITE_ID: 'durable',
    ADMIN_EMAIL: 'admin@durable.example',
    ADMIN_PASSWORD: 'durable-pass-123',
    SMTP_URL: smtp.url,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // Short leases so a killed process's items are taken over within the test.
    OUTBOX_LEASE_MS: '1500',
    OUTBOX_RETRY_BASE_MS: '100',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
  };
  cli('site', 'add', '--id', 'durable');
  cli('site', 'set', 'durable', 'holdAll=true', 'floodSeconds=0', 'minFillSeconds=0');
  expect(cli('webhook', 'add', 'durable', '--url', receiver.url, '--events', 'comment.created')).toMatch(/secret \(shown once, keep it\): whsec_/);
}, 60_000);

afterAll(async () => {
  for (const p of procs) {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await exited(p);
  }
  await smtp.close();
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Each test starts server processes (a few seconds each under load).
describe('nothing is lost, nothing is sent twice', { timeout: 180_000 }, () => {
  it('when the server is killed (-9) between a change and its email, then the email is sent after a restart', async () => {
    const a = await start();
    let killed = false;
    smtp.onData = () => {
      if (killed) return;
      killed = true;
      a.child.kill('SIGKILL'); // mid-send: the message is not accepted
      throw new Error('try again later');
    };
    const id = await post(a.url, 'يضيع؟ لا');
    await exited(a.child);
    expect(killed).toBe(true);
    expect(mailsAbout(id)).toHaveLength(0);
    smtp.onData = undefined;

    const b = await start();
    const m = await smtp.next((x) => (x.parsed.text ?? '').includes(id), 'the mail after restart');
    expect(m.envelopeTo).toEqual(['admin@durable.example']);
    await idle();
    expect(mailsAbout(id)).toHaveLength(1);
    b.child.kill('SIGTERM');
    await exited(b.child);
  });

  it('when the server is killed after a delivery was received but before it was marked done, then it is repeated with the same Majlis-Delivery id', async () => {
    const a = await start();
    let killedAt: string | null = null;
    receiver.respond = (d) => {
      if (killedAt === null) {
        killedAt = String(d.headers['majlis-delivery']);
        a.child.kill('SIGKILL');
      }
      return 200;
    };
    const id = await post(a.url, 'وصل ثم مات الخادم');
    await exited(a.child);
    receiver.respond = () => 200;

    const b = await start();
    const both = await waitFor('the repeated delivery', () => (deliveriesAbout(id).length >= 2 ? deliveriesAbout(id) : undefined), 30_000);
    await idle();
    expect(deliveriesAbout(id)).toHaveLength(2);
    expect(both.map((d) => d.headers['majlis-delivery'])).toEqual([killedAt, killedAt]);
    expect(both[0]!.raw).toBe(both[1]!.raw);
    b.child.kill('SIGTERM');
    await exited(b.child);
  });

  it('when SIGTERM comes while a webhook receiver is still answering, then the process stops within its grace (exit 0) and the delivery is made again later with the same id', async () => {
    const a = await start({ SHUTDOWN_GRACE_MS: '500' });
    const code = new Promise<number | null>((r) => a.child.once('exit', (c) => r(c)));
    let release = () => {};
    const held = new Promise<number>((r) => (release = () => r(200)));
    let first: string | null = null;
    receiver.respond = (d) => {
      if (first !== null) return 200;
      first = String(d.headers['majlis-delivery']);
      return held; // answers only after the process is gone (the webhook timeout is 10 s)
    };
    const id = await post(a.url, 'توقف أثناء الإرسال');
    await waitFor('the delivery to reach the receiver', () => first !== null, 30_000);
    a.child.kill('SIGTERM');
    // A stop that waited for the 10 s webhook timeout would be forced at grace + 5 s, with exit code 1.
    expect(await code).toBe(0);
    release();
    receiver.respond = () => 200;

    const b = await start();
    const both = await waitFor('the repeated delivery', () => (deliveriesAbout(id).length >= 2 ? deliveriesAbout(id) : undefined), 30_000);
    expect(both.map((d) => d.headers['majlis-delivery'])).toEqual([first, first]);
    await idle();
    b.child.kill('SIGTERM');
    await exited(b.child);
  });

  it('when two processes run, then they share the outbox and each message and delivery goes out once', async () => {
    const [p, q] = await Promise.all([start(), start()]);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await post(i % 2 ? p.url : q.url, `تعليق مشترك ${i}`));
    await waitFor('all mails', () => ids.every((id) => mailsAbout(id).length >= 1), 60_000);
    await waitFor('all deliveries', () => ids.every((id) => deliveriesAbout(id).length >= 1), 60_000);
    await idle();
    for (const id of ids) {
      expect(mailsAbout(id), id).toHaveLength(1);
      expect(deliveriesAbout(id), id).toHaveLength(1);
    }
    const messageIds = smtp.messages.map((m) => m.parsed.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
  });
});
