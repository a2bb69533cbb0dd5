import type Database from 'better-sqlite3';
import type { CommentStatus, StoredComment } from '../domain/types.js';
import { toComment, type Row } from './sqlite-rows.js';
import { countVisibleByPage } from './threads.js';
import { bumpCountsVersion } from './sqlite-counters.js';

type Sql = (text: string) => Database.Statement;

/**
 * Deletes one comment for good, inside the caller's transaction, as WordPress's
 * wp_delete_comment does: its replies move up to its parent (a top-level comment's
 * replies become top-level threads of their own, with their subtrees). Counters follow:
 * the status count drops by one and the page's visible count is recounted when it can
 * change (an approved comment goes, or replies that hung under a binned comment may
 * become visible under an approved grandparent).
 */
export function deleteCommentRow(sql: Sql, row: Row): StoredComment {
  const c = toComment(row);
  const children = sql('SELECT id FROM comments WHERE parent_id = ?').all(c.id) as Array<{ id: string }>;
  sql('UPDATE comments SET parent_id = ? WHERE parent_id = ?').run(c.parentId, c.id);
  if (c.parentId === null) {
    // each child now roots its own thread
    const subtree = sql(
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT k.id FROM comments k JOIN sub ON k.parent_id = sub.id)
       UPDATE comments SET thread_id = ? WHERE id IN (SELECT id FROM sub)`,
    );
    for (const child of children) subtree.run(child.id, child.id);
  }
  sql('DELETE FROM comments WHERE id = ?').run(c.id);
  sql('DELETE FROM comment_edits WHERE comment_id = ?').run(c.id);
  sql('UPDATE comment_counts SET n = n - 1 WHERE site = ? AND status = ?').run(c.site, c.status);
  bumpCountsVersion(sql, c.site);
  if (children.length > 0 || c.status === 'approved') recountPage(sql, c.site, c.page);
  return c;
}

/** Recounts one page's visible comments (the rule of threads.ts). */
export function recountPage(sql: Sql, site: string, page: string): void {
  const rows = sql(`SELECT id, parent_id AS parentId, page FROM comments WHERE site = ? AND page = ? AND status = 'approved'`).all(site, page) as Array<{
    id: string;
    parentId: string | null;
    page: string;
  }>;
  const visible = countVisibleByPage(rows).get(page) ?? 0;
  sql(`INSERT INTO page_counts (site, page, visible) VALUES (?, ?, ?) ON CONFLICT (site, page) DO UPDATE SET visible = excluded.visible`).run(site, page, visible);
}

/** One comment, if it is in one of `statuses`, deleted for good (a transaction). */
export function deleteForGood(db: Database.Database, sql: Sql, id: string, statuses: readonly CommentStatus[]) {
  return db.transaction((): { ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null } => {
    const row = sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    if (!row) return { ok: false, comment: null };
    if (!statuses.includes(row.status as CommentStatus)) return { ok: false, comment: toComment(row) };
    return { ok: true, comment: deleteCommentRow(sql, row) };
  })();
}

/**
 * Empties a bin: every comment of the site in `status` that entered it (its last status
 * change, else its creation) before `before`. Works in transactions of 200 so writers
 * are never held up for long; returns the deleted comments' ids and pages.
 */
export function purge(db: Database.Database, sql: Sql, site: string, status: 'spam' | 'trash', before: number): Array<{ id: string; page: string }> {
  const ids: Array<{ id: string; page: string }> = [];
  const pick = db.prepare(
    `SELECT * FROM comments WHERE site = ? AND status = ? AND coalesce(json_extract(history, '$[#-1].at'), created_at) < ? ORDER BY created_at LIMIT 200`,
  );
  for (;;) {
    const batch = db.transaction(() => {
      const rows = pick.all(site, status, before) as Row[];
      for (const row of rows) {
        const c = deleteCommentRow(sql, row);
        ids.push({ id: c.id, page: c.page });
      }
      return rows.length;
    })();
    if (batch < 200) break;
  }
  return ids;
}

/**
 * Anonymises one comment (WordPress's personal-data eraser): the author's name becomes
 * `name`, email, website, IP and user agent are removed, the avatar key is replaced, and
 * the comment's edit records (which may hold the old name) go. The text stays.
 */
export function anonymizeComment(db: Database.Database, sql: Sql, id: string, name: string, avatarKey: string, keys: { authorKey: string; dupKey: string }): boolean {
  return db.transaction(() => {
    const changed = sql(
      `UPDATE comments SET author_name = ?, author_email = '', author_url = NULL, ip = '', user_agent = '', avatar_key = ?, author_key = ?, dup_key = ?, version = version + 1 WHERE id = ?`,
    ).run(name, avatarKey, keys.authorKey, keys.dupKey, id).changes;
    sql('DELETE FROM comment_edits WHERE comment_id = ?').run(id);
    return changed === 1;
  })();
}
