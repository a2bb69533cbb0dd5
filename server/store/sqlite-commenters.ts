import type Database from 'better-sqlite3';
import { STATUSES, type CommentStatus, type StatusCounts } from '../domain/types.js';

/** What is stored about one commenter (by email, any case) on one site. */
export interface CommenterStats {
  names: string[];
  ips: string[];
  firstAt: number | null;
  lastAt: number | null;
  counts: StatusCounts;
}

/** Read through the (site, lower(author_email), created_at) index of migration 7. */
export function commenterStats(db: Database.Database, site: string, email: string): CommenterStats {
  const e = email.trim().toLowerCase();
  const where = 'site = ? AND lower(author_email) = ?';
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of db.prepare(`SELECT status, count(*) AS n FROM comments WHERE ${where} GROUP BY status`).all(site, e) as Array<{ status: CommentStatus; n: number }>) {
    counts[r.status] = r.n;
  }
  const span = db.prepare(`SELECT min(created_at) AS first, max(created_at) AS last FROM comments WHERE ${where}`).get(site, e) as { first: number | null; last: number | null };
  // most recent first, so the names and addresses in use now lead
  const names = (db.prepare(`SELECT author_name AS v, max(created_at) AS t FROM comments WHERE ${where} GROUP BY author_name ORDER BY t DESC LIMIT 50`).all(site, e) as Array<{ v: string }>).map((r) => r.v);
  const ips = (db.prepare(`SELECT ip AS v, max(created_at) AS t FROM comments WHERE ${where} AND ip <> '' GROUP BY ip ORDER BY t DESC LIMIT 50`).all(site, e) as Array<{ v: string }>).map((r) => r.v);
  return { names, ips, firstAt: span.first, lastAt: span.last, counts };
}
