import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors.js';
import type { Store } from '../store/port.js';

export type IdempotentResult = { status: number; body: unknown; retryAfter?: number; replayed?: boolean };

/** How long a retry waits for the first request with its key to finish before giving up with 409. */
const WAIT_MS = 15_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * `Idempotency-Key` handling, decided by the store so any number of processes
 * agree: the first request claims the key (an atomic insert), runs, and stores
 * its 201; a retry with the same body replays that answer (waiting while the
 * first still runs), a retry with another body gets 422 idempotency_mismatch.
 * Refusals are not remembered (a retry after a 429 may pass), so their claim is
 * dropped and the next retry runs afresh. Records expire after 24 h; a sweep
 * deletes expired ones and keeps the table bounded (store IDEMPOTENCY_LIMITS).
 */
export function createIdempotency(store: Store, clock: () => number) {
  let lastSweep = 0;
  const sweepNow = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    void store.sweepIdempotency(now).catch(() => undefined); // best effort; expired records already read as absent
  };

  return {
    async once(key: string, bodyHash: string, fn: () => Promise<IdempotentResult>): Promise<IdempotentResult> {
      const started = clock();
      sweepNow(started);
      for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
        const claim = await store.claimIdempotency(key, bodyHash, clock());
        if (claim.claimed) {
          let result: IdempotentResult;
          try {
            result = await fn();
          } catch (e) {
            await store.releaseIdempotency(key);
            throw e;
          }
          if (result.status === 201) await store.completeIdempotency(key, result.status, JSON.stringify(result.body));
          else await store.releaseIdempotency(key);
          return result;
        }
        const rec = claim.record;
        // Checked before anything is replayed: another body never sees this key's comment or edit token.
        if (rec.bodyHash !== bodyHash) throw new AppError('idempotency_mismatch', 422, 'idempotency_mismatch');
        if (rec.status !== 0) return { status: rec.status, body: JSON.parse(rec.response) as unknown, replayed: true };
        if (clock() - started > WAIT_MS) throw new AppError('conflict', 409, 'idempotency_in_progress');
        await sleep(pause);
      }
    },
  };
}
