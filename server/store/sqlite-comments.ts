import type { CommentStatus, HistoryEntry, NewComment, StoredComment } from '../domain/types.js';
import { authorKey, duplicateKey } from '../moderation/collate.js';
import { FLOOD_LOOKBACK_MS, type InsertGuards } from './port.js';
import { countInsert, countStatusChange, type Sql } from './sqlite-counters.js';
import { toComment, type Row } from './sqlite-rows.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { publicBodyJson } from '../views.js';

// Comment writes of the SQLite adapter. Each runs inside a transaction the
// caller opened (IMMEDIATE, so the check and the write hold SQLite's write lock
// together, across every process sharing the file), and each keeps the counters.
// The lookups the moderation rules make (twin, flood, approved before) live here
// too: the guarded insert runs two of them inside its transaction.

const INSERT_COMMENT = `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, author_url,
       avatar_key, content, status, prev_status, version, ip, user_agent, reasons, history,
       page_title, page_url, created_at, edited_at, author_key, dup_key, public_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?, ?, '[]', ?, ?, ?, NULL, ?, ?, ?)`;

/**
 * Inserts one comment row (page key already canonical) and counts it; returns the stored row
 * (every column, as `SELECT *` reads it).
 *
 * The row is built from the values written, with the columns the insert leaves to their
 * defaults, rather than read back with RETURNING *: reading back was about 25 µs of CPU per
 * post and the largest allocation of one (issue 10). Only when a text is not well-formed
 * UTF-16 (a lone surrogate, which SQLite stores as bytes that read back otherwise) is the row
 * read back. test/store.insert-row.test.ts checks the built row against the stored one.
 */
export function insertCommentRow(sql: Sql, c: NewComment, id: string): Row {
  // Replies carry their thread's root so a page of threads finds them by key.
  const parent = c.parentId ? (sql('SELECT thread_id FROM comments WHERE id = ?').get(c.parentId) as Row | undefined) : undefined;
  const threadId = c.parentId ? String(parent?.thread_id ?? c.parentId) : id;
  const reasons = JSON.stringify(c.reasons);
  const authorKeyOf = authorKey(c.authorName, c.authorEmail);
  const dupKey = duplicateKeyOf(c);
  // the public body the migration-14 triggers keep (written here so the insert is one row write)
  const publicJson = publicBodyJson({ ...c, id, editedAt: null, deletedAt: null });
  const values = [
    id, c.site, c.page, c.parentId, threadId, c.authorName, c.authorEmail, c.authorUrl,
    c.avatarKey, c.content, c.status, c.ip, c.userAgent, reasons,
    c.pageTitle, c.pageUrl, c.createdAt, authorKeyOf, dupKey, publicJson,
  ];
  let row: Row;
  if (values.every((v) => typeof v !== 'string' || v.isWellFormed())) {
    sql(INSERT_COMMENT).run(...values);
    row = {
      id, site: c.site, page: c.page, parent_id: c.parentId, thread_id: threadId,
      author_name: c.authorName, author_email: c.authorEmail, author_url: c.authorUrl,
      avatar_key: c.avatarKey, content: c.content, status: c.status, prev_status: null, version: 1,
      ip: c.ip, user_agent: c.userAgent, reasons, history: '[]', page_title: c.pageTitle, page_url: c.pageUrl,
      created_at: c.createdAt, edited_at: null, author_key: authorKeyOf, dup_key: dupKey,
      source_site: null, source_id: null, likes: 0, featured_at: null, deleted_at: null, reports: null, public_json: publicJson,
    };
  } else row = sql(`${INSERT_COMMENT} RETURNING *`).get(...values) as Row;
  countInsert(sql, c);
  return row;
}

export const duplicateKeyOf = (c: Pick<NewComment, 'site' | 'page' | 'parentId' | 'authorName' | 'authorEmail' | 'content'>) =>
  duplicateKey({ site: c.site, page: c.page, parentId: c.parentId, name: c.authorName, email: c.authorEmail, content: c.content });

/** What refuses the comment under the guards, read in the caller's transaction; null when it may be stored. */
export function refusalOf(sql: Sql, c: NewComment, guards: InsertGuards): { refusal: 'duplicate' } | { refusal: 'flood'; lastAt: number } | null {
  if (guards.duplicate && findTwin(sql, c.site, authorKey(c.authorName, c.authorEmail), duplicateKeyOf(c))) return { refusal: 'duplicate' };
  if (guards.floodWindowMs > 0) {
    const last = lastCommentAt(sql, { site: c.site, ip: c.ip, email: c.authorEmail, since: c.createdAt - Math.max(FLOOD_LOOKBACK_MS, guards.floodWindowMs) });
    if (last !== null && c.createdAt - last < guards.floodWindowMs) return { refusal: 'flood', lastAt: last };
  }
  return null;
}

/**
 * The comment outside the bin whose duplicate key is `dupKey`, if any. A twin has the same
 * site and collated name and email (both are in its duplicate key), so the same author key:
 * it is found through the author index (site, author_key, status, dup_key, migration 19),
 * one seek per status outside the bin (the column's CHECK allows four, so this is `status <> 'trash'`). Why (issue 10): dup_key is a hash, and an index of
 * its own made every insert write (and often split) a leaf page at random, half of the
 * pages a held post wrote on a store of 1,000,000 comments.
 */
export function findTwin(sql: Sql, site: string, authorKeyOf: string, dupKey: string): Row | undefined {
  return sql(
    `SELECT * FROM comments WHERE site = ? AND author_key = ? AND status IN ('pending', 'approved', 'spam') AND dup_key = ? LIMIT 1`,
  ).get(site, authorKeyOf, dupKey) as Row | undefined;
}

/** Whether this author (name and email by collation key) has an approved comment on the site. */
export function hasApproved(sql: Sql, site: string, name: string, email: string): boolean {
  const row = sql(`SELECT 1 FROM comments WHERE site = ? AND author_key = ? AND status = 'approved' LIMIT 1`).get(
    site,
    authorKey(name, email),
  );
  return row !== undefined;
}

/** The stored twin of a comment with these fields (page key made canonical here), if any: findTwin. */
export function findDuplicate(sql: Sql, q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }): StoredComment | null {
  const key = duplicateKeyOf({ site: q.site, page: canonicalPageKey(q.page), parentId: q.parentId, authorName: q.name, authorEmail: q.email, content: q.content });
  const row = findTwin(sql, q.site, authorKey(q.name, q.email), key);
  return row ? toComment(row) : null;
}

/** Newest created_at on the site by this IP or email since `since`; two indexed lookups rather than one OR. */
export function lastCommentAt(sql: Sql, q: { site: string; ip: string; email: string; since: number }): number | null {
  const byIp = sql('SELECT max(created_at) AS t FROM comments WHERE site = ? AND ip = ? AND created_at >= ?').get(q.site, q.ip, q.since) as {
    t: number | null;
  };
  const byEmail = sql('SELECT max(created_at) AS t FROM comments WHERE site = ? AND author_email = ? AND created_at >= ?').get(
    q.site,
    q.email,
    q.since,
  ) as { t: number | null };
  if (byIp.t === null) return byEmail.t;
  if (byEmail.t === null) return byIp.t;
  return Math.max(byIp.t, byEmail.t);
}

/**
 * The compare-and-set of a status (version-guarded when `expectedVersion` is
 * given) plus its counters; undefined when no row matched.
 */
/**
 * A moderator's approval is a verdict on the readers' features (review of issue 14): the
 * reports so far are forgotten (rows and summary, so the threshold counts anew), and an
 * author's deletion is undone (deletedAt cleared), with the `reported` and `author_deleted`
 * reasons dropped. Mirrored by mongo-comments.ts updateStatus.
 */
function moderatorApproved(sql: Sql, id: string): Row {
  sql('DELETE FROM comment_reports WHERE comment_id = ?').run(id);
  return sql(
    `UPDATE comments SET reports = NULL, deleted_at = NULL,
       reasons = (SELECT json_group_array(json(value)) FROM json_each(comments.reasons) WHERE json_extract(value, '$.code') NOT IN ('reported', 'author_deleted'))
     WHERE id = ? RETURNING *`,
  ).get(id) as Row;
}

export function updateStatusRow(sql: Sql, id: string, expectedVersion: number | undefined, entry: HistoryEntry): Row | undefined {
  const before = sql('SELECT status, version FROM comments WHERE id = ?').get(id) as { status: CommentStatus; version: number } | undefined;
  if (!before || (expectedVersion !== undefined && before.version !== expectedVersion)) return undefined;
  // The history grows inside the same statement; prevStatus survives a spam → trash move, for restore.
  const row = sql(
    `UPDATE comments
     SET status = ?, prev_status = CASE WHEN ? IN ('spam', 'trash') THEN prev_status ELSE ? END,
         version = version + 1, history = json_insert(history, '$[#]', json(?))
     WHERE id = ?
     RETURNING *`,
  ).get(entry.to, entry.from, entry.from, JSON.stringify(entry), id) as Row;
  countStatusChange(sql, { id, site: String(row.site), page: String(row.page), threadId: String(row.thread_id) }, before.status, entry.to);
  return entry.to === 'approved' && entry.by !== null ? moderatorApproved(sql, id) : row;
}
