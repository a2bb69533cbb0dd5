import type Database from 'better-sqlite3';

const byConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement by its SQL text, compiled once per connection and kept
 * for the connection's life (compiling costs far more than running a small
 * statement: it was 5 % of a POST's CPU when the outbox compiled its insert
 * on every comment). Closing the connection drops the cache with it.
 */
export function prepared(db: Database.Database, text: string): Database.Statement {
  let cache = byConnection.get(db);
  if (!cache) byConnection.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

/** The SQL texts prepared through `prepared` on this connection (for EXPLAIN in diagnostics and tests). */
export function preparedTexts(db: Database.Database): string[] {
  return [...(byConnection.get(db)?.keys() ?? [])];
}

/**
 * EXPLAIN QUERY PLAN of each SQL text (diagnostics and tests): parameters, named (`@x`) or
 * positional (`?`), are bound to null. Returns each text with its plan's `detail` lines.
 */
export function explainTexts(db: Database.Database, texts: string[]): Array<{ sql: string; plan: string[] }> {
  return texts.map((text) => {
    const named = [...new Set(text.match(/@\w+/g) ?? [])].map((n) => [n.slice(1), null] as const);
    const params = named.length ? [Object.fromEntries(named)] : (text.match(/\?/g) ?? []).map(() => null);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>;
    return { sql: text, plan: rows.map((r) => r.detail) };
  });
}
