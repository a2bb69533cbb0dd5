import mongoose, { Schema, type ClientSession, type Connection } from 'mongoose';
import type { Moderator } from '../domain/types.js';
import { OUTBOX_RETRY_WINDOW_MS, type NewOutboxItem, type OutboxItem } from '../outbox/types.js';
import { addressPattern } from '../privacy/address-pattern.js';
import { newId } from './ids.js';
import { toModerator } from './mongo-docs.js';
import type { ModeratorDoc } from './mongo-models.js';
import type { NotifyStore, Subscriber, Watch, Webhook } from './notify-port.js';

const { trusted } = mongoose;
const options = { versionKey: false, strict: true, strictQuery: true } as const;

type OutboxDoc = Omit<OutboxItem, 'id'> & { _id: string };
type WebhookDoc = Omit<Webhook, 'id'> & { _id: string };
type SubscriberDoc = Omit<Subscriber, 'id'> & { _id: string };
type WatchDoc = Omit<Watch, 'commentId'> & { _id: string };

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['event', 'mail', 'webhook', 'digest'] },
    site: { type: String, required: true },
    key: { type: String, default: null },
    payload: { type: Schema.Types.Mixed, required: true },
    webhookId: { type: String, default: null },
    status: { type: String, required: true, enum: ['pending', 'done', 'failed'] },
    attempts: { type: Number, default: 0 },
    runAt: { type: Number, required: true },
    deadline: { type: Number, required: true },
    createdAt: { type: Number, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Number, default: null },
    lastError: { type: String, default: null },
    doneAt: { type: Number, default: null },
  },
  { ...options, minimize: false },
);
outboxSchema.index({ key: 1 }, { unique: true, partialFilterExpression: { key: { $type: 'string' } } });
outboxSchema.index({ status: 1, runAt: 1, _id: 1 });
outboxSchema.index({ webhookId: 1, createdAt: -1 });

const webhookSchema = new Schema<WebhookDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true, index: true },
    url: { type: String, required: true },
    events: { type: [String], default: [] },
    private: { type: Boolean, default: false },
    secret: { type: String, required: true },
    createdAt: { type: Number, required: true },
  },
  options,
);

const subscriberSchema = new Schema<SubscriberDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    email: { type: String, required: true },
    state: { type: String, required: true, enum: ['unconfirmed', 'confirmed', 'unsubscribed'] },
    round: { type: Number, default: 1 },
    createdAt: { type: Number, required: true },
    confirmedAt: { type: Number, default: null },
    unsubscribedAt: { type: Number, default: null },
  },
  options,
);
subscriberSchema.index({ site: 1, email: 1 }, { unique: true });

const watchSchema = new Schema<WatchDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    email: { type: String, required: true },
    threadId: { type: String, required: true },
    createdAt: { type: Number, required: true },
  },
  options,
);

const muteSchema = new Schema({ _id: { type: String, required: true }, createdAt: Number }, options);
const quotaSchema = new Schema({ _id: { type: String, required: true }, key: String, windowStart: Number, used: Number }, options);

function bindNotifyModels(conn: Connection) {
  return {
    Outbox: conn.model<OutboxDoc>('Outbox', outboxSchema, 'outbox'),
    Webhook: conn.model<WebhookDoc>('Webhook', webhookSchema),
    Subscriber: conn.model<SubscriberDoc>('Subscriber', subscriberSchema),
    Watch: conn.model<WatchDoc>('ReplyWatch', watchSchema),
    Mute: conn.model('ThreadMute', muteSchema),
    Quota: conn.model('Quota', quotaSchema),
  };
}
type NotifyModels = ReturnType<typeof bindNotifyModels>;

const isDuplicateKey = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

const fromDoc = <T extends { _id: string }>(doc: T) => {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
};

function outboxDocs(items: NewOutboxItem[]): OutboxDoc[] {
  return items.map((it) => ({
    _id: it.id ?? newId(it.createdAt),
    kind: it.kind,
    site: it.site,
    key: it.key ?? null,
    payload: it.payload,
    webhookId: it.webhookId ?? null,
    status: 'pending',
    attempts: 0,
    runAt: it.runAt ?? it.createdAt,
    deadline: (it.runAt ?? it.createdAt) + OUTBOX_RETRY_WINDOW_MS,
    createdAt: it.createdAt,
    leaseOwner: null,
    leaseUntil: null,
    lastError: null,
    doneAt: null,
  }));
}

/**
 * The notification collections of the MongoDB store. Outbox items that come
 * with a comment write go in the same transaction (see MongoStore); every
 * fan-out child has a unique key, so a repeated fan-out inserts nothing twice.
 */
export class MongoNotify implements NotifyStore {
  private models: NotifyModels | null = null;
  /** Whether the deployment supports transactions (null: not known yet). */
  transactions: boolean | null = null;

  constructor(private readonly conn: () => Connection) {}

  private get m(): NotifyModels {
    this.models ??= bindNotifyModels(this.conn());
    return this.models;
  }

  async createIndexes(): Promise<void> {
    for (const model of Object.values(this.m)) await model.createIndexes();
  }

  /** Inserts outbox items, skipping keys that exist (inside `session` when given). */
  async insertOutbox(items: NewOutboxItem[], session?: ClientSession): Promise<void> {
    if (!items.length) return;
    try {
      await this.m.Outbox.insertMany(outboxDocs(items), { ordered: false, ...(session ? { session } : {}) });
    } catch (e) {
      const errs = (e as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
      const allDup = Array.isArray(errs) && errs.every((w) => (w.code ?? w.err?.code) === 11000);
      if (!isDuplicateKey(e) && !allDup) throw e;
    }
  }

  async enqueue(items: NewOutboxItem[]): Promise<void> {
    await this.insertOutbox(items);
  }

  async claim(q: { owner: string; now: number; leaseMs: number; limit: number }): Promise<OutboxItem[]> {
    const claimed: OutboxItem[] = [];
    for (let i = 0; i < q.limit; i++) {
      // Each findOneAndUpdate is atomic on its document: of two claimers one matches.
      const doc = await this.m.Outbox.findOneAndUpdate(
        { status: 'pending', runAt: trusted({ $lte: q.now }), $or: trusted([{ leaseUntil: null }, { leaseUntil: { $lte: q.now } }]) },
        { $set: { leaseOwner: q.owner, leaseUntil: q.now + q.leaseMs }, $inc: { attempts: 1 } },
        { sort: { runAt: 1, _id: 1 }, returnDocument: 'after' },
      ).lean<OutboxDoc>();
      if (!doc) break;
      claimed.push(fromDoc(doc) as OutboxItem);
    }
    return claimed;
  }

  private async finish(id: string, owner: string, set: Record<string, unknown>): Promise<boolean> {
    const res = await this.m.Outbox.updateOne({ _id: id, leaseOwner: owner, status: 'pending' }, { $set: { ...set, leaseOwner: null, leaseUntil: null } });
    return res.modifiedCount === 1;
  }

  async complete(id: string, owner: string, now: number): Promise<boolean> {
    return this.finish(id, owner, { status: 'done', doneAt: now, lastError: null });
  }

  async expand(id: string, owner: string, now: number, children: NewOutboxItem[]): Promise<boolean> {
    // Children first: their unique keys make a repeat harmless, and the parent
    // is only done once they are all stored.
    const lease = await this.m.Outbox.exists({ _id: id, leaseOwner: owner, status: 'pending' });
    if (!lease) return false;
    await this.insertOutbox(children);
    return this.complete(id, owner, now);
  }

  async retryLater(id: string, owner: string, runAt: number, error: string): Promise<boolean> {
    return this.finish(id, owner, { runAt, lastError: error.slice(0, 500) });
  }

  async fail(id: string, owner: string, now: number, error: string): Promise<boolean> {
    return this.finish(id, owner, { status: 'failed', doneAt: now, lastError: error.slice(0, 500) });
  }

  async getOutboxItem(id: string): Promise<OutboxItem | null> {
    const doc = await this.m.Outbox.findById(id).lean<OutboxDoc>();
    return doc ? (fromDoc(doc) as OutboxItem) : null;
  }

  async requeue(id: string, now: number, deadline: number): Promise<OutboxItem | null> {
    const doc = await this.m.Outbox.findOneAndUpdate(
      { _id: id, status: trusted({ $in: ['done', 'failed'] }) },
      { $set: { status: 'pending', runAt: now, deadline, attempts: 0, doneAt: null, leaseOwner: null, leaseUntil: null } },
      { returnDocument: 'after' },
    ).lean<OutboxDoc>();
    return doc ? (fromDoc(doc) as OutboxItem) : null;
  }

  async listDeliveries(webhookId: string, limit: number): Promise<OutboxItem[]> {
    const docs = await this.m.Outbox.find({ webhookId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<OutboxDoc[]>();
    return docs.map((d) => fromDoc(d) as OutboxItem);
  }

  async pruneOutbox(before: number): Promise<number> {
    return (await this.m.Outbox.deleteMany({ status: 'done', doneAt: trusted({ $lt: before }) })).deletedCount;
  }

  async forgetAddress(email: string): Promise<{ outbox: number; watches: number }> {
    const e = addressPattern(email);
    const exact = new RegExp(`^${email.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
    // mail (to, text, html), webhook bodies (JSON text), and any other string field naming it
    const fields = ['payload.to', 'payload.text', 'payload.html', 'payload.body', 'payload.subject', 'payload.email'];
    const outbox = (await this.m.Outbox.deleteMany({ $or: fields.map((f) => ({ [f]: trusted({ $regex: e }) })) })).deletedCount;
    const watches = (await this.m.Watch.deleteMany({ email: trusted({ $regex: exact }) })).deletedCount;
    return { outbox, watches };
  }

  async clearOldOutbox(site: string, before: number): Promise<number> {
    return (await this.m.Outbox.deleteMany({ site, status: trusted({ $in: ['done', 'failed'] }), createdAt: trusted({ $lt: before }) })).deletedCount;
  }

  async takeQuota(key: string, windowStart: number, cap: number): Promise<boolean> {
    if (cap <= 0) return false;
    try {
      // Matches only while under the cap; at the cap the upsert collides with the existing id.
      await this.m.Quota.updateOne(
        { _id: `${key}|${windowStart}`, used: trusted({ $lt: cap }) },
        { $inc: { used: 1 }, $setOnInsert: { key, windowStart } },
        { upsert: true },
      );
      await this.m.Quota.deleteMany({ key, windowStart: trusted({ $lt: windowStart }) });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async addWebhook(w: Webhook): Promise<Webhook> {
    const { id, ...rest } = w;
    await this.m.Webhook.create({ _id: id, ...rest });
    return (await this.getWebhook(id))!;
  }

  async listWebhooks(site: string): Promise<Webhook[]> {
    const docs = await this.m.Webhook.find({ site }).sort({ createdAt: 1, _id: 1 }).lean<WebhookDoc[]>();
    return docs.map((d) => fromDoc(d) as Webhook);
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    const doc = await this.m.Webhook.findById(id).lean<WebhookDoc>();
    return doc ? (fromDoc(doc) as Webhook) : null;
  }

  async removeWebhook(site: string, id: string): Promise<boolean> {
    return (await this.m.Webhook.deleteOne({ _id: id, site })).deletedCount === 1;
  }

  async addWatch(w: Watch): Promise<void> {
    const { commentId, ...rest } = w;
    await this.m.Watch.updateOne({ _id: commentId }, { $setOnInsert: rest }, { upsert: true }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }

  async getWatch(commentId: string): Promise<Watch | null> {
    const doc = await this.m.Watch.findById(commentId).lean<WatchDoc>();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { commentId: _id, ...rest };
  }

  async requestSubscription(site: string, email: string, requestedAt: number, id: string) {
    const { Subscriber: S } = this.m;
    try {
      await S.create({ _id: id, site, email, state: 'unconfirmed', round: 1, createdAt: requestedAt, confirmedAt: null, unsubscribedAt: null });
      return { subscriber: (await this.getSubscriber(id))!, confirm: true };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const reopened = await S.findOneAndUpdate(
      { site, email, state: 'unsubscribed', unsubscribedAt: trusted({ $lt: requestedAt }) },
      { $set: { state: 'unconfirmed', unsubscribedAt: null }, $inc: { round: 1 } },
      { returnDocument: 'after' },
    ).lean<SubscriberDoc>();
    if (reopened) return { subscriber: fromDoc(reopened) as Subscriber, confirm: true };
    return { subscriber: (await this.findSubscriber(site, email))!, confirm: false };
  }

  async getSubscriber(id: string): Promise<Subscriber | null> {
    const doc = await this.m.Subscriber.findById(id).lean<SubscriberDoc>();
    return doc ? (fromDoc(doc) as Subscriber) : null;
  }

  async findSubscriber(site: string, email: string): Promise<Subscriber | null> {
    const doc = await this.m.Subscriber.findOne({ site, email }).lean<SubscriberDoc>();
    return doc ? (fromDoc(doc) as Subscriber) : null;
  }

  async confirmSubscriber(id: string, now: number): Promise<Subscriber | null> {
    await this.m.Subscriber.updateOne({ _id: id, state: 'unconfirmed' }, { $set: { state: 'confirmed', confirmedAt: now } });
    return this.getSubscriber(id);
  }

  async unsubscribe(id: string, now: number): Promise<Subscriber | null> {
    await this.m.Subscriber.updateOne({ _id: id, state: trusted({ $ne: 'unsubscribed' }) }, { $set: { state: 'unsubscribed', unsubscribedAt: now } });
    return this.getSubscriber(id);
  }

  async muteThread(subscriberId: string, threadId: string, now: number): Promise<void> {
    await this.m.Mute.updateOne({ _id: `${subscriberId}|${threadId}` }, { $setOnInsert: { createdAt: now } }, { upsert: true }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }

  async isThreadMuted(subscriberId: string, threadId: string): Promise<boolean> {
    return (await this.m.Mute.exists({ _id: `${subscriberId}|${threadId}` })) !== null;
  }

  async moderatorRecipients(): Promise<Moderator[]> {
    const docs = await this.conn().model<ModeratorDoc>('Moderator').find().sort({ createdAt: 1, _id: 1 }).lean<ModeratorDoc[]>();
    return docs.map(toModerator);
  }
}

/**
 * Runs `write` in a transaction with the outbox insert when the deployment
 * supports transactions (replica set or sharded cluster). A standalone server
 * refuses transactions; then the change is written first and the outbox right
 * after (a crash between the two can lose that one notification; see README).
 */
export async function withOutbox<T>(
  conn: Connection,
  notify: MongoNotify,
  items: NewOutboxItem[] | undefined,
  write: (session: ClientSession | undefined) => Promise<T | null>,
): Promise<T | null> {
  if (!items?.length) return write(undefined);
  if (notify.transactions !== false) {
    try {
      const result = await conn.transaction(async (session) => {
        const r = await write(session);
        if (r !== null) await notify.insertOutbox(items, session);
        return r;
      });
      notify.transactions = true;
      return result;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== 20 && !/Transaction numbers are only allowed/i.test(String((e as Error).message))) throw e;
      notify.transactions = false; // a standalone server: remembered, so later writes do not try again
    }
  }
  const result = await write(undefined);
  if (result !== null) await notify.insertOutbox(items);
  return result;
}
