import Database from 'better-sqlite3';
import {
  STATUSES,
  type CommentStatus,
  type CursorPos,
  type HistoryEntry,
  type IdempotencyRecord,
  type Moderator,
  type NewComment,
  type PageInfo,
  type Session,
  type Site,
  type SiteSettings,
  type StatusCounts,
  type VersionedCounts,
  type StoredComment,
} from '../domain/types.js';
import { makeDatabaseFilesPrivate } from './file-modes.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { authorKey } from '../moderation/collate.js';
import { IDEMPOTENCY_LIMITS, type InsertGuards, type InsertOutcome, type ModeratorPatch, type Store } from './port.js';
import { newId } from './ids.js';
import { duplicateKeyOf, findTwin, insertCommentRow, lastCommentAt, refusalOf, updateStatusRow } from './sqlite-comments.js';
import { readPageCounts, readStatusCounts, readStatusCountsVersioned, rebuildCounters } from './sqlite-counters.js';
import { SqliteIdempotency } from './sqlite-idempotency.js';
import type { WriteOptions } from './notify-port.js'; // [notify]
import { insertOutbox, SqliteNotify } from './sqlite-notify.js'; // [notify]
import * as rules from './sqlite-rules.js';
import { registerSearchFunctions, searchComments } from './sqlite-search.js';
import type { SearchQuery } from '../search/query.js';
import { commenterStats } from './sqlite-commenters.js';
import { anonymizeComment, deleteForGood, purge } from './sqlite-delete.js';
import * as edits from './sqlite-edits.js';
import * as audit from './sqlite-audit.js';
import type { AuditEntry } from '../audit/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import type { ModerationRule } from '../rules/types.js';
import { migrations } from './sqlite-migrations.js';
import { registerPublicFunctions } from './sqlite-public.js';
import { SqliteReaders } from './sqlite-readers.js';
import { toComment, toModerator, toPage, toSession, toSite, type Row } from './sqlite-rows.js';
import { layOutThreads } from './threads.js';
import { preparedTexts } from './sqlite-prepared.js';
import { groupCommit } from './sqlite-group-commit.js';
import { BACKSTOP_PAGES, DEFAULT_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer, type CheckpointStats } from './sqlite-checkpoint.js';
import { exportFromSqlite, importIntoSqlite, listSitePages } from './sqlite-import.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';

/**
 * The embedded store: one SQLite file that several server processes may share
 * (WAL, a busy timeout, and compare-and-set updates keep them consistent).
 * better-sqlite3 is synchronous; the async methods only honour the port.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly idempotency = new SqliteIdempotency(() => this.d, (text) => this.sql(text));
  /** [notify] outbox, webhooks, subscriptions: server/store/sqlite-notify.ts */
  readonly notify = new SqliteNotify(() => this.d);
  /** readers' features (issue 14): server/store/sqlite-readers.ts */
  readonly readers = new SqliteReaders(() => this.d, (text) => this.sql(text));

  private checkpointer: Checkpointer | null = null;

  /**
   * `file` is a path, or ':memory:' for a private throwaway database. `backgroundCheckpoints`
   * (the server's setting) moves WAL checkpoints to a thread of their own (sqlite-checkpoint.ts).
   */
  constructor(
    private readonly file: string,
    private readonly opts: { backgroundCheckpoints?: boolean } = {},
  ) {}

  async open(): Promise<void> {
    if (this.db) return;
    makeDatabaseFilesPrivate(this.file);
    const db = new Database(this.file, { timeout: 5000 });
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
    this.db = db;
    if (this.opts.backgroundCheckpoints && this.file !== ':memory:') {
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      this.checkpointer = startCheckpointer(this.file, () => {
        if (this.db === db && db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      });
    }
  }

  async close(): Promise<void> {
    // The checkpointer's connection closes first, so this one is the last and cleans the WAL up.
    await this.checkpointer?.close();
    this.checkpointer = null;
    this.statements.clear();
    this.db?.close();
    this.db = null;
  }

  /** What the background checkpointer did (null without one): tests and diagnostics. */
  checkpointStats(): Promise<CheckpointStats> | null {
    return this.checkpointer?.stats() ?? null;
  }

  /** A prepared statement, compiled once per connection. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      if (!this.db) throw new Error('SqliteStore used before open()');
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  private get d(): Database.Database {
    if (!this.db) throw new Error('SqliteStore used before open()');
    return this.db;
  }

  // Sites

  async getSite(id: string): Promise<Site | null> {
    return toSite(this.sql('SELECT * FROM sites WHERE id = ?').get(id) as Row | undefined);
  }

  async listSites(): Promise<Site[]> {
    return (this.sql('SELECT * FROM sites ORDER BY id').all() as Row[]).map((r) => toSite(r)!);
  }

  async ensureSite(site: Site): Promise<Site> {
    this.sql('INSERT OR IGNORE INTO sites (id, origins, settings, created_at) VALUES (?, ?, ?, ?)').run(
      site.id,
      JSON.stringify(site.origins),
      JSON.stringify(site.settings),
      site.createdAt,
    );
    return (await this.getSite(site.id))!;
  }

  async setSiteOrigins(id: string, origins: string[]): Promise<Site | null> {
    const row = this.sql('UPDATE sites SET origins = ? WHERE id = ? RETURNING *').get(JSON.stringify(origins), id);
    return toSite(row as Row | undefined);
  }

  async setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null> {
    const row = this.sql('UPDATE sites SET settings = ? WHERE id = ? RETURNING *').get(JSON.stringify(settings), id);
    return toSite(row as Row | undefined);
  }

  // Pages

  async touchPage(given: Omit<PageInfo, 'closed'>): Promise<PageInfo> {
    const p = { ...given, page: canonicalPageKey(given.page) };
    // The first title and url win; a later one only fills a gap left empty.
    const row = this.sql(
      `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (site, page) DO UPDATE SET
         title = COALESCE(pages.title, excluded.title),
         url = COALESCE(pages.url, excluded.url)
       RETURNING *`,
    ).get(p.site, p.page, p.title, p.url, p.createdAt);
    return toPage(row as Row);
  }

  async getPage(site: string, page: string): Promise<PageInfo | null> {
    const row = this.sql('SELECT * FROM pages WHERE site = ? AND page = ?').get(site, canonicalPageKey(page)) as Row | undefined;
    return row ? toPage(row) : null;
  }

  async setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo> {
    const row = this.sql(
      `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, NULL, NULL, ?, ?)
       ON CONFLICT (site, page) DO UPDATE SET closed = excluded.closed
       RETURNING *`,
    ).get(site, canonicalPageKey(page), closed ? 1 : 0, now);
    return toPage(row as Row);
  }

  // Comments

  async createComment(c: NewComment, opts: WriteOptions = {}): Promise<StoredComment> {
    const comment = { ...c, page: canonicalPageKey(c.page) };
    const insert = this.d.transaction(() => {
      const row = insertCommentRow((t) => this.sql(t), comment, c.id ?? newId());
      // [notify] the outbox items commit with the comment, or neither does.
      if (opts.outbox?.length) insertOutbox(this.d, opts.outbox);
      return row;
    });
    return toComment(insert.immediate());
  }

  async insertComment(c: NewComment, guards: InsertGuards, opts: WriteOptions = {}): Promise<InsertOutcome> {
    const comment = { ...c, page: canonicalPageKey(c.page) };
    const sql = (t: string) => this.sql(t);
    // IMMEDIATE takes the write lock first, so no other writer (thread or process) runs between check and insert;
    // posts arriving in the same turn share that transaction (group commit): one that throws rolls back alone.
    return groupCommit(this.d, (): InsertOutcome => {
      const refused = refusalOf(sql, comment, guards);
      if (refused) return { ok: false, ...refused };
      const row = insertCommentRow(sql, comment, c.id ?? newId());
      // [notify] the outbox items commit with the comment, or neither does.
      if (opts.outbox?.length) insertOutbox(this.d, opts.outbox);
      return { ok: true, comment: toComment(row) };
    });
  }

  async getComment(id: string): Promise<StoredComment | null> {
    const row = this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? toComment(row) : null;
  }

  async listVisible(given: { site: string; page: string; after: CursorPos | null; limit: number }) {
    const q = { ...given, page: canonicalPageKey(given.page) };
    const rootsAfter = this.sql(
      `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL AND (created_at, id) > (?, ?)
       ORDER BY created_at, id LIMIT ?`,
    );
    const rootsFirst = this.sql(
      `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL
       ORDER BY created_at, id LIMIT ?`,
    );
    const repliesOf = this.sql(
      `SELECT * FROM comments
       WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL
       ORDER BY created_at, id`,
    );
    // One read transaction, so roots, replies and total come from the same snapshot.
    const read = this.d.transaction(() => {
      const rootRows = (
        q.after
          ? rootsAfter.all(q.site, q.page, q.after.createdAt, q.after.id, q.limit + 1)
          : rootsFirst.all(q.site, q.page, q.limit + 1)
      ) as Row[];
      const roots = rootRows.map(toComment);
      const more = roots.length > q.limit;
      if (more) roots.pop();
      const replies = roots.length ? (repliesOf.all(JSON.stringify(roots.map((r) => r.id))) as Row[]).map(toComment) : [];
      const last = roots[roots.length - 1];
      return {
        comments: layOutThreads(roots, replies),
        next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
        total: readPageCounts((t) => this.sql(t), q.site, [q.page])[0]?.visible ?? 0,
      };
    });
    return read();
  }

  async countVisible(site: string, pages: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.create(null); // "__proto__" is a page key like any other
    const keys = pages.map(canonicalPageKey);
    for (const p of keys) counts[p] = 0;
    if (keys.length === 0) return counts;
    for (const r of readPageCounts((t) => this.sql(t), site, keys)) counts[r.page] = r.visible;
    return counts;
  }

  async listByStatus(q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number }) {
    const rows = (
      q.before
        ? this.sql(
            `SELECT * FROM comments WHERE site = ? AND status = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(q.site, q.status, q.before.createdAt, q.before.id, q.limit + 1)
        : this.sql(
            `SELECT * FROM comments WHERE site = ? AND status = ?
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(q.site, q.status, q.limit + 1)
    ) as Row[];
    const comments = rows.map(toComment);
    const more = comments.length > q.limit;
    if (more) comments.pop();
    const last = comments[comments.length - 1];
    return { comments, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  async deleteComment(id: string, statuses: readonly CommentStatus[]) {
    return deleteForGood(this.d, (t) => this.sql(t), id, statuses);
  }

  async purgeComments(site: string, status: 'spam' | 'trash', before: number) {
    return purge(this.d, (t) => this.sql(t), site, status, before);
  }

  async editComment(id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>) {
    return edits.editComment(this.d, (t) => this.sql(t), id, expectedVersion, patch, edit);
  }

  async listEdits(commentId: string) {
    return edits.listEdits((t) => this.sql(t), commentId);
  }

  async anonymizeComment(id: string, name: string, avatarKey: string) {
    const c = await this.getComment(id);
    if (!c) return false;
    const next = { ...c, authorName: name, authorEmail: '' };
    return anonymizeComment(this.d, (t) => this.sql(t), id, name, avatarKey, { authorKey: authorKey(name, ''), dupKey: duplicateKeyOf(next) });
  }

  async clearOldIps(site: string, before: number) {
    return this.sql(`UPDATE comments SET ip = '', user_agent = '' WHERE site = ? AND created_at < ? AND (ip <> '' OR user_agent <> '')`).run(site, before).changes;
  }

  async commenterStats(site: string, email: string) {
    return commenterStats(this.d, site, email);
  }

  async searchComments(q: SearchQuery) {
    return searchComments(this.d, q);
  }

  async countByStatus(site: string): Promise<StatusCounts> {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
    for (const r of readStatusCounts((t) => this.sql(t), site)) counts[r.status] = r.n;
    return counts;
  }

  async countsSnapshot(site: string): Promise<VersionedCounts> {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
    const { rows, version } = readStatusCountsVersioned((t) => this.sql(t), site);
    for (const r of rows) counts[r.status] = r.n;
    return { counts, version };
  }

  async rebuildCounters(site?: string): Promise<void> {
    this.d.transaction(() => rebuildCounters(this.d, site)).immediate();
  }

  async setStatus(id: string, expectedVersion: number | undefined, entry: HistoryEntry, opts: WriteOptions = {}) {
    // Read, compare and write under the write lock: whichever process comes first
    // wins and the other finds the version moved. Counters move in the same transaction,
    // and so do the [notify] outbox items (written only if the change is made).
    const row = await groupCommit(this.d, () => {
      const changed = updateStatusRow((t) => this.sql(t), id, expectedVersion, entry);
      if (changed && opts.outbox?.length) insertOutbox(this.d, opts.outbox);
      return changed;
    });
    if (row) return { ok: true as const, comment: toComment(row) };
    return { ok: false as const, comment: await this.getComment(id) };
  }

  async hasApproved(site: string, name: string, email: string): Promise<boolean> {
    const row = this.sql(`SELECT 1 FROM comments WHERE site = ? AND author_key = ? AND status = 'approved' LIMIT 1`).get(
      site,
      authorKey(name, email),
    );
    return row !== undefined;
  }

  async findDuplicate(q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }) {
    const key = duplicateKeyOf({ site: q.site, page: canonicalPageKey(q.page), parentId: q.parentId, authorName: q.name, authorEmail: q.email, content: q.content });
    const row = findTwin((t) => this.sql(t), key);
    return row ? toComment(row) : null;
  }

  async lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
    return lastCommentAt((t) => this.sql(t), q);
  }

  // Moderators and sessions

  async createModerator(m: Moderator): Promise<Moderator> {
    const row = this.sql(
      `INSERT INTO moderators (id, email, name, role, sites, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(m.id, normaliseEmail(m.email), m.name, m.role, JSON.stringify(m.sites ?? ['*']), m.passwordHash, m.createdAt) as Row;
    return toModerator(row);
  }

  async getModerator(id: string): Promise<Moderator | null> {
    const row = this.sql('SELECT * FROM moderators WHERE id = ?').get(id) as Row | undefined;
    return row ? toModerator(row) : null;
  }

  async findModeratorByEmail(email: string): Promise<Moderator | null> {
    const row = this.sql('SELECT * FROM moderators WHERE email = ?').get(normaliseEmail(email)) as Row | undefined;
    return row ? toModerator(row) : null;
  }

  async countModerators(): Promise<number> {
    return (this.sql('SELECT count(*) AS n FROM moderators').get() as { n: number }).n;
  }

  async listModerators(): Promise<Moderator[]> {
    return (this.sql('SELECT * FROM moderators ORDER BY created_at, id').all() as Row[]).map(toModerator);
  }

  async setModeratorPassword(id: string, passwordHash: string): Promise<boolean> {
    return this.sql('UPDATE moderators SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1;
  }

  async updateModerator(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    const row = this.sql(
      `UPDATE moderators SET name = coalesce(?, name), role = coalesce(?, role), sites = coalesce(?, sites), email = coalesce(?, email) WHERE id = ? RETURNING *`,
    ).get(patch.name ?? null, patch.role ?? null, patch.sites ? JSON.stringify(patch.sites) : null, patch.email ? normaliseEmail(patch.email) : null, id) as Row | undefined;
    return row ? toModerator(row) : null;
  }

  async deleteModerator(id: string): Promise<boolean> {
    const db = this.db!;
    return db.transaction(() => {
      this.sql('DELETE FROM sessions WHERE moderator_id = ?').run(id);
      return this.sql('DELETE FROM moderators WHERE id = ?').run(id).changes === 1;
    })();
  }

  async appendAudit(entry: AuditEntry) {
    audit.appendAudit((t) => this.sql(t), entry);
  }

  async listAudit(q: { site?: string; before: CursorPos | null; limit: number }) {
    return audit.listAudit((t) => this.sql(t), q);
  }

  async saveRule(rule: ModerationRule) {
    return rules.saveRule((t) => this.sql(t), rule);
  }

  async listRules(site: string, now: number) {
    return rules.listRules((t) => this.sql(t), site, now);
  }

  async getRule(id: string) {
    return rules.getRule((t) => this.sql(t), id);
  }

  async deleteRule(id: string) {
    return rules.deleteRule((t) => this.sql(t), id);
  }

  async createSession(s: Session): Promise<void> {
    this.sql('INSERT INTO sessions (id, moderator_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      s.id,
      s.moderatorId,
      s.createdAt,
      s.expiresAt,
    );
  }

  async getSession(id: string, now: number): Promise<Session | null> {
    const row = this.sql('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined;
    if (!row) return null;
    if (Number(row.expires_at) <= now) {
      // Expired sessions are swept as they are met; nothing else reads them.
      this.sql('DELETE FROM sessions WHERE id = ?').run(id);
      return null;
    }
    return toSession(row);
  }

  async deleteSession(id: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async deleteSessionsOf(moderatorId: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE moderator_id = ?').run(moderatorId);
  }

  // Idempotency

  async getIdempotency(key: string, now: number): Promise<IdempotencyRecord | null> {
    return this.idempotency.get(key, now);
  }

  async claimIdempotency(key: string, bodyHash: string, now: number) {
    return this.idempotency.claim(key, bodyHash, now);
  }

  async completeIdempotency(key: string, status: number, response: string): Promise<void> {
    this.idempotency.complete(key, status, response);
  }

  async releaseIdempotency(key: string): Promise<void> {
    this.idempotency.release(key);
  }

  async sweepIdempotency(now: number, limits: { ttlMs: number; maxEntries: number } = IDEMPOTENCY_LIMITS): Promise<number> {
    return this.idempotency.sweep(now, limits);
  }

  /** Diagnostics and tests: EXPLAIN QUERY PLAN of every statement this connection has prepared. */
  explainPrepared(): Array<{ sql: string; plan: string[] }> {
    return [...this.statements.keys(), ...preparedTexts(this.d)].map((text) => {
      const named = [...new Set(text.match(/@\w+/g) ?? [])].map((n) => [n.slice(1), null] as const);
      const params = named.length ? [Object.fromEntries(named)] : (text.match(/\?/g) ?? []).map(() => null);
      const rows = this.d.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>;
      return { sql: text, plan: rows.map((r) => r.detail) };
    });
  }

  // Import and export (server/store/sqlite-import.ts)

  async importComments(batch: ImportBatch): Promise<ImportWriteResult> {
    return importIntoSqlite(this.d, batch);
  }

  async listPages(site: string): Promise<PageInfo[]> {
    return listSitePages(this.d, site);
  }

  exportComments(site: string, opts: { byPage?: boolean } = {}): AsyncIterable<ExportedComment> {
    return exportFromSqlite(this.d, site, opts.byPage ?? false);
  }
}

/** Moderator emails are compared case-insensitively by storing them lowercased. */
function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
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
