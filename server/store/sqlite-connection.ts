import Database from 'better-sqlite3';
import { migrations } from './sqlite-migrations.js';
import { registerPublicFunctions } from './sqlite-public.js';
import { registerSearchFunctions } from './sqlite-search.js';

/**
 * Opens the SQLite file (a path, or ':memory:') as every Majlis process must: WAL, a
 * busy timeout, foreign keys, the SQL functions search and public bodies need, and the
 * schema migrated to this version. A failure closes the connection and rethrows
 * (a file from a newer Majlis: see migrate).
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // In WAL mode NORMAL never corrupts the file; a power cut may lose the last commit.
  db.pragma('synchronous = NORMAL');
  // Statement journals (a comment's insert fires triggers, so it opens one inside the group
  // commit's transaction) stay in memory instead of spilling to a temporary file past 64 KiB:
  // that spill was a quarter of a held POST's store time in write() calls (issue 10). What a
  // statement journal holds is bounded by the pages one statement changes; every bulk writer
  // here (purge, import, migrations' upgrades) works row by row or in bounded batches.
  db.pragma('temp_store = MEMORY');
  try {
    registerSearchFunctions(db);
    registerPublicFunctions(db);
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Applies pending migrations; IMMEDIATE so two processes starting together migrate once. */
function migrate(db: Database.Database): void {
  const step = db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    if (applied > migrations.length) {
      throw new Error(`${db.name} has schema version ${applied}, newer than this Majlis understands (${migrations.length})`);
    }
    for (let v = applied; v < migrations.length; v++) {
      const step = migrations[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    if (applied < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  });
  step.immediate();
}
