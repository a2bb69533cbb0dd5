import type { Session } from '../domain/types.js';
import type { Sql } from './sqlite-counters.js';
import { toSession, type Row } from './sqlite-rows.js';

// Moderators' sign-in sessions in the SQLite adapter (deleted with their moderator: sqlite-moderators.ts).

export function createSession(sql: Sql, s: Session): void {
  sql('INSERT INTO sessions (id, moderator_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    s.id,
    s.moderatorId,
    s.createdAt,
    s.expiresAt,
  );
}

/** The session unless it expired by `now` (ms epoch); an expired one is deleted as it is met. */
export function getSession(sql: Sql, id: string, now: number): Session | null {
  const row = sql('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined;
  if (!row) return null;
  if (Number(row.expires_at) <= now) {
    // Expired sessions are swept as they are met; nothing else reads them.
    sql('DELETE FROM sessions WHERE id = ?').run(id);
    return null;
  }
  return toSession(row);
}

export function deleteSession(sql: Sql, id: string): void {
  sql('DELETE FROM sessions WHERE id = ?').run(id);
}

export function deleteSessionsOf(sql: Sql, moderatorId: string): void {
  sql('DELETE FROM sessions WHERE moderator_id = ?').run(moderatorId);
}
