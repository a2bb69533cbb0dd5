import type { PageInfo, Site, SiteSettings } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import type { Sql } from './sqlite-counters.js';
import { toPage, toSite, type Row } from './sqlite-rows.js';

// Sites and their pages in the SQLite adapter: the settings a site moderates by,
// and the per-page facts (title, url, closed) a thread is shown with; who names a page is
// decided in sqlite-page-names.ts. Page keys
// are made canonical here, so every caller finds the same row.

export function getSite(sql: Sql, id: string): Site | null {
  return toSite(sql('SELECT * FROM sites WHERE id = ?').get(id) as Row | undefined);
}

export function listSites(sql: Sql): Site[] {
  return (sql('SELECT * FROM sites ORDER BY id').all() as Row[]).map((r) => toSite(r)!);
}

/** Inserts the site unless one with its id exists; returns the stored one either way. */
export function ensureSite(sql: Sql, site: Site): Site {
  sql('INSERT OR IGNORE INTO sites (id, origins, settings, created_at) VALUES (?, ?, ?, ?)').run(
    site.id,
    JSON.stringify(site.origins),
    JSON.stringify(site.settings),
    site.createdAt,
  );
  return getSite(sql, site.id)!;
}

export function setSiteOrigins(sql: Sql, id: string, origins: string[]): Site | null {
  const row = sql('UPDATE sites SET origins = ? WHERE id = ? RETURNING *').get(JSON.stringify(origins), id);
  return toSite(row as Row | undefined);
}

export function setSiteSettings(sql: Sql, id: string, settings: SiteSettings): Site | null {
  const row = sql('UPDATE sites SET settings = ? WHERE id = ? RETURNING *').get(JSON.stringify(settings), id);
  return toSite(row as Row | undefined);
}

/** Creates the page record on first sight; its name is the comments' or an admin's (sqlite-page-names.ts). */
export function touchPage(sql: Sql, given: { site: string; page: string; createdAt: number }): PageInfo {
  const row = sql(
    `INSERT INTO pages (site, page, closed, created_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (site, page) DO UPDATE SET closed = pages.closed
       RETURNING *`,
  ).get(given.site, canonicalPageKey(given.page), given.createdAt);
  return toPage(row as Row);
}

export function getPage(sql: Sql, site: string, page: string): PageInfo | null {
  const row = sql('SELECT * FROM pages WHERE site = ? AND page = ?').get(site, canonicalPageKey(page)) as Row | undefined;
  return row ? toPage(row) : null;
}

export function setPageClosed(sql: Sql, site: string, page: string, closed: boolean, now: number): PageInfo {
  const row = sql(
    `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, NULL, NULL, ?, ?)
       ON CONFLICT (site, page) DO UPDATE SET closed = excluded.closed
       RETURNING *`,
  ).get(site, canonicalPageKey(page), closed ? 1 : 0, now);
  return toPage(row as Row);
}
