import { AppError } from '../errors.js';
import { OUTBOX_RETRY_WINDOW_MS, type OutboxItem } from '../outbox/types.js';
import { newId } from '../store/ids.js';
import type { Webhook } from '../store/notify-port.js';
import type { Store } from '../store/port.js';
import { newWebhookSecret } from './signing.js';
import { isPrivateAddress, resolveAll } from './ssrf.js';

export const WEBHOOK_EVENTS = ['comment.created', 'comment.approved', 'comment.status_changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** A site keeps at most this many webhooks. */
export const MAX_WEBHOOKS_PER_SITE = 20;

const invalid = (field: string, key: 'webhook_url_invalid' | 'webhook_url_private' | 'webhook_url_unresolved' | 'webhook_events_invalid' | 'bad_request') =>
  new AppError('validation', 422, 'validation', undefined, { [field]: { key, params: { events: WEBHOOK_EVENTS.join(', ') } } });

/** Checks a webhook URL: http(s), no credentials, ≤ 2000 chars, and (unless allowed) only public addresses. */
export async function checkWebhookUrl(raw: unknown, allowPrivate: boolean): Promise<string> {
  if (typeof raw !== 'string' || raw.length > 2000) throw invalid('url', 'webhook_url_invalid');
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw invalid('url', 'webhook_url_invalid');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || !u.hostname) throw invalid('url', 'webhook_url_invalid');
  if (!allowPrivate) {
    let addrs: string[];
    try {
      addrs = await resolveAll(u.hostname);
    } catch {
      throw invalid('url', 'webhook_url_unresolved');
    }
    if (addrs.length === 0 || addrs.some(isPrivateAddress)) throw invalid('url', 'webhook_url_private');
  }
  u.hash = '';
  return u.toString();
}

/** Public shape of a webhook: never the secret (that is shown once, when it is made). */
export const webhookView = (w: Webhook) => ({ id: w.id, url: w.url, events: w.events, private: w.private, createdAt: new Date(w.createdAt).toISOString() });

export async function addWebhook(
  store: Store,
  site: string,
  body: unknown,
  opts: { allowPrivate: boolean; now: number },
): Promise<Webhook> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('bad_request', 400, 'bad_request');
  const b = body as Record<string, unknown>;
  const url = await checkWebhookUrl(b.url, opts.allowPrivate);
  let events: string[] = [...WEBHOOK_EVENTS];
  if (b.events !== undefined) {
    if (!Array.isArray(b.events) || b.events.length === 0 || !b.events.every((e) => typeof e === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(e))) {
      throw invalid('events', 'webhook_events_invalid');
    }
    events = [...new Set(b.events as string[])];
  }
  if (b.private !== undefined && typeof b.private !== 'boolean') throw invalid('private', 'bad_request');
  if ((await store.notify.listWebhooks(site)).length >= MAX_WEBHOOKS_PER_SITE) throw invalid('url', 'bad_request');
  return store.notify.addWebhook({ id: newId(opts.now), site, url, events, private: b.private === true, secret: newWebhookSecret(), createdAt: opts.now });
}

/** What admins see of a delivery. */
export function deliveryView(d: OutboxItem) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: d.id,
    event: String(d.payload.event ?? ''),
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    finishedAt: iso(d.doneAt),
    nextAttemptAt: d.status === 'pending' ? iso(d.runAt) : null,
  };
}

/** Sends a delivery again with the same id (receivers de-duplicate on `Majlis-Delivery`). */
export async function resendDelivery(store: Store, webhook: Webhook, deliveryId: string, now: number): Promise<OutboxItem | null> {
  const item = await store.notify.getOutboxItem(deliveryId);
  if (!item || item.webhookId !== webhook.id) return null;
  return (await store.notify.requeue(deliveryId, now, now + OUTBOX_RETRY_WINDOW_MS)) ?? item;
}
