import type { Config } from '../config.js';
import type { StoredComment } from '../domain/types.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from 'pino';
import { OutboxWorker, type Handler } from '../outbox/worker.js';
import type { Store } from '../store/port.js';
import { deliver } from '../webhooks/deliver.js';
import { fanOut, mailItem, moderatorRecipients, READER_HOURLY_CAP, type FanOutContext } from './fanout.js';
import { createMailer, type Mailer, type OutgoingMail } from './mailer.js';
import { digestMail } from './messages.js';
import { withPageNames } from './page-name.js';
import { addressTag } from './tokens.js';

const HOUR = 60 * 60 * 1000;

/** PUBLIC_URL, or the address the server listens on. */
export function publicUrlOf(config: Config, port: number): string {
  if (config.notify.publicUrl) return config.notify.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface NotifyDeps {
  config: Config;
  store: Store;
  clock: () => number;
  logger: Logger;
  secret: string;
  bus?: EventBus;
  publicUrl: string;
  /** default: nodemailer on SMTP_URL, or none */
  mailer?: Mailer | null;
  pollMs?: number;
  webhookTimeoutMs?: number;
}

/** Pending comments of a site created in [from, to), oldest first. */
async function heldBetween(store: Store, site: string, from: number, to: number): Promise<StoredComment[]> {
  const out: StoredComment[] = [];
  let before = null;
  for (;;) {
    const page = await store.listByStatus({ site, status: 'pending', before, limit: 200 });
    for (const c of page.comments) if (c.createdAt >= from && c.createdAt < to) out.push(c);
    const last = page.comments[page.comments.length - 1];
    if (!page.next || !last || last.createdAt < from) break;
    before = page.next;
  }
  return out.reverse();
}

/** Whether a queued reader message is still wanted: the reader may have unsubscribed or muted the thread since. */
async function readerStillWants(store: Store, r: NonNullable<OutgoingMail['reader']>): Promise<boolean> {
  const sub = await store.notify.getSubscriber(r.subscriber);
  if (!sub || sub.state === 'unsubscribed') return false;
  if (r.requires === 'subscribed') return true;
  return sub.state === 'confirmed' && !(await store.notify.isThreadMuted(sub.id, r.thread));
}

/** The handlers of each outbox kind. */
export function notifyHandlers(d: NotifyDeps, mailer: Mailer | null): Record<'event' | 'mail' | 'webhook' | 'digest', Handler> {
  const ctx: FanOutContext = { store: d.store, secret: d.secret, publicUrl: d.publicUrl, mailConfigured: mailer !== null };
  return {
    event: async (item, now) => ({ result: 'expand', children: await fanOut(ctx, item, now) }),

    digest: async (item, now) => {
      const site = await d.store.getSite(item.site);
      if (!site || !mailer) return { result: 'done' };
      const held = await withPageNames(d.store, await heldBetween(d.store, site.id, Number(item.payload.from), Number(item.payload.to)), 'moderators');
      if (held.length === 0) return { result: 'done' };
      const children = (await moderatorRecipients(d.store, site)).map((r) => {
        const tag = addressTag(d.secret, r.email);
        return mailItem(ctx, site.id, `digest-mail:${item.id}:${tag}`, r.email, digestMail(site.settings.mailLanguage, ctx, site, held, tag, now), now);
      });
      return { result: 'expand', children };
    },

    mail: async (item, now) => {
      if (!mailer) return { result: 'fail', error: 'email is not configured (SMTP_URL)' };
      const mail = item.payload as unknown as OutgoingMail;
      if (mail.reader && !(await readerStillWants(d.store, mail.reader))) return { result: 'done' };
      if (mail.quotaKey) {
        const window = Math.floor(now / HOUR) * HOUR;
        if (!(await d.store.notify.takeQuota(mail.quotaKey, window, READER_HOURLY_CAP))) {
          return { result: 'retry', error: `hourly cap of ${READER_HOURLY_CAP} messages reached`, at: window + HOUR };
        }
      }
      try {
        await mailer.send(mail);
        return { result: 'done' };
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        const error = `${code ?? ''} ${(e as Error).message}`.trim();
        // 5xx is the server's final no (unknown mailbox, refused); anything else may pass later.
        return code !== undefined && code >= 500 ? { result: 'fail', error } : { result: 'retry', error };
      }
    },

    webhook: async (item, now) => {
      const wh = item.webhookId ? await d.store.notify.getWebhook(item.webhookId) : null;
      if (!wh) return { result: 'fail', error: 'the webhook was removed' };
      const r = await deliver({
        url: wh.url,
        secret: wh.secret,
        event: String(item.payload.event),
        deliveryId: item.id,
        rawBody: String(item.payload.body),
        now,
        allowPrivate: d.config.notify.webhookAllowPrivate,
        timeoutMs: d.webhookTimeoutMs,
      });
      if (r.ok) return { result: 'done' };
      if (r.error?.startsWith('refused to connect')) return { result: 'fail', error: r.error };
      return { result: 'retry', error: r.error ?? 'failed' };
    },
  };
}

/**
 * Starts this process's outbox worker (main.ts, after listen). New changes in
 * this process wake it at once; other processes' items are found by polling.
 */
export function startNotifications(d: NotifyDeps): { worker: OutboxWorker; mailer: Mailer | null; stop(waitMs?: number): Promise<void> } {
  const mailer = d.mailer !== undefined ? d.mailer : d.config.notify.smtpUrl ? createMailer(d.config.notify.smtpUrl, d.config.notify.mailFrom) : null;
  const worker = new OutboxWorker({
    store: d.store.notify,
    handlers: notifyHandlers(d, mailer),
    clock: d.clock,
    logger: d.logger,
    leaseMs: d.config.notify.outboxLeaseMs,
    retryBaseMs: d.config.notify.outboxRetryBaseMs,
    pollMs: d.pollMs,
  });
  const unsubscribe = [
    d.bus?.subscribe('comment:created', () => worker.kick()),
    d.bus?.subscribe('comment:status-changed', () => worker.kick()),
  ];
  worker.start();
  return {
    worker,
    mailer,
    /** Sends under way get up to `waitMs` (default: as long as they take); see OutboxWorker.stop. */
    async stop(waitMs?: number) {
      unsubscribe.forEach((u) => u?.());
      await worker.stop(waitMs);
      mailer?.close();
    },
  };
}
