import type { Moderator } from '../domain/types.js';
import type { NewOutboxItem, OutboxItem } from '../outbox/types.js';

/** A webhook of one site. The secret signs deliveries; it is shown to the admin once. */
export interface Webhook {
  id: string;
  site: string;
  url: string;
  /** event names it receives (comment.created, comment.approved, comment.status_changed) */
  events: string[];
  /** private: the comment in the payload carries email and IP */
  private: boolean;
  secret: string;
  createdAt: number;
}

/** A reader address on one site that asked for reply notifications (double opt-in). */
export interface Subscriber {
  id: string;
  site: string;
  email: string;
  state: 'unconfirmed' | 'confirmed' | 'unsubscribed';
  /** bumped each time a new confirmation is due (after a site-wide unsubscribe and a new request) */
  round: number;
  createdAt: number;
  confirmedAt: number | null;
  unsubscribedAt: number | null;
}

/** "Email me replies to this comment", recorded when the comment was posted with notifyReplies. */
export interface Watch {
  commentId: string;
  site: string;
  email: string;
  /** the id of the thread's top-level comment (for "stop this thread") */
  threadId: string;
  createdAt: number;
}

/**
 * Storage for notifications: the outbox, webhooks, reader subscriptions and
 * send quotas. Both adapters implement it (server/store/sqlite-notify.ts,
 * server/store/mongo-notify.ts); test/helpers/store-suite-notify.ts holds them to it.
 * Every check-then-write here is atomic in the store (conditional update, unique key).
 */
export interface NotifyStore {
  // Outbox
  /** Inserts items; one whose `key` already exists is silently skipped. */
  enqueue(items: NewOutboxItem[]): Promise<void>;
  /**
   * Atomically leases up to `limit` due items (pending, runAt ≤ now, no live lease)
   * to `owner` until now + leaseMs, oldest first, and counts the attempt. Two
   * processes claiming at once never get the same item.
   */
  claim(q: { owner: string; now: number; leaseMs: number; limit: number }): Promise<OutboxItem[]>;
  /** Marks a leased item done. False when the lease was lost to another owner. */
  complete(id: string, owner: string, now: number): Promise<boolean>;
  /** Inserts `children` (skipping known keys) and marks the leased parent done, in one step. */
  expand(id: string, owner: string, now: number, children: NewOutboxItem[]): Promise<boolean>;
  /** Releases the lease and schedules another try at `runAt`, recording the error. */
  retryLater(id: string, owner: string, runAt: number, error: string): Promise<boolean>;
  /** Marks a leased item failed (no more tries). */
  fail(id: string, owner: string, now: number, error: string): Promise<boolean>;
  getOutboxItem(id: string): Promise<OutboxItem | null>;
  /** Sends a done or failed item again: pending, due now, a fresh 24 h retry window; same id. */
  requeue(id: string, now: number, deadline: number): Promise<OutboxItem | null>;
  /** Newest first: the deliveries of one webhook. */
  listDeliveries(webhookId: string, limit: number): Promise<OutboxItem[]>;
  /** Deletes done items finished before `before` (failed ones stay for admins to see). */
  pruneOutbox(before: number): Promise<number>;
  /**
   * Privacy erase (issue 13 point 7): deletes every outbox item whose payload holds this
   * address (any case) — mail to it, moderator mail and private webhook bodies about its
   * comments — in any status, and the reply watches recorded for it. Returns both counts.
   */
  forgetAddress(email: string): Promise<{ outbox: number; watches: number }>;
  /**
   * IP retention (issue 13 point 7): deletes the site's finished (done or failed) outbox
   * items created before `before`: moderator mail and private webhook bodies carry the
   * commenter's IP address. Pending items are still being delivered and stay.
   */
  clearOldOutbox(site: string, before: number): Promise<number>;
  /**
   * Takes one unit of a fixed-window quota atomically: true (and counted) while
   * fewer than `cap` were taken for `key` in the window starting at `windowStart`.
   */
  takeQuota(key: string, windowStart: number, cap: number): Promise<boolean>;

  // Webhooks
  addWebhook(w: Webhook): Promise<Webhook>;
  listWebhooks(site: string): Promise<Webhook[]>;
  getWebhook(id: string): Promise<Webhook | null>;
  removeWebhook(site: string, id: string): Promise<boolean>;

  // Reader subscriptions
  /** Records a watch (idempotent: the first one for a comment stays). */
  addWatch(w: Watch): Promise<void>;
  getWatch(commentId: string): Promise<Watch | null>;
  /**
   * A reader whose watched comment was approved asks for notifications:
   * creates the subscriber as unconfirmed (round 1) when new; reopens an
   * unsubscribed one (round + 1) when the request is newer than the
   * unsubscription. `confirm` says whether a confirmation message is due, for `round`.
   */
  requestSubscription(site: string, email: string, requestedAt: number, newId: string): Promise<{ subscriber: Subscriber; confirm: boolean }>;
  getSubscriber(id: string): Promise<Subscriber | null>;
  findSubscriber(site: string, email: string): Promise<Subscriber | null>;
  /** Confirms (from unconfirmed only; confirmed stays). Null when unknown. */
  confirmSubscriber(id: string, now: number): Promise<Subscriber | null>;
  /** Stops every reply message of this site to this address. */
  unsubscribe(id: string, now: number): Promise<Subscriber | null>;
  /** Stops replies of one thread. */
  muteThread(subscriberId: string, threadId: string, now: number): Promise<void>;
  isThreadMuted(subscriberId: string, threadId: string): Promise<boolean>;

  /** Every moderator (default recipients of moderator mail). */
  moderatorRecipients(): Promise<Moderator[]>;
}

/** Options of the two comment writes that may carry outbox items in the same step. */
export interface WriteOptions {
  /** inserted in the same transaction as the comment change */
  outbox?: NewOutboxItem[];
}
