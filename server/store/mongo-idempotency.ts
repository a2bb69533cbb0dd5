import mongoose from 'mongoose';
import type { IdempotencyRecord } from '../domain/types.js';
import type { IdempotencyDoc, Models } from './mongo-models.js';
import { IDEMPOTENCY_LIMITS } from './port.js';
import { isDuplicateKey } from './mongo-comments.js';

const { trusted } = mongoose;

/** Idempotency records in MongoDB: a claim is an insert on the unique `_id`; a TTL index deletes them after 24 h. */
export class MongoIdempotency {
  constructor(private readonly m: () => Models) {}

  async get(key: string, now: number): Promise<IdempotencyRecord | null> {
    const doc = await this.m().Idempotency.findById(key).lean<IdempotencyDoc>();
    // The TTL monitor runs once a minute; an expired record reads as gone at once.
    if (!doc || doc.createdAt <= now - IDEMPOTENCY_LIMITS.ttlMs) return null;
    return { key: doc._id, bodyHash: doc.bodyHash, status: doc.status, response: doc.response, createdAt: doc.createdAt };
  }

  async claim(key: string, bodyHash: string, now: number): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord }> {
    const fresh = { bodyHash, status: 0, response: '', createdAt: now, expiresAt: new Date(now + IDEMPOTENCY_LIMITS.ttlMs) };
    try {
      await this.m().Idempotency.create({ _id: key, ...fresh });
      return { claimed: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // Taken: still ours to take over only if expired or abandoned by a dead request (one conditional update decides).
    const takeover = await this.m().Idempotency.updateOne(
      {
        _id: key,
        $or: [
          { createdAt: trusted({ $lte: now - IDEMPOTENCY_LIMITS.ttlMs }) },
          { status: 0, createdAt: trusted({ $lte: now - IDEMPOTENCY_LIMITS.claimStaleMs }) },
        ],
      },
      { $set: fresh },
    );
    if (takeover.modifiedCount === 1) return { claimed: true };
    const record = await this.get(key, now);
    return record ? { claimed: false, record } : this.claim(key, bodyHash, now);
  }

  async complete(key: string, status: number, response: string): Promise<void> {
    await this.m().Idempotency.updateOne({ _id: key }, { $set: { status, response } });
  }

  async release(key: string): Promise<void> {
    await this.m().Idempotency.deleteOne({ _id: key, status: 0 });
  }

  async sweep(now: number, limits: { ttlMs: number; maxEntries: number }): Promise<number> {
    const { Idempotency } = this.m();
    const expired = (await Idempotency.deleteMany({ createdAt: trusted({ $lte: now - limits.ttlMs }) })).deletedCount;
    // Beyond the bound, the oldest go first: find the newest record that must go, delete it and everything older.
    const cut = await Idempotency.findOne().sort({ createdAt: -1 }).skip(limits.maxEntries).select({ createdAt: 1 }).lean<{ createdAt: number }>();
    const excess = cut ? (await Idempotency.deleteMany({ createdAt: trusted({ $lte: cut.createdAt }) })).deletedCount : 0;
    return expired + excess;
  }
}
