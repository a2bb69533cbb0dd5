import type Database from 'better-sqlite3';
import { groupCommit } from './sqlite-group-commit.js';
import type { Sql } from './sqlite-counters.js';
import type { ThreadBytes } from './thread-bytes.js';

/** The columns whose change can change what a thread shows readers (its entries or which of them are visible). */
const SHOWN_COLUMNS = 'status, parent_id, thread_id, page, author_name, author_url, avatar_key, content, created_at, edited_at, deleted_at, likes, featured_at, public_json';

const bump = (thread: string) => `
    INSERT INTO thread_gens (thread_id, gen) VALUES (${thread}, 1) ON CONFLICT (thread_id) DO UPDATE SET gen = gen + 1;
    DELETE FROM thread_bytes WHERE thread_id = ${thread};`;

/**
 * Migration 20 (issue 10: uncached reads of big pages): each thread's bytes as readers get
 * them (thread-bytes.ts ThreadBytes), kept in `thread_bytes` once a read has built them, and a
 * generation per thread in `thread_gens`. `thread_bytes` has rowids: its rows are kilobytes,
 * which a WITHOUT ROWID table keeps in its key's b-tree, spilling to overflow pages (4 µs a
 * row to read, against about 1 in a rowid table's leaves).
 *
 * Exact at every commit, whatever statement writes: triggers on `comments` drop a thread's
 * bytes and bump its generation, in the writing transaction, whenever an approved comment of
 * it is inserted, deleted, or has a column readers see changed, or a comment becomes or stops
 * being approved (a held comment's changes show nowhere). A read builds the bytes of threads
 * that have none from their rows, in its own snapshot, and keeps them only if the thread's
 * generation is still the one it read (saveThreadBytes), so bytes built from rows a writer
 * has since changed are never kept.
 */
export const THREAD_BYTES_MIGRATION = `
  CREATE TABLE thread_gens (
    thread_id TEXT PRIMARY KEY,
    gen       INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE thread_bytes (
    thread_id TEXT PRIMARY KEY,
    gen       INTEGER NOT NULL,
    json      BLOB NOT NULL,
    tag       TEXT NOT NULL
  );
  CREATE TRIGGER thread_bytes_insert AFTER INSERT ON comments WHEN new.status = 'approved' BEGIN${bump('new.thread_id')}
  END;
  CREATE TRIGGER thread_bytes_update AFTER UPDATE OF ${SHOWN_COLUMNS} ON comments
    WHEN old.status = 'approved' OR new.status = 'approved' BEGIN${bump('old.thread_id')}${bump('new.thread_id')}
  END;
  CREATE TRIGGER thread_bytes_delete AFTER DELETE ON comments WHEN old.status = 'approved' BEGIN${bump('old.thread_id')}
  END;
`;

/** The trigger that fires on inserting a comment (the bench seeder drops it for its bulk load, then recreates it). */
export const THREAD_BYTES_INSERT_TRIGGER = 'thread_bytes_insert';

/** A thread's bytes as kept, or as built by a read with the generation they were built at. */
export type KeptThread = ThreadBytes & { gen: number };

/**
 * The kept bytes of these threads (missing ones absent from the map) and the current
 * generation of every one of them (0 for a thread never written since migration 20), read in
 * the caller's transaction.
 */
export function readThreadBytes(sql: Sql, ids: string[]): { kept: Map<string, ThreadBytes>; gens: Map<string, number> } {
  const rows = sql(
    `SELECT r.value AS id, coalesce(g.gen, 0) AS gen, b.json AS json, b.tag AS tag
       FROM json_each(?) r LEFT JOIN thread_gens g ON g.thread_id = r.value LEFT JOIN thread_bytes b ON b.thread_id = r.value`,
  )
    .raw(true)
    .all(JSON.stringify(ids)) as Array<[string, number, Buffer | null, string | null]>;
  const kept = new Map<string, ThreadBytes>();
  const gens = new Map<string, number>();
  for (const [id, gen, json, tag] of rows) {
    gens.set(id, gen);
    if (json !== null && tag !== null) kept.set(id, { id, json, tag });
  }
  return { kept, gens };
}

/** "0,1,…,n-1": what group_concat of json_each's keys reads when rows come in the array's order. */
const inOrder: string[] = [];
const keysInOrder = (n: number) => (inOrder[n] ??= Array.from({ length: n }, (_, i) => i).join(','));

/**
 * Every one of these threads' kept bytes, joined by commas in the given order, and their tags
 * joined, in one value each; null when any thread has none kept (then readThreadBytes says
 * which). The rows are joined in json_each's order, which the keys read alongside confirm
 * (else null too): one row out instead of one per thread, whose values are most of the read.
 */
export function readJoinedThreadBytes(sql: Sql, ids: string[]): { json: Buffer; tags: string } | null {
  const row = sql(
    `SELECT count(b.json), group_concat(r.key), group_concat(b.tag, ''), CAST(group_concat(b.json, ',') AS BLOB)
       FROM json_each(?) r JOIN thread_bytes b ON b.thread_id = r.value`,
  )
    .raw(true)
    .get(JSON.stringify(ids)) as [number, string | null, string | null, Buffer | null];
  const [n, keys, tags, json] = row;
  if (n !== ids.length || keys !== keysInOrder(n) || tags === null || json === null) return null;
  return { json, tags };
}

/**
 * Keeps threads a read built, each only while its generation is still the one it was built
 * at (a writer since then dropped and bumped it: these bytes are stale). Written through the
 * group commit, after the read has answered; a failure only means the next read builds them again.
 */
export function saveThreadBytes(db: Database.Database, sql: Sql, built: KeptThread[]): Promise<void> {
  return groupCommit(db, () => {
    const insert = sql(
      `INSERT INTO thread_bytes (thread_id, gen, json, tag)
       SELECT @id, @gen, @json, @tag WHERE coalesce((SELECT gen FROM thread_gens WHERE thread_id = @id), 0) = @gen
       ON CONFLICT (thread_id) DO NOTHING`,
    );
    for (const t of built) insert.run(t);
  });
}
