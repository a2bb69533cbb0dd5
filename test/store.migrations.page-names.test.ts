import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../server/store/sqlite.js';
import { aComment, anEntry, aSite, SITE, T0 } from './helpers/store-fixtures.js';

/**
 * Migration 21: names stored by the old rule (the first claim of any held or approved comment,
 * copied onto every later comment) are repaired: a held or spam claimant's name and its copies go,
 * an approved claimant's stays, and a name no comment first carried (an import's) is kept as given.
 */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPAM_TITLE = 'عاجل: اربح جائزة على evil.example';
const PHISH = 'https://blog.example/phish';

describe('migration 21: page names', () => {
  it('when a version-20 store holds pages named by the old rule, then a spammer’s name and its copies go, approved and imported names stay', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'majlis-migrate-names-'));
    dirs.push(dir);
    const file = path.join(dir, 'majlis.sqlite');
    let store = new SqliteStore(file);
    await store.open();
    await store.ensureSite(aSite());
    // As the old rule wrote them: the first claimant's name on the page and on each later comment.
    const spam = await store.createComment(aComment({ page: '/spammed', status: 'spam', pageTitle: SPAM_TITLE, pageUrl: PHISH, createdAt: T0 }));
    const real = await store.createComment(aComment({ page: '/spammed', status: 'approved', pageTitle: SPAM_TITLE, pageUrl: PHISH, createdAt: T0 + 1 }));
    await store.createComment(aComment({ page: '/good', status: 'approved', pageTitle: 'Good', pageUrl: 'https://blog.example/good', createdAt: T0 + 2 }));
    await store.createComment(aComment({ page: '/good', status: 'pending', pageTitle: 'Good', pageUrl: 'https://blog.example/good', createdAt: T0 + 3 }));
    await store.createComment(aComment({ page: '/post/', status: 'approved', pageTitle: 'WP post', pageUrl: null, createdAt: T0 + 4 }));
    await store.close();
    const db = new Database(file);
    db.exec(`
      DROP TRIGGER comments_page_name_insert; DROP TRIGGER comments_page_name_update; DROP TRIGGER comments_page_name_delete;
      ALTER TABLE pages DROP COLUMN fixed_title; ALTER TABLE pages DROP COLUMN fixed_url;
    `);
    const name = db.prepare('INSERT OR REPLACE INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, 0, ?)');
    name.run(SITE, '/spammed', SPAM_TITLE, PHISH, T0);
    name.run(SITE, '/good', 'Good', 'https://blog.example/good', T0);
    name.run(SITE, '/post/', 'WP post', 'https://blog.example/post/', T0); // an import's: no comment carries the address
    // the import's post title, before any comment: its comment carries it as a copy
    db.prepare(`UPDATE comments SET page_title = 'WP post' WHERE page = '/post/'`).run();
    db.pragma('user_version = 20');
    db.close();

    store = new SqliteStore(file);
    await store.open();
    try {
      expect(await store.getPage(SITE, '/spammed')).toMatchObject({ title: null, url: null });
      expect(await store.getComment(real.id)).toMatchObject({ pageTitle: null, pageUrl: null });
      expect(await store.getComment(spam.id)).toMatchObject({ pageTitle: SPAM_TITLE, pageUrl: PHISH });
      expect(await store.getPage(SITE, '/good')).toMatchObject({ title: 'Good', url: 'https://blog.example/good' });
      expect(await store.getPage(SITE, '/post/')).toMatchObject({ title: 'WP post', url: 'https://blog.example/post/' });
      // After the upgrade the rule holds: a fresh approved claim names the repaired page; the import's address stays.
      await store.createComment(aComment({ page: '/spammed', status: 'approved', pageTitle: 'Real title', pageUrl: 'https://blog.example/spammed', createdAt: T0 + 10 }));
      expect(await store.getPage(SITE, '/spammed')).toMatchObject({ title: 'Real title', url: 'https://blog.example/spammed' });
      await store.createComment(aComment({ page: '/post/', status: 'approved', pageTitle: 'x', pageUrl: 'https://blog.example/x', createdAt: T0 - 1 }));
      expect(await store.getPage(SITE, '/post/')).toMatchObject({ url: 'https://blog.example/post/' });
      await store.setStatus(real.id, undefined, anEntry('approved', 'trash'));
      expect(await store.getPage(SITE, '/spammed')).toMatchObject({ title: 'Real title' });
    } finally {
      await store.close();
    }
  });
});
