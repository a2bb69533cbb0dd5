import { THREAD_BYTES_MIGRATION } from './sqlite-thread-bytes.js';
import { pageNamesMigration } from './sqlite-page-names.js';
import type Database from 'better-sqlite3';
import { NOTIFY_MIGRATION } from './sqlite-notify-schema.js';
import { RULES_MIGRATION } from './sqlite-rules.js';
import { SEARCH_DEFERRAL_MIGRATION, SEARCH_MIGRATION } from './sqlite-search.js';
import { EDITS_MIGRATION } from './sqlite-edits.js';
import { AUDIT_MIGRATION } from './sqlite-audit.js';
import { READERS_MIGRATION, REPORT_VOTER_MIGRATION } from './sqlite-readers.js';
import { publicJsonMigration } from './sqlite-public.js';
import { canonicalPageKeys, escapedControlPageKeys, fillCollationKeys, recountCounters } from './sqlite-upgrades.js';

/** SQL to run, or a function for steps that need code (backfills); both run inside the migration transaction. */
export type Migration = string | ((db: Database.Database) => void);

/**
 * A comment its author deleted is featured no more (sqlite-readers.ts authorDelete); those
 * deleted before that rule lose their pick too. Named, so a test finds its place in the list.
 */
export const UNFEATURE_DELETED_MIGRATION = `UPDATE comments SET featured_at = NULL WHERE deleted_at IS NOT NULL AND featured_at IS NOT NULL;`;

/**
 * SQLite schema, one entry per version. `PRAGMA user_version` records how many
 * have been applied; never edit a shipped entry, append a new one instead.
 */
export const migrations: readonly Migration[] = [
  `
  CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    origins     TEXT NOT NULL DEFAULT '[]',
    settings    TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL
  );

  CREATE TABLE pages (
    site        TEXT NOT NULL REFERENCES sites(id),
    page        TEXT NOT NULL,
    title       TEXT,
    url         TEXT,
    closed      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (site, page)
  );

  -- thread_id is the id of the top-level comment of the thread (its own id for
  -- a top-level comment), so a page of threads fetches its replies by key.
  CREATE TABLE comments (
    id           TEXT PRIMARY KEY,
    site         TEXT NOT NULL REFERENCES sites(id),
    page         TEXT NOT NULL,
    parent_id    TEXT REFERENCES comments(id),
    thread_id    TEXT NOT NULL,
    author_name  TEXT NOT NULL CHECK (length(author_name) <= 245),
    author_email TEXT NOT NULL CHECK (length(author_email) <= 100),
    author_url   TEXT CHECK (length(author_url) <= 200),
    avatar_key   TEXT NOT NULL,
    content      TEXT NOT NULL CHECK (length(content) <= 50000),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    prev_status  TEXT CHECK (prev_status IN ('pending', 'approved', 'spam', 'trash')),
    version      INTEGER NOT NULL DEFAULT 1,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    reasons      TEXT NOT NULL DEFAULT '[]',
    history      TEXT NOT NULL DEFAULT '[]',
    page_title   TEXT,
    page_url     TEXT,
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER
  );
  CREATE INDEX comments_visible   ON comments (site, page, status, parent_id, created_at, id);
  CREATE INDEX comments_thread    ON comments (thread_id, status, created_at, id);
  CREATE INDEX comments_queue     ON comments (site, status, created_at, id);
  CREATE INDEX comments_author    ON comments (site, author_name, author_email, status);
  CREATE INDEX comments_duplicate ON comments (site, page, parent_id, author_email);
  CREATE INDEX comments_flood_ip  ON comments (site, ip, created_at);
  CREATE INDEX comments_flood_email ON comments (site, author_email, created_at);

  -- Emails are stored lowercased, so the unique index is case-insensitive.
  CREATE TABLE moderators (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    moderator_id TEXT NOT NULL REFERENCES moderators(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
  );
  CREATE INDEX sessions_moderator ON sessions (moderator_id);

  CREATE TABLE idempotency (
    key         TEXT PRIMARY KEY,
    body_hash   TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );
  `,

  // 2: one key per page (percent-encoded and decoded spellings merged).
  canonicalPageKeys,
  // 3: names and duplicate texts compared as utf8mb4_unicode_ci does (moderation/collate.ts);
  // idempotency records found by age for expiry.
  (db) => {
    db.exec(`
      ALTER TABLE comments ADD COLUMN author_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE comments ADD COLUMN dup_key TEXT NOT NULL DEFAULT '';
    `);
    fillCollationKeys(db);
    db.exec(`
      DROP INDEX comments_author;
      DROP INDEX comments_duplicate;
      CREATE INDEX comments_author ON comments (site, author_key, status);
      CREATE INDEX comments_duplicate ON comments (dup_key, status);
      CREATE INDEX idempotency_age ON idempotency (created_at);
      -- Children by parent: the foreign key's own checks and counter upkeep find them without a scan.
      CREATE INDEX comments_parent ON comments (parent_id);
    `);
  },
  // 4: counters kept with every write (sqlite-counters.ts), built from the comments already stored.
  (db) => {
    db.exec(`
      CREATE TABLE comment_counts (
        site   TEXT NOT NULL,
        status TEXT NOT NULL,
        n      INTEGER NOT NULL,
        PRIMARY KEY (site, status)
      ) WITHOUT ROWID;
      CREATE TABLE page_counts (
        site    TEXT NOT NULL,
        page    TEXT NOT NULL,
        visible INTEGER NOT NULL,
        PRIMARY KEY (site, page)
      ) WITHOUT ROWID;
    `);
    recountCounters(db);
  },
  // 5: [notify] issue 12: outbox, webhooks, subscribers, reply watches, thread mutes, quotas (sqlite-notify-schema.ts).
  NOTIFY_MIGRATION,
  // 6 (import, issue 11): where an imported comment came from, so importing the
  // same export again finds it (one source, one comment, per site).
  `
  ALTER TABLE comments ADD COLUMN source_site TEXT;
  ALTER TABLE comments ADD COLUMN source_id TEXT;
  CREATE UNIQUE INDEX comments_source ON comments (site, source_site, source_id) WHERE source_id IS NOT NULL;
  `,
  // 7 (helper G): moderators scoped to sites; ["*"] keeps every existing account as it was (every site).
  `ALTER TABLE moderators ADD COLUMN sites TEXT NOT NULL DEFAULT '["*"]';`,
  // 8 (helper G): trust/hold/block rules (server/rules).
  RULES_MIGRATION,
  // 9 (helper G): moderation search, a trigram FTS5 index over folded text kept by triggers.
  SEARCH_MIGRATION,
  // 10 (helper G): moderators' edits of comments, old values kept.
  EDITS_MIGRATION,
  // 11 (helper G): the audit log.
  AUDIT_MIGRATION,
  // 12 (issue 14): likes, featured picks, author deletion, readers' reports (sqlite-readers.ts).
  READERS_MIGRATION,
  // 13 (review of issue 14): one report per network per comment (the voter hash).
  REPORT_VOTER_MIGRATION,
  // 14 (issue 10): each comment's public body as JSON, kept by triggers (sqlite-public.ts).
  publicJsonMigration,
  // 15: a version per site's status counts, bumped with every counter write (sqlite-counters.ts),
  // so moderators' dashboards can tell the newer of two counts apart.
  `
  CREATE TABLE comment_counts_version (
    site TEXT PRIMARY KEY,
    v    INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 16 (issue 10): a group commit indexes its comments for search together (sqlite-search.ts).
  SEARCH_DEFERRAL_MIGRATION,
  // 17: raw control characters in page keys escaped ("\u0001/x" → "%01/x", page-key.ts); the two
  // spellings' threads merge, their duplicate keys and the sites' counters are redone.
  escapedControlPageKeys,
  // 18: imported comments in a bin without history (imports before this one) say they entered it
  // now, so retention counts from the upgrade and not from their dates (import/common.ts importedHistory).
  (db) =>
    db
      .prepare(
        `UPDATE comments SET history = json_array(json_object('at', ?, 'by', NULL, 'from', coalesce(prev_status, 'pending'), 'to', status))
         WHERE source_id IS NOT NULL AND status IN ('spam', 'trash') AND history = '[]'`,
      )
      .run(Date.now()),
  // 19 (issue 10): twins are found through the author index, dup_key appended to it
  // (sqlite-comments.ts findTwin); dup_key's own index, of random hashes, is dropped.
  `
  DROP INDEX comments_duplicate;
  DROP INDEX comments_author;
  CREATE INDEX comments_author ON comments (site, author_key, status, dup_key);
  `,
  // 20 (issue 10): each thread's bytes as readers get them, kept exact by triggers (sqlite-thread-bytes.ts).
  THREAD_BYTES_MIGRATION,
  // 21: a page is named by an import or admin, else by its earliest approved comment's claims,
  // never by a held, spam or trashed one's; kept by triggers, stored names repaired (sqlite-page-names.ts).
  pageNamesMigration,
  // 22: a comment its author deleted is featured no more (UNFEATURE_DELETED_MIGRATION).
  UNFEATURE_DELETED_MIGRATION,
];
