import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { NotifyStore } from '../store/notify-port.js';
import type { NewOutboxItem, OutboxItem, OutboxKind } from './types.js';

export type HandlerResult =
  | { result: 'done' }
  /** store these children and mark the item done, in one step */
  | { result: 'expand'; children: NewOutboxItem[] }
  /** try again; `at` overrides the backoff (e.g. a quota window), without giving up early */
  | { result: 'retry'; error: string; at?: number }
  | { result: 'fail'; error: string };

export type Handler = (item: OutboxItem, now: number) => Promise<HandlerResult>;

export interface WorkerOptions {
  store: NotifyStore;
  handlers: Record<OutboxKind, Handler>;
  clock: () => number;
  logger: Logger;
  /** how long a claim lasts (must exceed the slowest send, 10 s for webhooks) */
  leaseMs: number;
  /** first retry delay; doubles per attempt up to MAX_DELAY_MS */
  retryBaseMs: number;
  /** idle polling interval */
  pollMs?: number;
  /** items claimed per round */
  batch?: number;
}

const MAX_DELAY_MS = 60 * 60 * 1000;
/** Done items are kept this long (admins see recent deliveries), then pruned. */
export const KEEP_DONE_MS = 7 * 24 * 60 * 60 * 1000;

/** Exponential backoff: base × 2^(attempts−1), at most an hour, plus up to 10 % jitter. */
export function backoff(baseMs: number, attempts: number, random = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(delay * (1 + random() * 0.1));
}

/**
 * Sends what the outbox holds. Each process runs one worker with its own
 * owner id; items are claimed with a lease, so any number of processes share
 * the work and an item whose worker died (kill -9) is taken over when its lease
 * ends. A send that succeeded but was not marked done (crash in between) is
 * repeated with the same id: Majlis-Delivery and Message-ID stay the same.
 */
export class OutboxWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;
  private lastPrune = 0;

  constructor(private readonly o: WorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  /** Runs a round now (new items were just written in this process). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.round()
      .catch((err: Error) => this.o.logger.warn({ err: err.message }, 'outbox round failed'))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.o.pollMs ?? 1000);
          this.timer.unref();
        }
      });
  }

  /**
   * Stops claiming; waits for the current round (its sends finish and are recorded),
   * for at most `waitMs`. A send still under way then is left to its lease: any
   * process takes it over when the lease ends and sends it with the same id.
   */
  async stop(waitMs = Infinity): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running || !Number.isFinite(waitMs)) {
      await this.running;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, waitMs));
      timer.unref();
    });
    await Promise.race([this.running, waited]);
    clearTimeout(timer);
  }

  /** Claims and processes due items until none is left. */
  private async round(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const now = this.o.clock();
      const items = await this.o.store.claim({ owner: this.owner, now, leaseMs: this.o.leaseMs, limit: this.o.batch ?? 10 });
      if (items.length === 0) break;
      await Promise.all(items.map((it) => this.process(it)));
    }
    const now = this.o.clock();
    if (now - this.lastPrune > 60 * 60 * 1000) {
      this.lastPrune = now;
      await this.o.store.pruneOutbox(now - KEEP_DONE_MS);
    }
  }

  private async process(item: OutboxItem): Promise<void> {
    const { store, clock, logger } = this.o;
    let outcome: HandlerResult;
    try {
      outcome = await this.o.handlers[item.kind](item, clock());
    } catch (err) {
      outcome = { result: 'retry', error: (err as Error).message || String(err) };
    }
    const now = clock();
    let kept: boolean;
    switch (outcome.result) {
      case 'done':
        kept = await store.complete(item.id, this.owner, now);
        break;
      case 'expand':
        kept = await store.expand(item.id, this.owner, now, outcome.children);
        break;
      case 'fail':
        kept = await store.fail(item.id, this.owner, now, outcome.error);
        // Error texts may quote addresses (an SMTP 550 names the recipient): they stay in the store, out of logs.
        logger.warn({ item: item.id, kind: item.kind }, 'outbox item failed');
        break;
      case 'retry': {
        const at = outcome.at ?? now + backoff(this.o.retryBaseMs, item.attempts);
        if (outcome.at === undefined && at > item.deadline) {
          kept = await store.fail(item.id, this.owner, now, `gave up after ${item.attempts} attempts: ${outcome.error}`);
          logger.warn({ item: item.id, kind: item.kind, attempts: item.attempts }, 'outbox item failed for good');
        } else {
          kept = await store.retryLater(item.id, this.owner, at, outcome.error);
          logger.info({ item: item.id, kind: item.kind, attempts: item.attempts, retryAt: new Date(at).toISOString() }, 'outbox item will be retried');
        }
        break;
      }
    }
    if (!kept) logger.warn({ item: item.id }, 'outbox lease was lost before the item was recorded');
  }
}
