import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../server/store/sqlite.js';
import { pageJsonOf } from '../server/store/thread-bytes.js';
import { aComment, aSite, SITE, T0 } from './helpers/store-fixtures.js';

/** Migration 20 (issue 10): a store from before thread bytes gets them, and they are exact from the first read. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migration 20: thread bytes', () => {
  it('when a version-19 store with threads is opened, then pages read from kept bytes equal the rows, and a change after the upgrade shows at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'majlis-migrate-tb-'));
    dirs.push(dir);
    const file = path.join(dir, 'majlis.sqlite');
    let store = new SqliteStore(file);
    await store.open();
    await store.ensureSite(aSite());
    const root = await store.createComment(aComment({ page: '/m', status: 'approved', createdAt: T0 }));
    const reply = await store.createComment(aComment({ page: '/m', parentId: root.id, status: 'approved', createdAt: T0 + 1 }));
    await store.createComment(aComment({ page: '/m', status: 'approved', createdAt: T0 + 2 }));
    await store.close();
    // As version 19 left it: no thread tables, no triggers; nor what later migrations added
    // (21: page-name columns and triggers; 22 only repairs rows, so runs again harmlessly).
    const db = new Database(file);
    db.exec('DROP TRIGGER thread_bytes_insert; DROP TRIGGER thread_bytes_update; DROP TRIGGER thread_bytes_delete; DROP TABLE thread_bytes; DROP TABLE thread_gens;');
    db.exec('DROP TRIGGER comments_page_name_insert; DROP TRIGGER comments_page_name_update; DROP TRIGGER comments_page_name_delete; ALTER TABLE pages DROP COLUMN fixed_title; ALTER TABLE pages DROP COLUMN fixed_url;');
    db.pragma('user_version = 19');
    db.close();

    store = new SqliteStore(file);
    await store.open();
    const q = { site: SITE, page: '/m', sort: 'oldest' as const, after: null, before: null, limit: 50 };
    const same = async () => {
      const got = await store.readers.listThreadsJson(q);
      const want = pageJsonOf(await store.readers.listThreads(q));
      expect({ ids: got.ids, json: got.json.toString('utf8'), tags: got.tags, total: got.total }).toEqual({ ids: want.ids, json: want.json.toString('utf8'), tags: want.tags, total: want.total });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return got;
    };
    await same();
    await same(); // from kept bytes
    await store.editComment(reply.id, reply.version, { content: 'نص بعد الترقية' }, { at: T0 + 10, by: { id: 'm', name: 'م' } });
    expect((await same()).json.toString('utf8')).toContain('نص بعد الترقية');
    await store.close();
  });
});
