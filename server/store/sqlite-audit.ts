import type Database from 'better-sqlite3';
import type { AuditEntry } from '../audit/types.js';
import type { CursorPos } from '../domain/types.js';

type Sql = (text: string) => Database.Statement;
type Row = Record<string, unknown>;

/** Migration step (helper G): the audit log. */
export const AUDIT_MIGRATION = `
  CREATE TABLE audit_log (
    id      TEXT PRIMARY KEY,
    at      INTEGER NOT NULL,
    site    TEXT,
    by_id   TEXT,
    by_name TEXT,
    action  TEXT NOT NULL,
    target  TEXT,
    before  TEXT,
    after   TEXT
  );
  CREATE INDEX audit_site ON audit_log (site, at, id);
  CREATE INDEX audit_at ON audit_log (at, id);
`;

const toEntry = (r: Row): AuditEntry => ({
  id: String(r.id),
  at: Number(r.at),
  by: r.by_id === null ? null : { id: String(r.by_id), name: String(r.by_name) },
  site: r.site === null ? null : String(r.site),
  action: String(r.action),
  target: r.target === null ? null : String(r.target),
  before: r.before === null ? null : JSON.parse(String(r.before)),
  after: r.after === null ? null : JSON.parse(String(r.after)),
});

export function appendAudit(sql: Sql, e: AuditEntry): void {
  sql('INSERT INTO audit_log (id, at, site, by_id, by_name, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.id, e.at, e.site, e.by?.id ?? null, e.by?.name ?? null, e.action, e.target,
    e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
    e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
  );
}

/** Newest first, strictly before `before`; one site's entries, or every entry when site is undefined. */
export function listAudit(sql: Sql, q: { site?: string; before: CursorPos | null; limit: number }): { entries: AuditEntry[]; next: CursorPos | null } {
  const b = q.before ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
  const rows = (
    q.site === undefined
      ? sql('SELECT * FROM audit_log WHERE (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?').all(b.createdAt, b.id, q.limit + 1)
      : sql('SELECT * FROM audit_log WHERE site = ? AND (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?').all(q.site, b.createdAt, b.id, q.limit + 1)
  ) as Row[];
  const entries = rows.map(toEntry);
  const more = entries.length > q.limit;
  if (more) entries.pop();
  const last = entries[entries.length - 1];
  return { entries, next: more && last ? { createdAt: last.at, id: last.id } : null };
}
