import type Database from 'better-sqlite3';
import type { CursorPos } from '../domain/types.js';
import type { PublicSource } from '../domain/views.js';
import { prepared } from './sqlite-prepared.js';
import { layOutThreads } from './threads.js';

// The public read of a thread page (Store.listVisiblePublic). Only the columns a
// PublicComment is made from are read, already named as PublicSource's fields, so
// rows come out of better-sqlite3 in their final shape: no private column (email,
// IP, user agent, reasons, history) is read, decoded or copied. Same plans as
// listVisible's: comments_visible for the roots, comments_thread for the replies.

const COLUMNS = `id, parent_id AS parentId, page, author_name AS authorName, author_url AS authorUrl,
  avatar_key AS avatarKey, content, created_at AS createdAt, edited_at AS editedAt`;
const ROOTS_FIRST = `SELECT ${COLUMNS} FROM comments
  WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL
  ORDER BY created_at, id LIMIT ?`;
const ROOTS_AFTER = `SELECT ${COLUMNS} FROM comments
  WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL AND (created_at, id) > (?, ?)
  ORDER BY created_at, id LIMIT ?`;
const REPLIES = `SELECT ${COLUMNS} FROM comments
  WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL
  ORDER BY created_at, id`;
const TOTAL = `SELECT visible FROM page_counts WHERE site = ? AND page = ?`;

export interface PublicPageQuery {
  site: string;
  /** canonical page key */
  page: string;
  after: CursorPos | null;
  limit: number;
}
export interface PublicPage {
  comments: PublicSource[];
  next: CursorPos | null;
  total: number;
}

/** One read transaction per connection, made once (so roots, replies and total share a snapshot). */
const readers = new WeakMap<Database.Database, (q: PublicPageQuery) => PublicPage>();

export function listVisiblePublic(db: Database.Database, q: PublicPageQuery): PublicPage {
  let read = readers.get(db);
  if (!read) readers.set(db, (read = db.transaction((q: PublicPageQuery) => readPage(db, q))));
  return read(q);
}

function readPage(db: Database.Database, q: PublicPageQuery): PublicPage {
  const roots = (
    q.after
      ? prepared(db, ROOTS_AFTER).all(q.site, q.page, q.after.createdAt, q.after.id, q.limit + 1)
      : prepared(db, ROOTS_FIRST).all(q.site, q.page, q.limit + 1)
  ) as PublicSource[];
  const more = roots.length > q.limit;
  if (more) roots.pop();
  const replies = roots.length ? (prepared(db, REPLIES).all(JSON.stringify(roots.map((r) => r.id))) as PublicSource[]) : [];
  const last = roots[roots.length - 1];
  const total = prepared(db, TOTAL).get(q.site, q.page) as { visible: number } | undefined;
  return {
    comments: layOutThreads(roots, replies),
    next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
    total: total?.visible ?? 0,
  };
}
