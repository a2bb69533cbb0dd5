import type Database from 'better-sqlite3';
import type {
  CommentStatus,
  CursorPos,
  HistoryEntry,
  IdempotencyRecord,
  Moderator,
  NewComment,
  PageInfo,
  Session,
  Site,
  SiteSettings,
  StatusCounts,
  VersionedCounts,
  StoredComment,
} from '../domain/types.js';
import { makeDatabaseFilesPrivate } from './file-modes.js';
import { openDatabase } from './sqlite-connection.js';
import { Presence } from './sqlite-presence.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { authorKey } from '../moderation/collate.js';
import { IDEMPOTENCY_LIMITS, type InsertGuards, type InsertOutcome, type ModeratorPatch, type Store } from './port.js';
import { newId } from './ids.js';
import { duplicateKeyOf, findDuplicate, hasApproved, insertCommentRow, lastCommentAt, refusalOf, updateStatusRow } from './sqlite-comments.js';
import { rebuildCounters, type Sql } from './sqlite-counters.js';
import { SqliteIdempotency } from './sqlite-idempotency.js';
import type { WriteOptions } from './notify-port.js'; // [notify]
import { insertOutbox, SqliteNotify } from './sqlite-notify.js'; // [notify]
import * as lists from './sqlite-lists.js';
import * as moderators from './sqlite-moderators.js';
import * as rules from './sqlite-rules.js';
import * as sessions from './sqlite-sessions.js';
import * as sites from './sqlite-sites.js';
import { namePage } from './sqlite-page-names.js';
import { searchComments } from './sqlite-search.js';
import type { SearchQuery } from '../search/query.js';
import { commenterStats } from './sqlite-commenters.js';
import { anonymizeComment, deleteForGood, purge } from './sqlite-delete.js';
import * as edits from './sqlite-edits.js';
import * as audit from './sqlite-audit.js';
import type { AuditEntry } from '../audit/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import type { ModerationRule } from '../rules/types.js';
import { SqliteReaders } from './sqlite-readers.js';
import { toComment, type Row } from './sqlite-rows.js';
import { explainTexts, preparedTexts } from './sqlite-prepared.js';
import { groupCommit } from './sqlite-group-commit.js';
import type { CheckpointStats } from './sqlite-checkpoint.js';
import { exportFromSqlite, importIntoSqlite, listSitePages } from './sqlite-import.js';
import type { PruneOutcome } from './sqlite-thread-bytes-prune.js';
import { SqliteBackground, type BackgroundOptions } from './sqlite-background.js';
import { withCanonicalPages } from './import-link.js';
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
  /** readers' features (issue 14): server/store/sqlite-readers.ts; with a budget of 0 reads keep no thread bytes */
  readonly readers = new SqliteReaders(() => this.d, (text) => this.sql(text), () => this.opts.threadBytes?.budgetBytes !== 0);
  /** the checkpointing thread and the thread bytes pruner, when the options ask for them */
  private readonly background = new SqliteBackground(this.opts);
  /** who else has this file open (sqlite-presence.ts): an import pauses between chunks only for them */
  private readonly presence = this.file === ':memory:' ? null : new Presence(this.file);

  /**
   * `file` is a path, or ':memory:' for a private throwaway database. `backgroundCheckpoints`
   * (the server's setting) moves WAL checkpoints to a thread of their own (sqlite-checkpoint.ts).
   * `threadBytes` (the server's THREAD_BYTES_MB) bounds the kept thread bytes with passes from
   * open to close (sqlite-thread-bytes-prune.ts); without it nothing prunes them.
   */
  constructor(
    private readonly file: string,
    private readonly opts: BackgroundOptions = {},
  ) {}

  async open(): Promise<void> {
    if (this.db) return;
    makeDatabaseFilesPrivate(this.file);
    // announced before the first write (migrations), so an import in another process pauses for it
    this.presence?.announce();
    let db: Database.Database;
    try {
      db = openDatabase(this.file);
    } catch (e) {
      this.presence?.withdraw();
      throw e;
    }
    this.db = db;
    this.background.start(this.file, db, () => this.db);
  }

  async close(): Promise<void> {
    await this.background.close();
    this.statements.clear();
    this.db?.close();
    this.db = null;
    this.presence?.withdraw();
  }

  /** What the background checkpointer did (null without one): tests and diagnostics. */
  checkpointStats(): Promise<CheckpointStats> | null {
    return this.background.checkpointStats();
  }

  /** One pass of the thread bytes pruner now (tests, diagnostics); throws without a `threadBytes` budget. */
  pruneThreadBytes(): Promise<PruneOutcome> {
    return this.background.prune();
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

  /** The statement cache as the aggregate modules (sqlite-sites.ts, sqlite-lists.ts, …) take it. */
  private readonly q: Sql = (text) => this.sql(text);

  private get d(): Database.Database {
    if (!this.db) throw new Error('SqliteStore used before open()');
    return this.db;
  }

  // Sites and pages (server/store/sqlite-sites.ts)

  async getSite(id: string): Promise<Site | null> {
    return sites.getSite(this.q, id);
  }

  async listSites(): Promise<Site[]> {
    return sites.listSites(this.q);
  }

  async ensureSite(site: Site): Promise<Site> {
    return sites.ensureSite(this.q, site);
  }

  async setSiteOrigins(id: string, origins: string[]): Promise<Site | null> {
    return sites.setSiteOrigins(this.q, id, origins);
  }

  async setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null> {
    return sites.setSiteSettings(this.q, id, settings);
  }

  async touchPage(given: { site: string; page: string; createdAt: number }): Promise<PageInfo> {
    return sites.touchPage(this.q, given);
  }

  async namePage(site: string, page: string, name: { title?: string | null; url?: string | null }, now: number): Promise<PageInfo> {
    return this.d.transaction(() => namePage(this.q, site, page, name, now)).immediate();
  }

  async getPage(site: string, page: string): Promise<PageInfo | null> {
    return sites.getPage(this.q, site, page);
  }

  async setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo> {
    return sites.setPageClosed(this.q, site, page, closed, now);
  }

  // Comments

  async createComment(c: NewComment, opts: WriteOptions = {}): Promise<StoredComment> {
    const comment = { ...c, page: canonicalPageKey(c.page) };
    const insert = this.d.transaction(() => {
      const row = insertCommentRow(this.q, comment, c.id ?? newId());
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

  async listVisible(q: { site: string; page: string; after: CursorPos | null; limit: number }) {
    return lists.listVisible(this.d, this.q, q);
  }

  async countVisible(site: string, pages: string[]): Promise<Record<string, number>> {
    return lists.countVisible(this.q, site, pages);
  }

  async listByStatus(q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number }) {
    return lists.listByStatus(this.q, q);
  }

  async deleteComment(id: string, statuses: readonly CommentStatus[]) {
    return deleteForGood(this.d, this.q, id, statuses);
  }

  async purgeComments(site: string, status: 'spam' | 'trash', before: number) {
    return purge(this.d, this.q, site, status, before);
  }

  async editComment(id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>) {
    return edits.editComment(this.d, this.q, id, expectedVersion, patch, edit);
  }

  async listEdits(commentId: string) {
    return edits.listEdits(this.q, commentId);
  }

  async anonymizeComment(id: string, name: string, avatarKey: string) {
    const c = await this.getComment(id);
    if (!c) return false;
    const next = { ...c, authorName: name, authorEmail: '' };
    return anonymizeComment(this.d, this.q, id, name, avatarKey, { authorKey: authorKey(name, ''), dupKey: duplicateKeyOf(next) });
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
    return lists.countByStatus(this.q, site);
  }

  async countsSnapshot(site: string): Promise<VersionedCounts> {
    return lists.countsSnapshot(this.q, site);
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
    return hasApproved(this.q, site, name, email);
  }

  async findDuplicate(q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }) {
    return findDuplicate(this.q, q);
  }

  async lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
    return lastCommentAt(this.q, q);
  }

  // Moderators (server/store/sqlite-moderators.ts)

  async createModerator(m: Moderator): Promise<Moderator> {
    return moderators.createModerator(this.q, m);
  }

  async getModerator(id: string): Promise<Moderator | null> {
    return moderators.getModerator(this.q, id);
  }

  async findModeratorByEmail(email: string): Promise<Moderator | null> {
    return moderators.findModeratorByEmail(this.q, email);
  }

  async countModerators(): Promise<number> {
    return moderators.countModerators(this.q);
  }

  async listModerators(): Promise<Moderator[]> {
    return moderators.listModerators(this.q);
  }

  async setModeratorPassword(id: string, passwordHash: string): Promise<boolean> {
    return moderators.setModeratorPassword(this.q, id, passwordHash);
  }

  async updateModerator(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    return moderators.updateModerator(this.q, id, patch);
  }

  async deleteModerator(id: string): Promise<boolean> {
    return moderators.deleteModerator(this.d, this.q, id);
  }

  async appendAudit(entry: AuditEntry) {
    audit.appendAudit(this.q, entry);
  }

  async listAudit(q: { site?: string; before: CursorPos | null; limit: number }) {
    return audit.listAudit(this.q, q);
  }

  async saveRule(rule: ModerationRule) {
    return rules.saveRule(this.q, rule);
  }

  async listRules(site: string, now: number) {
    return rules.listRules(this.q, site, now);
  }

  async getRule(id: string) {
    return rules.getRule(this.q, id);
  }

  async deleteRule(id: string) {
    return rules.deleteRule(this.q, id);
  }

  // Sessions (server/store/sqlite-sessions.ts)

  async createSession(s: Session): Promise<void> {
    sessions.createSession(this.q, s);
  }

  async getSession(id: string, now: number): Promise<Session | null> {
    return sessions.getSession(this.q, id, now);
  }

  async deleteSession(id: string): Promise<void> {
    sessions.deleteSession(this.q, id);
  }

  async deleteSessionsOf(moderatorId: string): Promise<void> {
    sessions.deleteSessionsOf(this.q, moderatorId);
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
    return explainTexts(this.d, [...this.statements.keys(), ...preparedTexts(this.d)]);
  }

  // Import and export (server/store/sqlite-import.ts)

  async importComments(batch: ImportBatch): Promise<ImportWriteResult> {
    return importIntoSqlite(this.d, withCanonicalPages(batch), () => this.presence?.othersPresent() ?? false);
  }

  async listPages(site: string): Promise<PageInfo[]> {
    return listSitePages(this.d, site);
  }

  exportComments(site: string, opts: { byPage?: boolean } = {}): AsyncIterable<ExportedComment> {
    return exportFromSqlite(this.d, site, opts.byPage ?? false);
  }
}
