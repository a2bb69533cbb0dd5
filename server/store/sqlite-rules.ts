import type Database from 'better-sqlite3';
import type { ModerationRule } from '../rules/types.js';

type Sql = (text: string) => Database.Statement;
type Row = Record<string, unknown>;

/** Migration step (helper G): trust/hold/block rules, one per site and match. */
export const RULES_MIGRATION = `
  CREATE TABLE moderation_rules (
    id          TEXT PRIMARY KEY,
    site        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'ip', 'domain')),
    value       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('trust', 'hold', 'block')),
    note        TEXT,
    expires_at  INTEGER,
    created_at  INTEGER NOT NULL,
    created_by  TEXT,
    UNIQUE (site, kind, value)
  );
  CREATE INDEX moderation_rules_site ON moderation_rules (site, created_at);
`;

const toRule = (r: Row): ModerationRule => ({
  id: String(r.id),
  site: String(r.site),
  kind: r.kind as ModerationRule['kind'],
  value: String(r.value),
  action: r.action as ModerationRule['action'],
  note: r.note === null ? null : String(r.note),
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  createdAt: Number(r.created_at),
  createdBy: r.created_by === null ? null : (JSON.parse(String(r.created_by)) as ModerationRule['createdBy']),
});

/** Insert, or replace the action/note/expiry of the rule with the same site and match (one statement: atomic). */
export function saveRule(sql: Sql, r: ModerationRule): { rule: ModerationRule; created: boolean } {
  const existed = sql('SELECT id FROM moderation_rules WHERE site = ? AND kind = ? AND value = ?').get(r.site, r.kind, r.value) as Row | undefined;
  const row = sql(
    `INSERT INTO moderation_rules (id, site, kind, value, action, note, expires_at, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (site, kind, value) DO UPDATE SET action = excluded.action, note = excluded.note,
       expires_at = excluded.expires_at, created_at = excluded.created_at, created_by = excluded.created_by
     RETURNING *`,
  ).get(r.id, r.site, r.kind, r.value, r.action, r.note, r.expiresAt, r.createdAt, r.createdBy ? JSON.stringify(r.createdBy) : null) as Row;
  return { rule: toRule(row), created: !existed };
}

/** The site's rules not expired at `now`, newest first. */
export function listRules(sql: Sql, site: string, now: number): ModerationRule[] {
  return (sql('SELECT * FROM moderation_rules WHERE site = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, id DESC').all(site, now) as Row[]).map(toRule);
}

export function getRule(sql: Sql, id: string): ModerationRule | null {
  const row = sql('SELECT * FROM moderation_rules WHERE id = ?').get(id) as Row | undefined;
  return row ? toRule(row) : null;
}

export function deleteRule(sql: Sql, id: string): boolean {
  return sql('DELETE FROM moderation_rules WHERE id = ?').run(id).changes === 1;
}
