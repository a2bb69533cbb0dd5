import Database from 'better-sqlite3';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { createLogger } from '../../server/logger.js';
import { startNotifications } from '../../server/notify/runtime.js';
import { startApp, type StartOptions, type TestApp } from './app.js';

/** Waits until `check` returns a value (not undefined/false), polling; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Received {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
}

export interface TestSmtp {
  url: string;
  messages: Received[];
  /** called on each DATA before it is accepted; throw to refuse (4xx), return normally to accept */
  onData?: (session: SMTPServerSession) => void | Promise<void>;
  next(pred?: (m: Received) => boolean, what?: string): Promise<Received>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server, by nodemailer's authors) on 127.0.0.1, collecting every message. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: Received[] = [];
  const taken = new Set<Received>();
  const t: TestSmtp = {
    url: '',
    messages,
    async next(pred = () => true, what = 'a message') {
      const m = await waitFor(what, () => messages.find((x) => !taken.has(x) && pred(x)));
      taken.add(m);
      return m;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null, msg?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        try {
          await t.onData?.(session);
        } catch (e) {
          const err = new Error((e as Error).message) as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ raw, parsed: await simpleParser(raw), envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
        cb(null, 'OK: queued as test');
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.server.address();
  t.url = `smtp://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return t;
}

/** Every link in a message's plain-text part, in order. */
export const linksOf = (m: Received) => [...(m.parsed.text ?? '').matchAll(/https?:\/\/[^\s<>]+/g)].map((x) => x[0]);

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface TestReceiver {
  url: string;
  deliveries: Delivery[];
  /** the status to answer (default 200); may also kill a process or never answer */
  respond: (d: Delivery, n: number) => number | Promise<number>;
  next(pred?: (d: Delivery) => boolean, what?: string): Promise<Delivery>;
  close(): Promise<void>;
}

/** A real HTTP webhook receiver on 127.0.0.1. */
export async function startReceiver(): Promise<TestReceiver> {
  const deliveries: Delivery[] = [];
  const taken = new Set<Delivery>();
  const r: TestReceiver = {
    url: '',
    deliveries,
    respond: () => 200,
    async next(pred = () => true, what = 'a delivery') {
      const d = await waitFor(what, () => deliveries.find((x) => !taken.has(x) && pred(x)));
      taken.add(d);
      return d;
    },
    close: () => new Promise((res) => {
      server.closeAllConnections();
      server.close(() => res());
    }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const d: Delivery = { headers: req.headers, raw, body: JSON.parse(raw) };
      deliveries.push(d);
      const status = await r.respond(d, deliveries.length);
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const addr = server.address();
  r.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
  return r;
}

export interface NotifyTestApp extends TestApp {
  stopWorker(): Promise<void>;
  /** resolves once no outbox item is pending and due (everything caused so far was sent or failed) */
  idle(): Promise<void>;
  outbox(): Array<Record<string, unknown>>;
}

/** The app with email to `smtp`, its own outbox worker polling every 50 ms, PUBLIC_URL = its address. */
export async function startNotifyApp(smtp: TestSmtp | null, opts: StartOptions & { webhookTimeoutMs?: number } = {}): Promise<NotifyTestApp> {
  const app = await startApp({
    ...opts,
    env: { ...(smtp ? { SMTP_URL: smtp.url } : {}), MAIL_FROM: 'Majlis <comments@news.example>', WEBHOOK_ALLOW_PRIVATE: 'true', OUTBOX_RETRY_BASE_MS: '50', ...opts.env },
  });
  const n = startNotifications({
    config: app.config,
    store: app.store,
    clock: opts.clock ?? Date.now,
    logger: createLogger('silent'),
    secret: app.secret,
    publicUrl: app.url,
    pollMs: 50,
    webhookTimeoutMs: opts.webhookTimeoutMs,
  });
  const db = () => new Database(path.join(app.config.dataDir, 'majlis.sqlite'), { readonly: true });
  const outbox = () => {
    const d = db();
    try {
      return d.prepare('SELECT * FROM outbox ORDER BY created_at, id').all() as Array<Record<string, unknown>>;
    } finally {
      d.close();
    }
  };
  return {
    ...app,
    outbox,
    async stopWorker() {
      await n.stop();
    },
    async idle() {
      const clock = opts.clock ?? Date.now;
      await waitFor('the outbox to drain', () => !outbox().some((r) => r.status === 'pending' && Number(r.run_at) <= clock()));
    },
    async close() {
      await n.stop();
      await app.close();
    },
  };
}
