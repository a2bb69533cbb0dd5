import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../../server/store/sqlite-migrations.js';
import { registerPublicFunctions } from '../../server/store/sqlite-public.js';
import { registerSearchFunctions } from '../../server/store/sqlite-search.js';

/**
 * A SQLite file as a store at `version` left it: migrations 1..version applied and
 * `user_version` set, open for the test to fill (then close it and open the file with
 * SqliteStore to run the later migrations). Its directory is pushed on `dirs` for removal.
 */
export function storeAtVersion(version: number, dirs: string[]): { file: string; db: Database.Database } {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'majlis.sqlite');
  const db = new Database(file);
  registerSearchFunctions(db);
  registerPublicFunctions(db);
  for (const step of migrations.slice(0, version)) {
    if (typeof step === 'string') db.exec(step);
    else step(db);
  }
  db.pragma(`user_version = ${version}`);
  return { file, db };
}
