import type Database from 'better-sqlite3';
import { rebuildCounters } from '../../server/store/sqlite-counters.js';

type Counters = { status: Record<string, number>; pages: Record<string, number> };

function readCounters(db: Database.Database, site: string): Counters {
  const status = Object.fromEntries(
    (db.prepare('SELECT status, n FROM comment_counts WHERE site = ? AND n <> 0 ORDER BY status').all(site) as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]),
  );
  const pages = Object.fromEntries(
    (db.prepare('SELECT page, visible FROM page_counts WHERE site = ? AND visible <> 0 ORDER BY page').all(site) as Array<{ page: string; visible: number }>).map((r) => [r.page, r.visible]),
  );
  return { status, pages };
}

/**
 * The site's counters (status counts and pages' visible counts, zeros left out) as stored
 * and as a full recount (sqlite-counters.ts rebuildCounters) makes them, read on `db` (any
 * connection to the store's file) inside a transaction that is rolled back: nothing changes.
 */
export function countersAndRecount(db: Database.Database, site: string): { stored: Counters; recounted: Counters } {
  db.exec('BEGIN IMMEDIATE');
  try {
    const stored = readCounters(db, site);
    rebuildCounters(db, site);
    return { stored, recounted: readCounters(db, site) };
  } finally {
    db.exec('ROLLBACK');
  }
}

/** Do the site's stored counters equal a full recount? */
export function countersMatchRecount(db: Database.Database, site: string): boolean {
  const { stored, recounted } = countersAndRecount(db, site);
  return JSON.stringify(stored) === JSON.stringify(recounted);
}
