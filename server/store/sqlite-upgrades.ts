import type Database from 'better-sqlite3';
import { authorKey, duplicateKey } from '../moderation/collate.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { rebuildCounters, recountCounters } from './sqlite-counters.js';

// Migrations that need code as well as SQL. Each is self-contained: it reads
// only the tables of migration 1 and what it creates itself.

/**
 * One key per page: rows stored under a percent-encoded or decomposed spelling move to the
 * canonical key. Returns the keys comments moved to, per site (so later migrations can redo
 * what depends on a comment's page).
 */
export function canonicalPageKeys(db: Database.Database): Array<{ site: string; page: string }> {
  const spellings = db.prepare('SELECT DISTINCT site, page FROM comments').all() as Array<{ site: string; page: string }>;
  const moveComments = db.prepare('UPDATE comments SET page = ? WHERE site = ? AND page = ?');
  const moved: Array<{ site: string; page: string }> = [];
  for (const { site, page } of spellings) {
    const key = canonicalPageKey(page);
    if (key === page) continue;
    moveComments.run(key, site, page);
    moved.push({ site, page: key });
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
  return moved;
}

/**
 * Migration 17: keys canonical again once canonicalPageKey escapes raw control characters
 * (page-key.ts), so the rows of "\u0001/x" join those of "%01/x". The moved comments'
 * duplicate keys name the page, so they are recomputed, and the counters of the sites
 * touched are rebuilt (two threads merged into one page). Stored public bodies follow the
 * page column by their trigger (sqlite-public.ts).
 */
export function escapedControlPageKeys(db: Database.Database): void {
  const moved = canonicalPageKeys(db);
  if (moved.length === 0) return;
  const rows = db.prepare('SELECT id, parent_id, author_name, author_email, content FROM comments WHERE site = ? AND page = ?');
  const set = db.prepare('UPDATE comments SET dup_key = ? WHERE id = ?');
  const seen = new Set<string>();
  for (const { site, page } of moved) {
    const both = JSON.stringify([site, page]); // two old spellings may have moved to one key
    if (seen.has(both)) continue;
    seen.add(both);
    for (const r of rows.all(site, page) as Array<Record<'id' | 'author_name' | 'author_email' | 'content', string> & { parent_id: string | null }>) {
      set.run(duplicateKey({ site, page, parentId: r.parent_id, name: r.author_name, email: r.author_email, content: r.content }), r.id);
    }
  }
  for (const site of new Set(moved.map((m) => m.site))) rebuildCounters(db, site);
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
