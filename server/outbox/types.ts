/**
 * The durable outbox: every email and webhook delivery is first a row here,
 * written in the same store step as the change that caused it, then sent by a
 * worker that claims rows with a lease (server/outbox/worker.ts).
 */

/**
 * - `event`: a comment change to fan out (into mails, webhook deliveries, digest slots)
 * - `mail`: one rendered message, ready to send
 * - `webhook`: one delivery of one event to one webhook (its id is the `Majlis-Delivery` id)
 * - `digest`: the moderators' digest of one period, composed when the period ends
 */
export type OutboxKind = 'event' | 'mail' | 'webhook' | 'digest';
export type OutboxStatus = 'pending' | 'done' | 'failed';

export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  site: string;
  /** Unique when set: inserting a second item with the same key does nothing (idempotent fan-out). */
  key: string | null;
  /** JSON-serialisable; shape depends on `kind`. */
  payload: Record<string, unknown>;
  /** For `webhook` items: the webhook it is delivered to. */
  webhookId: string | null;
  status: OutboxStatus;
  /** Claims so far (a claim after a crash counts too). */
  attempts: number;
  /** Not before this time (ms epoch). */
  runAt: number;
  /** Retries stop after this time (ms epoch): then the item is marked failed. */
  deadline: number;
  createdAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  doneAt: number | null;
}

/** What a caller enqueues; the store fills the rest. */
export interface NewOutboxItem {
  id?: string;
  kind: OutboxKind;
  site: string;
  key?: string | null;
  payload: Record<string, unknown>;
  webhookId?: string | null;
  /** default: createdAt */
  runAt?: number;
  createdAt: number;
}

/** How long an item is retried before it is marked failed (issue 12: 24 hours). */
export const OUTBOX_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
