import type Database from 'better-sqlite3';
import type { Moderator } from '../domain/types.js';
import type { ModeratorPatch } from './port.js';
import type { Sql } from './sqlite-counters.js';
import { toModerator, type Row } from './sqlite-rows.js';
// Moderator emails are stored in the one spelling every path uses, so look-ups ignore case.
import { normalizeEmail } from '../validation/email.js';

// Moderator accounts in the SQLite adapter (their sessions: sqlite-sessions.ts).

export function createModerator(sql: Sql, m: Moderator): Moderator {
  const row = sql(
    `INSERT INTO moderators (id, email, name, role, sites, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  ).get(m.id, normalizeEmail(m.email), m.name, m.role, JSON.stringify(m.sites ?? ['*']), m.passwordHash, m.createdAt) as Row;
  return toModerator(row);
}

export function getModerator(sql: Sql, id: string): Moderator | null {
  const row = sql('SELECT * FROM moderators WHERE id = ?').get(id) as Row | undefined;
  return row ? toModerator(row) : null;
}

export function findModeratorByEmail(sql: Sql, email: string): Moderator | null {
  const row = sql('SELECT * FROM moderators WHERE email = ?').get(normalizeEmail(email)) as Row | undefined;
  return row ? toModerator(row) : null;
}

export function countModerators(sql: Sql): number {
  return (sql('SELECT count(*) AS n FROM moderators').get() as { n: number }).n;
}

export function listModerators(sql: Sql): Moderator[] {
  return (sql('SELECT * FROM moderators ORDER BY created_at, id').all() as Row[]).map(toModerator);
}

export function setModeratorPassword(sql: Sql, id: string, passwordHash: string): boolean {
  return sql('UPDATE moderators SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1;
}

export function updateModerator(sql: Sql, id: string, patch: ModeratorPatch): Moderator | null {
  const row = sql(
    `UPDATE moderators SET name = coalesce(?, name), role = coalesce(?, role), sites = coalesce(?, sites), email = coalesce(?, email) WHERE id = ? RETURNING *`,
  ).get(patch.name ?? null, patch.role ?? null, patch.sites ? JSON.stringify(patch.sites) : null, patch.email ? normalizeEmail(patch.email) : null, id) as Row | undefined;
  return row ? toModerator(row) : null;
}

/** Deletes the moderator and their sessions together. */
export function deleteModerator(db: Database.Database, sql: Sql, id: string): boolean {
  return db.transaction(() => {
    sql('DELETE FROM sessions WHERE moderator_id = ?').run(id);
    return sql('DELETE FROM moderators WHERE id = ?').run(id).changes === 1;
  })();
}
