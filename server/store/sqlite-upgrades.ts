import type Database from 'better-sqlite3';
import { authorKey, duplicateKey } from '../moderation/collate.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { recountCounters } from './sqlite-counters.js';

// Migrations that need code as well as SQL. Each is self-contained: it reads
// only the tables of migration 1 and what it creates itself.

/** One key per page: rows stored under a percent-encoded or decomposed spelling move to the canonical key. */
export function canonicalPageKeys(db: Database.Database): void {
  const spellings = db.prepare('SELECT DISTINCT site, page FROM comments').all() as Array<{ site: string; page: string }>;
  const moveComments = db.prepare('UPDATE comments SET page = ? WHERE site = ? AND page = ?');
  for (const { site, page } of spellings) {
    const key = canonicalPageKey(page);
    if (key !== page) moveComments.run(key, site, page);
  }
  type PageRow = { site: string; page: string; title: string | null; url: string | null; closed: number; created_at: number };
  const pages = db.prepare('SELECT * FROM pages').all() as PageRow[];
  const find = db.prepare('SELECT * FROM pages WHERE site = ? AND page = ?');
  const merge = db.prepare(
    `UPDATE pages SET title = COALESCE(title, ?), url = COALESCE(url, ?), closed = max(closed, ?), created_at = min(created_at, ?)
     WHERE site = ? AND page = ?`,
  );
  const rename = db.prepare('UPDATE pages SET page = ? WHERE site = ? AND page = ?');
  const drop = db.prepare('DELETE FROM pages WHERE site = ? AND page = ?');
  for (const p of pages) {
    const key = canonicalPageKey(p.page);
    if (key === p.page) continue;
    // Two spellings of one thread: one record, closed if either was, the first title and date.
    if (find.get(p.site, key)) {
      merge.run(p.title, p.url, p.closed, p.created_at, p.site, key);
      drop.run(p.site, p.page);
    } else rename.run(key, p.site, p.page);
  }
}

/** Fills the collation keys of existing comments (author_key, dup_key). */
export function fillCollationKeys(db: Database.Database): void {
  const rows = db.prepare('SELECT id, site, page, parent_id, author_name, author_email, content FROM comments').all() as Array<
    Record<'id' | 'site' | 'page' | 'author_name' | 'author_email' | 'content', string> & { parent_id: string | null }
  >;
  const set = db.prepare('UPDATE comments SET author_key = ?, dup_key = ? WHERE id = ?');
  for (const r of rows) {
    set.run(
      authorKey(r.author_name, r.author_email),
      duplicateKey({ site: r.site, page: r.page, parentId: r.parent_id, name: r.author_name, email: r.author_email, content: r.content }),
      r.id,
    );
  }
}

export { recountCounters };
