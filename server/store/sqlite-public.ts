import type Database from 'better-sqlite3';
import type { PublicEntry } from '../domain/views.js';
import { publicBodyJson } from '../views.js';

/** The arguments of majlis_public_json, in order, as columns of `comments` (prefix `new.` in triggers). */
const BODY_ARGS = (p: string) =>
  ['id', 'parent_id', 'page', 'author_name', 'author_url', 'avatar_key', 'content', 'created_at', 'edited_at', 'deleted_at'].map((c) => p + c).join(', ');

/** SQL computing a row's public body from its columns: `majlis_public_json(id, …)` (prefix `new.` in triggers). */
export const publicJsonCall = (prefix = '') => `majlis_public_json(${BODY_ARGS(prefix)})`;

/**
 * A page of threads as readers get it (domain/views.ts PublicEntry): no private column
 * (email, IP, user agent, reasons, history) is read on this path, only the order and thread
 * keys, the counters, and the stored public body (`public_json`) as its UTF-8 bytes (a BLOB: no
 * decoding to a JS string and encoding back); a row written before it existed, or by a path
 * that did not set it, gets it computed here by the same function.
 */
export const PUBLIC_ENTRY_COLUMNS = `id, parent_id AS parentId, created_at AS createdAt, likes, featured_at AS featuredAt,
  deleted_at AS deletedAt, CAST(coalesce(public_json, ${publicJsonCall()}) AS BLOB) AS json`;

type EntryRow = [string, string | null, number, number, number | null, number | null, Buffer];

/**
 * Runs a statement selecting PUBLIC_ENTRY_COLUMNS and returns its entries. Rows come raw
 * (arrays) and are made into objects here: better-sqlite3's own row objects cost about as
 * much as reading the row (issue 10 profile: 0.50 → 0.31 ms for a 150-reply page).
 */
export function readEntries(stmt: Database.Statement, ...params: unknown[]): PublicEntry[] {
  return (stmt.raw(true).all(...params) as EntryRow[]).map((r) => ({ id: r[0], parentId: r[1], createdAt: r[2], likes: r[3], featuredAt: r[4], deletedAt: r[5], json: r[6] }));
}

/**
 * majlis_public_json(id, parent_id, page, author_name, author_url, avatar_key, content,
 * created_at, edited_at, deleted_at) → views.ts publicBodyJson of those columns. Registered
 * on every connection the store opens, before migrations (its triggers call it).
 */
export function registerPublicFunctions(db: Database.Database): void {
  db.function('majlis_public_json', { deterministic: true, varargs: true }, (...a: unknown[]) =>
    publicBodyJson({
      id: String(a[0]),
      parentId: a[1] === null ? null : String(a[1]),
      page: String(a[2]),
      authorName: String(a[3] ?? ''),
      authorUrl: a[4] === null ? null : String(a[4]),
      avatarKey: String(a[5] ?? ''),
      content: String(a[6] ?? ''),
      createdAt: Number(a[7]),
      editedAt: a[8] === null ? null : Number(a[8]),
      deletedAt: a[9] === null ? null : Number(a[9]),
    }),
  );
}

/** The trigger that keeps `public_json` when a public column changes, and the one that fills it when an insert left it out. */
export const PUBLIC_JSON_TRIGGERS = {
  insert: 'comments_public_json_insert',
  update: 'comments_public_json_update',
} as const;

/**
 * Migration 14 (issue 10): each comment's public body kept as JSON in the same row,
 * written with the row and rewritten by a trigger whenever a column it is made of
 * changes, whatever statement changes it (edits, author deletion, page moves, erasure,
 * imports), so it can never be stale. Likes and the featured flag stay out of it: they
 * change often and are added per read (views.ts publicEntryJson).
 */
export function publicJsonMigration(db: Database.Database): void {
  db.exec(`
    ALTER TABLE comments ADD COLUMN public_json TEXT;
    UPDATE comments SET public_json = ${publicJsonCall()};
    CREATE TRIGGER ${PUBLIC_JSON_TRIGGERS.insert} AFTER INSERT ON comments WHEN new.public_json IS NULL BEGIN
      UPDATE comments SET public_json = ${publicJsonCall('new.')} WHERE id = new.id;
    END;
    CREATE TRIGGER ${PUBLIC_JSON_TRIGGERS.update}
      AFTER UPDATE OF parent_id, page, author_name, author_url, avatar_key, content, created_at, edited_at, deleted_at ON comments BEGIN
      UPDATE comments SET public_json = ${publicJsonCall('new.')} WHERE id = new.id;
    END;
  `);
}
