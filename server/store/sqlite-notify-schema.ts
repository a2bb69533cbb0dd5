/** Migration: notifications (issue 12). Appended to the list in sqlite-migrations.ts. */
export const NOTIFY_MIGRATION = `
  CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('event', 'mail', 'webhook', 'digest')),
    site        TEXT NOT NULL,
    key         TEXT,
    payload     TEXT NOT NULL,
    webhook_id  TEXT,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      INTEGER NOT NULL,
    deadline    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    last_error  TEXT,
    done_at     INTEGER
  );
  CREATE UNIQUE INDEX outbox_key ON outbox (key) WHERE key IS NOT NULL;
  CREATE INDEX outbox_due ON outbox (status, run_at, id);
  CREATE INDEX outbox_webhook ON outbox (webhook_id, created_at);

  CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    site        TEXT NOT NULL,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,
    private     INTEGER NOT NULL DEFAULT 0,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX webhooks_site ON webhooks (site, created_at);

  CREATE TABLE subscribers (
    id              TEXT PRIMARY KEY,
    site            TEXT NOT NULL,
    email           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('unconfirmed', 'confirmed', 'unsubscribed')),
    round           INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER,
    UNIQUE (site, email)
  );

  CREATE TABLE reply_watches (
    comment_id  TEXT PRIMARY KEY,
    site        TEXT NOT NULL,
    email       TEXT NOT NULL,
    thread_id   TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );

  CREATE TABLE thread_mutes (
    subscriber_id TEXT NOT NULL,
    thread_id     TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (subscriber_id, thread_id)
  );

  CREATE TABLE quotas (
    key          TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    used         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
  );
`;
