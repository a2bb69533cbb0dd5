import type Database from 'better-sqlite3';
import type { PageInfo } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import type { Sql } from './sqlite-counters.js';
import { toPage, type Row } from './sqlite-rows.js';

// A page's public name (pages.title, pages.url) in the SQLite adapter. The rule (both adapters):
//   1. a name given with authority (an import's post title/link, an admin's namePage) wins:
//      pages.fixed_title / fixed_url;
//   2. else the claims of the page's earliest approved, not author-deleted comment that made
//      them (comments.page_title / page_url, each comment's own claim, title and url apart);
//   3. else none: held, spam and trashed comments never name a page in public, since anyone
//      can forge pageTitle/pageUrl in a POST and approval is the trust boundary.
// The earliest approved claim, not the latest, so a page's name does not flip with each new
// comment, and a reader approved for their words cannot rename an established page.
// Triggers keep rule 2 in the very statement that changes a comment's status, claims or
// existence (posts, moderation, author deletes, purges, imports): no path can forget it.

/** The claim column `col` of the earliest approved comment of (site, page): a seek on comments_page_recent (sqlite-readers.ts), read oldest first. */
const claim = (col: 'page_title' | 'page_url', site: string, page: string) =>
  `(SELECT c.${col} FROM comments c
     WHERE c.site = ${site} AND c.page = ${page} AND c.status = 'approved' AND c.deleted_at IS NULL
       AND c.${col} IS NOT NULL
     ORDER BY c.created_at, c.id LIMIT 1)`;

/** The statement that names one page again by the rule above. */
const rename = (site: string, page: string) =>
  `UPDATE pages SET title = COALESCE(fixed_title, ${claim('page_title', site, page)}), url = COALESCE(fixed_url, ${claim('page_url', site, page)})
   WHERE site = ${site} AND page = ${page};`;

/** A comment that names (or named) its page: approved, not deleted, with a claim. */
const names = (r: 'NEW' | 'OLD' | 'comments') => `(${r}.status = 'approved' AND ${r}.deleted_at IS NULL AND (${r}.page_title IS NOT NULL OR ${r}.page_url IS NOT NULL))`;

/** The trigger that names a page as an approved comment arrives (a bulk loader drops it, then calls nameAllPages). */
export const PAGE_NAME_INSERT_TRIGGER = 'comments_page_name_insert';

/** Names every page by the rule, in one statement: what the triggers would have left after a bulk load. */
export function nameAllPages(db: Database.Database): void {
  db.exec(`INSERT OR IGNORE INTO pages (site, page, created_at) SELECT site, page, min(created_at) FROM comments WHERE ${names('comments')} GROUP BY site, page`);
  db.exec(`UPDATE pages SET title = COALESCE(fixed_title, ${claim('page_title', 'pages.site', 'pages.page')}), url = COALESCE(fixed_url, ${claim('page_url', 'pages.site', 'pages.page')})`);
}

/** Migration 21: authoritative names apart, the triggers, and a repair of names already stored. */
export function pageNamesMigration(db: Database.Database): void {
  db.exec(`
    ALTER TABLE pages ADD COLUMN fixed_title TEXT;
    ALTER TABLE pages ADD COLUMN fixed_url TEXT;
  `);
  repairStoredNames(db);
  db.exec(`
    CREATE TRIGGER ${PAGE_NAME_INSERT_TRIGGER} AFTER INSERT ON comments WHEN ${names('NEW')}
    BEGIN
      INSERT OR IGNORE INTO pages (site, page, created_at) VALUES (NEW.site, NEW.page, NEW.created_at);
      ${rename('NEW.site', 'NEW.page')}
    END;
    CREATE TRIGGER comments_page_name_update AFTER UPDATE OF status, deleted_at, page_title, page_url, page, created_at ON comments
      WHEN ${names('OLD')} OR ${names('NEW')}
    BEGIN
      INSERT OR IGNORE INTO pages (site, page, created_at) VALUES (NEW.site, NEW.page, NEW.created_at);
      ${rename('OLD.site', 'OLD.page')}
      ${rename('NEW.site', 'NEW.page')}
    END;
    CREATE TRIGGER comments_page_name_delete AFTER DELETE ON comments WHEN ${names('OLD')}
    BEGIN
      ${rename('OLD.site', 'OLD.page')}
    END;
  `);
}

/**
 * Names stored before migration 21 were the first claim of any held or approved comment, and
 * every later comment was stored with a copy of it as its own page_title (and, lacking an
 * address of its own, page_url). Per page and per field: a name no posted comment carries
 * came from an import, and one first carried by an imported comment too: both are kept as
 * given with authority. A name first claimed by a comment that is not approved now is the
 * anonymous claim this migration exists for: its copies on later comments are dropped (the
 * claimant keeps its own, for moderators). Then every page is named by the rule.
 */
function repairStoredNames(db: Database.Database): void {
  const pages = db.prepare('SELECT site, page, title, url FROM pages WHERE title IS NOT NULL OR url IS NOT NULL').all() as Row[];
  for (const field of [
    { name: 'title', col: 'page_title', fixed: 'fixed_title' },
    { name: 'url', col: 'page_url', fixed: 'fixed_url' },
  ] as const) {
    const first = db.prepare(
      `SELECT id, status, source_id, ${field.col} AS claim FROM comments WHERE site = ? AND page = ? AND ${field.col} IS NOT NULL ORDER BY created_at, id LIMIT 1`,
    );
    const fix = db.prepare(`UPDATE pages SET ${field.fixed} = ${field.name} WHERE site = ? AND page = ?`);
    const dropCopies = db.prepare(`UPDATE comments SET ${field.col} = NULL WHERE site = ? AND page = ? AND ${field.col} = ? AND id <> ?`);
    for (const p of pages) {
      const value = p[field.name];
      if (value === null) continue;
      const naming = first.get(p.site, p.page) as Row | undefined;
      if (!naming || naming.claim !== value || naming.source_id !== null) fix.run(p.site, p.page);
      else if (naming.status !== 'approved') dropCopies.run(p.site, p.page, value, naming.id);
    }
  }
  nameAllPages(db);
}

/**
 * Sets or clears a page's authoritative name (creating the page if unseen): a field given
 * as a string wins over every comment's claim, null returns it to the comments' rule, a
 * field left out stays as it is. Returns the page as read after.
 */
export function namePage(sql: Sql, site: string, given: string, name: { title?: string | null; url?: string | null }, now: number): PageInfo {
  const page = canonicalPageKey(given);
  sql('INSERT OR IGNORE INTO pages (site, page, created_at) VALUES (?, ?, ?)').run(site, page, now);
  if (name.title !== undefined) sql('UPDATE pages SET fixed_title = ? WHERE site = ? AND page = ?').run(name.title, site, page);
  if (name.url !== undefined) sql('UPDATE pages SET fixed_url = ? WHERE site = ? AND page = ?').run(name.url, site, page);
  sql(rename('@site', '@page')).run({ site, page });
  return toPage(sql('SELECT * FROM pages WHERE site = ? AND page = ?').get(site, page) as Row);
}
