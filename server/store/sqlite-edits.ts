import type Database from 'better-sqlite3';
import type { StoredComment } from '../domain/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import { authorKey } from '../moderation/collate.js';
import { duplicateKeyOf } from './sqlite-comments.js';
import { toComment, type Row } from './sqlite-rows.js';

type Sql = (text: string) => Database.Statement;

/** Migration step (helper G): the edit history of comments (old values kept). */
export const EDITS_MIGRATION = `
  CREATE TABLE comment_edits (
    comment_id TEXT NOT NULL,
    at         INTEGER NOT NULL,
    by_id      TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    before     TEXT NOT NULL
  );
  CREATE INDEX comment_edits_comment ON comment_edits (comment_id, at);
`;

/**
 * Compare-and-set edit: with the expected version, the fields change, version += 1,
 * edited_at is set and the old values go to comment_edits, in one transaction. The
 * collation keys follow the new name and text; the search index follows by trigger.
 * Visibility, page and parent do not change, so counters stay as they are.
 */
export function editComment(db: Database.Database, sql: Sql, id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>) {
  return db.transaction((): { ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null } => {
    const row = sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    if (!row) return { ok: false, comment: null };
    const cur = toComment(row);
    if (cur.version !== expectedVersion) return { ok: false, comment: cur };
    const next = { ...cur, ...patch };
    const before: CommentEdit['before'] = {};
    if (patch.content !== undefined && patch.content !== cur.content) before.content = cur.content;
    if (patch.authorName !== undefined && patch.authorName !== cur.authorName) before.authorName = cur.authorName;
    if (patch.authorUrl !== undefined && patch.authorUrl !== cur.authorUrl) before.authorUrl = cur.authorUrl;
    if (Object.keys(before).length === 0) return { ok: true, comment: cur };
    const updated = sql(
      `UPDATE comments SET content = ?, author_name = ?, author_url = ?, author_key = ?, dup_key = ?, version = version + 1, edited_at = ?
       WHERE id = ? AND version = ? RETURNING *`,
    ).get(next.content, next.authorName, next.authorUrl, authorKey(next.authorName, next.authorEmail), duplicateKeyOf(next), edit.at, id, expectedVersion) as Row;
    sql('INSERT INTO comment_edits (comment_id, at, by_id, by_name, before) VALUES (?, ?, ?, ?, ?)').run(id, edit.at, edit.by.id, edit.by.name, JSON.stringify(before));
    return { ok: true, comment: toComment(updated) };
  })();
}

export function listEdits(sql: Sql, commentId: string): CommentEdit[] {
  return (sql('SELECT * FROM comment_edits WHERE comment_id = ? ORDER BY at, rowid').all(commentId) as Row[]).map((r) => ({
    commentId: String(r.comment_id),
    at: Number(r.at),
    by: { id: String(r.by_id), name: String(r.by_name) },
    before: JSON.parse(String(r.before)) as CommentEdit['before'],
  }));
}
