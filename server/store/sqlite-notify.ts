import type Database from 'better-sqlite3';
import type { Moderator } from '../domain/types.js';
import { OUTBOX_RETRY_WINDOW_MS, type NewOutboxItem, type OutboxItem } from '../outbox/types.js';
import { addressPattern } from '../privacy/address-pattern.js';
import { newId } from './ids.js';
import type { NotifyStore, Subscriber, Watch, Webhook } from './notify-port.js';
import { groupCommit } from './sqlite-group-commit.js';
import { prepared } from './sqlite-prepared.js';
import { toModerator, type Row } from './sqlite-rows.js';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toOutbox(r: Row): OutboxItem {
  return {
    id: String(r.id),
    kind: r.kind as OutboxItem['kind'],
    site: String(r.site),
    key: str(r.key),
    payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
    webhookId: str(r.webhook_id),
    status: r.status as OutboxItem['status'],
    attempts: Number(r.attempts),
    runAt: Number(r.run_at),
    deadline: Number(r.deadline),
    createdAt: Number(r.created_at),
    leaseOwner: str(r.lease_owner),
    leaseUntil: num(r.lease_until),
    lastError: str(r.last_error),
    doneAt: num(r.done_at),
  };
}

function toWebhook(r: Row): Webhook {
  return {
    id: String(r.id),
    site: String(r.site),
    url: String(r.url),
    events: JSON.parse(String(r.events)) as string[],
    private: r.private === 1,
    secret: String(r.secret),
    createdAt: Number(r.created_at),
  };
}

function toSubscriber(r: Row | undefined): Subscriber | null {
  if (!r) return null;
  return {
    id: String(r.id),
    site: String(r.site),
    email: String(r.email),
    state: r.state as Subscriber['state'],
    round: Number(r.round),
    createdAt: Number(r.created_at),
    confirmedAt: num(r.confirmed_at),
    unsubscribedAt: num(r.unsubscribed_at),
  };
}

/**
 * Inserts outbox rows on the given connection; called inside the caller's
 * transaction so the rows commit (or roll back) with the change that caused them.
 */
export function insertOutbox(db: Database.Database, items: NewOutboxItem[]): void {
  const stmt = prepared(
    db,
    `INSERT OR IGNORE INTO outbox (id, kind, site, key, payload, webhook_id, status, attempts, run_at, deadline, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
  );
  for (const it of items) {
    stmt.run(
      it.id ?? newId(it.createdAt),
      it.kind,
      it.site,
      it.key ?? null,
      JSON.stringify(it.payload),
      it.webhookId ?? null,
      it.runAt ?? it.createdAt,
      (it.runAt ?? it.createdAt) + OUTBOX_RETRY_WINDOW_MS,
      it.createdAt,
    );
  }
}

/** The notification tables of the SQLite store (same connection, same file). */
export class SqliteNotify implements NotifyStore {
  constructor(private readonly db: () => Database.Database) {}

  private sql(text: string): Database.Statement {
    return prepared(this.db(), text);
  }

  async enqueue(items: NewOutboxItem[]): Promise<void> {
    const db = this.db();
    db.transaction(() => insertOutbox(db, items)).immediate();
  }

  async claim(q: { owner: string; now: number; leaseMs: number; limit: number }): Promise<OutboxItem[]> {
    // One statement: SQLite serialises writers, so two processes never lease the same row.
    // It shares a commit with the other writes of this turn (sqlite-group-commit.ts): under
    // load a claim of its own was one more commit for every few comments (issue 10).
    const rows = await groupCommit(
      this.db(),
      () =>
        this.sql(
          `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
           WHERE id IN (
             SELECT id FROM outbox
             WHERE status = 'pending' AND run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
             ORDER BY run_at, id LIMIT ?)
           RETURNING *`,
        ).all(q.owner, q.now + q.leaseMs, q.now, q.now, q.limit) as Row[],
    );
    return rows.map(toOutbox).sort((a, b) => a.runAt - b.runAt || (a.id < b.id ? -1 : 1));
  }

  async complete(id: string, owner: string, now: number): Promise<boolean> {
    // shares a commit with the other writes of this turn (sqlite-group-commit.ts)
    return groupCommit(
      this.db(),
      () =>
        this.sql(
          `UPDATE outbox SET status = 'done', done_at = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL
           WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
        ).run(now, id, owner).changes === 1,
    );
  }

  async expand(id: string, owner: string, now: number, children: NewOutboxItem[]): Promise<boolean> {
    const db = this.db();
    // One savepoint in a commit shared with the other writes of this turn (sqlite-group-commit.ts).
    return groupCommit(db, () => {
      const info = prepared(db, `UPDATE outbox SET status = 'done', done_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'pending'`).run(
        now,
        id,
        owner,
      );
      if (info.changes !== 1) return false;
      insertOutbox(db, children);
      return true;
    });
  }

  async retryLater(id: string, owner: string, runAt: number, error: string): Promise<boolean> {
    const info = this.sql(
      `UPDATE outbox SET run_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
    ).run(runAt, error.slice(0, 500), id, owner);
    return info.changes === 1;
  }

  async fail(id: string, owner: string, now: number, error: string): Promise<boolean> {
    const info = this.sql(
      `UPDATE outbox SET status = 'failed', done_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
    ).run(now, error.slice(0, 500), id, owner);
    return info.changes === 1;
  }

  async getOutboxItem(id: string): Promise<OutboxItem | null> {
    const row = this.sql('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row ? toOutbox(row) : null;
  }

  async requeue(id: string, now: number, deadline: number): Promise<OutboxItem | null> {
    const row = this.sql(
      `UPDATE outbox SET status = 'pending', run_at = ?, deadline = ?, attempts = 0, done_at = NULL,
         lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND status IN ('done', 'failed') RETURNING *`,
    ).get(now, deadline, id) as Row | undefined;
    return row ? toOutbox(row) : null;
  }

  async listDeliveries(webhookId: string, limit: number): Promise<OutboxItem[]> {
    const rows = this.sql(`SELECT * FROM outbox WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(webhookId, limit) as Row[];
    return rows.map(toOutbox);
  }

  async pruneOutbox(before: number): Promise<number> {
    return this.sql(`DELETE FROM outbox WHERE status = 'done' AND done_at < ?`).run(before).changes;
  }

  async forgetAddress(email: string): Promise<{ outbox: number; watches: number }> {
    const db = this.db();
    const e = email.trim().toLowerCase();
    const whole = addressPattern(e);
    const del = db.prepare(`DELETE FROM outbox WHERE id = ?`);
    return db.transaction(() => {
      // payloads are JSON text, where the address appears as written (JSON escapes none of its
      // characters); instr finds candidates, the pattern keeps whole addresses only
      const found = db.prepare(`SELECT id, payload FROM outbox WHERE instr(lower(payload), ?) > 0`).all(e) as Array<{ id: string; payload: string }>;
      let outbox = 0;
      for (const r of found) if (whole.test(r.payload)) outbox += del.run(r.id).changes;
      return { outbox, watches: db.prepare(`DELETE FROM reply_watches WHERE lower(email) = ?`).run(e).changes };
    }).immediate();
  }

  async clearOldOutbox(site: string, before: number): Promise<number> {
    return this.sql(`DELETE FROM outbox WHERE site = ? AND status IN ('done', 'failed') AND created_at < ?`).run(site, before).changes;
  }

  async takeQuota(key: string, windowStart: number, cap: number): Promise<boolean> {
    // The conditional upsert is the check and the write in one statement.
    const row = this.sql(
      `INSERT INTO quotas (key, window_start, used) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET used = used + 1 WHERE used < ?
       RETURNING used`,
    ).get(key, windowStart, cap);
    if (row) this.sql('DELETE FROM quotas WHERE key = ? AND window_start < ?').run(key, windowStart);
    return row !== undefined && cap > 0;
  }

  async addWebhook(w: Webhook): Promise<Webhook> {
    this.sql(`INSERT INTO webhooks (id, site, url, events, private, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      w.id, w.site, w.url, JSON.stringify(w.events), w.private ? 1 : 0, w.secret, w.createdAt,
    );
    return (await this.getWebhook(w.id))!;
  }

  async listWebhooks(site: string): Promise<Webhook[]> {
    return (this.sql('SELECT * FROM webhooks WHERE site = ? ORDER BY created_at, id').all(site) as Row[]).map(toWebhook);
  }

  async getWebhook(id: string): Promise<Webhook | null> {
    const row = this.sql('SELECT * FROM webhooks WHERE id = ?').get(id) as Row | undefined;
    return row ? toWebhook(row) : null;
  }

  async removeWebhook(site: string, id: string): Promise<boolean> {
    return this.sql('DELETE FROM webhooks WHERE site = ? AND id = ?').run(site, id).changes === 1;
  }

  async addWatch(w: Watch): Promise<void> {
    this.sql('INSERT OR IGNORE INTO reply_watches (comment_id, site, email, thread_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
      w.commentId, w.site, w.email, w.threadId, w.createdAt,
    );
  }

  async getWatch(commentId: string): Promise<Watch | null> {
    const r = this.sql('SELECT * FROM reply_watches WHERE comment_id = ?').get(commentId) as Row | undefined;
    return r ? { commentId: String(r.comment_id), site: String(r.site), email: String(r.email), threadId: String(r.thread_id), createdAt: Number(r.created_at) } : null;
  }

  async requestSubscription(site: string, email: string, requestedAt: number, id: string) {
    const db = this.db();
    return db
      .transaction(() => {
        const inserted = db
          .prepare(`INSERT OR IGNORE INTO subscribers (id, site, email, state, round, created_at) VALUES (?, ?, ?, 'unconfirmed', 1, ?)`)
          .run(id, site, email, requestedAt).changes === 1;
        if (inserted) return { subscriber: toSubscriber(db.prepare('SELECT * FROM subscribers WHERE id = ?').get(id) as Row)!, confirm: true };
        const reopened = db
          .prepare(
            `UPDATE subscribers SET state = 'unconfirmed', round = round + 1, unsubscribed_at = NULL
             WHERE site = ? AND email = ? AND state = 'unsubscribed' AND unsubscribed_at < ? RETURNING *`,
          )
          .get(site, email, requestedAt) as Row | undefined;
        if (reopened) return { subscriber: toSubscriber(reopened)!, confirm: true };
        return { subscriber: toSubscriber(db.prepare('SELECT * FROM subscribers WHERE site = ? AND email = ?').get(site, email) as Row)!, confirm: false };
      })
      .immediate();
  }

  async getSubscriber(id: string): Promise<Subscriber | null> {
    return toSubscriber(this.sql('SELECT * FROM subscribers WHERE id = ?').get(id) as Row | undefined);
  }

  async findSubscriber(site: string, email: string): Promise<Subscriber | null> {
    return toSubscriber(this.sql('SELECT * FROM subscribers WHERE site = ? AND email = ?').get(site, email) as Row | undefined);
  }

  async confirmSubscriber(id: string, now: number): Promise<Subscriber | null> {
    this.sql(`UPDATE subscribers SET state = 'confirmed', confirmed_at = ? WHERE id = ? AND state = 'unconfirmed'`).run(now, id);
    return this.getSubscriber(id);
  }

  async unsubscribe(id: string, now: number): Promise<Subscriber | null> {
    this.sql(`UPDATE subscribers SET state = 'unsubscribed', unsubscribed_at = ? WHERE id = ? AND state <> 'unsubscribed'`).run(now, id);
    return this.getSubscriber(id);
  }

  async muteThread(subscriberId: string, threadId: string, now: number): Promise<void> {
    this.sql('INSERT OR IGNORE INTO thread_mutes (subscriber_id, thread_id, created_at) VALUES (?, ?, ?)').run(subscriberId, threadId, now);
  }

  async isThreadMuted(subscriberId: string, threadId: string): Promise<boolean> {
    return this.sql('SELECT 1 FROM thread_mutes WHERE subscriber_id = ? AND thread_id = ?').get(subscriberId, threadId) !== undefined;
  }

  async moderatorRecipients(): Promise<Moderator[]> {
    return (this.sql('SELECT * FROM moderators ORDER BY created_at, id').all() as Row[]).map(toModerator);
  }
}
