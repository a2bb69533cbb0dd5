import type Database from 'better-sqlite3';
import type { IdempotencyRecord } from '../domain/types.js';
import { IDEMPOTENCY_LIMITS } from './port.js';
import type { Sql } from './sqlite-counters.js';
import { toIdempotency, type Row } from './sqlite-rows.js';

/** Idempotency records in SQLite: claims are decided inside one IMMEDIATE transaction, so processes sharing the file agree. */
export class SqliteIdempotency {
  constructor(
    private readonly db: () => Database.Database,
    private readonly sql: Sql,
  ) {}

  get(key: string, now: number): IdempotencyRecord | null {
    const row = this.sql('SELECT * FROM idempotency WHERE key = ?').get(key) as Row | undefined;
    if (!row || Number(row.created_at) <= now - IDEMPOTENCY_LIMITS.ttlMs) return null;
    return toIdempotency(row);
  }

  claim(key: string, bodyHash: string, now: number): { claimed: true } | { claimed: false; record: IdempotencyRecord } {
    const run = this.db().transaction(() => {
      const existing = this.get(key, now);
      const abandoned = existing !== null && existing.status === 0 && existing.createdAt <= now - IDEMPOTENCY_LIMITS.claimStaleMs;
      if (existing && !abandoned) return { claimed: false as const, record: existing };
      this.sql('INSERT OR REPLACE INTO idempotency (key, body_hash, status, response, created_at) VALUES (?, ?, 0, ?, ?)').run(
        key,
        bodyHash,
        '',
        now,
      );
      return { claimed: true as const };
    });
    return run.immediate();
  }

  complete(key: string, status: number, response: string): void {
    this.sql('UPDATE idempotency SET status = ?, response = ? WHERE key = ?').run(status, response, key);
  }

  release(key: string): void {
    this.sql('DELETE FROM idempotency WHERE key = ? AND status = 0').run(key);
  }

  sweep(now: number, limits: { ttlMs: number; maxEntries: number }): number {
    const run = this.db().transaction(() => {
      const expired = this.sql('DELETE FROM idempotency WHERE created_at <= ?').run(now - limits.ttlMs).changes;
      // Beyond the bound, the oldest go first (through the created_at index).
      const excess = this.sql(
        `DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency ORDER BY created_at DESC LIMIT -1 OFFSET ?)`,
      ).run(limits.maxEntries).changes;
      return expired + excess;
    });
    return run.immediate();
  }
}
