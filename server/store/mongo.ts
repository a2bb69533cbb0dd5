import mongoose, { type Connection } from 'mongoose';
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
import { authorKey } from '../moderation/collate.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { IDEMPOTENCY_LIMITS, type InsertGuards, type InsertOutcome, type ModeratorPatch, type Store } from './port.js';
import { findDuplicate, hasApproved, insertCommentDoc, insertGuarded, lastCommentAt, updateStatus, type Atomically } from './mongo-comments.js';
import { rebuildCounters } from './mongo-counters.js';
import { MongoNotify, withOutbox } from './mongo-notify.js'; // [notify]
import type { WriteOptions } from './notify-port.js'; // [notify]
import { toComment } from './mongo-docs.js';
import { MongoIdempotency } from './mongo-idempotency.js';
import * as lists from './mongo-lists.js';
import * as moderators from './mongo-moderators.js';
import * as rules from './mongo-rules.js';
import * as sessions from './mongo-sessions.js';
import * as sites from './mongo-sites.js';
import { namePage } from './mongo-page-names.js';
import { searchComments } from './mongo-search.js';
import type { SearchQuery } from '../search/query.js';
import { commenterStats } from './mongo-commenters.js';
import { anonymizeComment, deleteForGood, purge } from './mongo-delete.js';
import * as edits from './mongo-edits.js';
import * as audit from './mongo-audit.js';
import type { AuditEntry } from '../audit/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import type { ModerationRule } from '../rules/types.js';
import { bindModels, type CommentDoc, type Models } from './mongo-models.js';
import { upgrade } from './mongo-upgrades.js';
import { MongoReaders } from './mongo-readers.js';
import { exportFromMongo, importIntoMongo, listSitePages } from './mongo-import.js';
import { withCanonicalPages } from './import-link.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';

const { trusted } = mongoose;
const EMAIL = '+authorEmail';

/**
 * MongoDB through Mongoose, on its own connection. Query filters are sanitised
 * (operators we mean are marked with mongoose.trusted) and unknown filter keys
 * are dropped by strictQuery. Same semantics as the SQLite adapter.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private conn: Connection | null = null;
  private models: Models | null = null;
  private readonly idempotency = new MongoIdempotency(() => this.m);
  /** [notify] outbox, webhooks, subscriptions: server/store/mongo-notify.ts */
  readonly notify = new MongoNotify(() => {
    if (!this.conn) throw new Error('MongoStore used before open()');
    return this.conn;
  });

  /** readers' features (issue 14): server/store/mongo-readers.ts */
  readonly readers = new MongoReaders(() => this.m);

  /** `dbName` overrides the database named in the URI (tests use one per run). */
  constructor(
    private readonly uri: string,
    private readonly opts: { dbName?: string } = {},
  ) {}

  async open(): Promise<void> {
    if (this.conn) return;
    const conn = mongoose.createConnection(this.uri, {
      ...(this.opts.dbName ? { dbName: this.opts.dbName } : {}),
      sanitizeFilter: true,
      autoIndex: false,
    });
    await conn.asPromise();
    const models = bindModels(conn);
    // Built here, once and awaited, so the first queries already find their indexes.
    for (const model of Object.values(models)) await model.createIndexes();
    await upgrade(models);
    this.conn = conn;
    this.models = models;
    await this.notify.createIndexes(); // [notify]
  }

  async close(): Promise<void> {
    await this.conn?.close();
    this.conn = null;
    this.models = null;
  }

  private get m(): Models {
    if (!this.models) throw new Error('MongoStore used before open()');
    return this.models;
  }

  // Sites and pages (server/store/mongo-sites.ts)

  async getSite(id: string): Promise<Site | null> {
    return sites.getSite(this.m, id);
  }

  async listSites(): Promise<Site[]> {
    return sites.listSites(this.m);
  }

  async ensureSite(site: Site): Promise<Site> {
    return sites.ensureSite(this.m, site);
  }

  async setSiteOrigins(id: string, origins: string[]): Promise<Site | null> {
    return sites.setSiteOrigins(this.m, id, origins);
  }

  async setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null> {
    return sites.setSiteSettings(this.m, id, settings);
  }

  async touchPage(given: { site: string; page: string; createdAt: number }): Promise<PageInfo> {
    return sites.touchPage(this.m, given);
  }

  async namePage(site: string, page: string, name: { title?: string | null; url?: string | null }, now: number): Promise<PageInfo> {
    return namePage(this.m, site, page, name, now);
  }

  async getPage(site: string, page: string): Promise<PageInfo | null> {
    return sites.getPage(this.m, site, page);
  }

  async setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo> {
    return sites.setPageClosed(this.m, site, page, closed, now);
  }

  // Comments

  /** [notify] The comment write and `opts.outbox` commit together (a transaction where the server allows one). */
  private atomically(opts: WriteOptions): Atomically {
    return (write) => withOutbox(this.conn!, this.notify, opts.outbox, write);
  }

  async createComment(c: NewComment, opts: WriteOptions = {}): Promise<StoredComment> {
    return toComment(await insertCommentDoc(this.m, { ...c, page: canonicalPageKey(c.page) }, false, this.atomically(opts)));
  }

  async insertComment(c: NewComment, guards: InsertGuards, opts: WriteOptions = {}): Promise<InsertOutcome> {
    return insertGuarded(this.m, { ...c, page: canonicalPageKey(c.page) }, guards, this.atomically(opts));
  }

  async getComment(id: string): Promise<StoredComment | null> {
    const doc = await this.m.Comment.findById(id).select(EMAIL).lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  async listVisible(q: { site: string; page: string; after: CursorPos | null; limit: number }) {
    return lists.listVisible(this.m, q);
  }

  async countVisible(site: string, pages: string[]): Promise<Record<string, number>> {
    return lists.countVisible(this.m, site, pages);
  }

  async listByStatus(q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number }) {
    return lists.listByStatus(this.m, q);
  }

  async deleteComment(id: string, statuses: readonly CommentStatus[]) {
    const out = await deleteForGood(this.m, id, statuses);
    if (out.ok) await this.readers.forget([id]); // its likes and reports go with it (issue 14)
    return out;
  }

  async purgeComments(site: string, status: 'spam' | 'trash', before: number) {
    const gone = await purge(this.m, site, status, before);
    await this.readers.forget(gone.map((g) => g.id));
    return gone;
  }

  async editComment(id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>) {
    return edits.editComment(this.m, this.m.Edit, id, expectedVersion, patch, edit);
  }

  async listEdits(commentId: string) {
    return edits.listEdits(this.m.Edit, commentId);
  }

  async anonymizeComment(id: string, name: string, avatarKey: string) {
    return anonymizeComment(this.m, id, name, avatarKey, { authorKey: authorKey(name, ''), dupKey: '' });
  }

  async clearOldIps(site: string, before: number) {
    const r = await this.m.Comment.updateMany({ site, createdAt: trusted({ $lt: before }), $or: [{ ip: trusted({ $ne: '' }) }, { userAgent: trusted({ $ne: '' }) }] }, { $set: { ip: '', userAgent: '' } });
    return r.modifiedCount;
  }

  async commenterStats(site: string, email: string) {
    return commenterStats(this.m.Comment, site, email);
  }

  async searchComments(q: SearchQuery) {
    return searchComments(this.m.Comment, q);
  }

  async countByStatus(site: string): Promise<StatusCounts> {
    return lists.countByStatus(this.m, site);
  }

  async countsSnapshot(site: string): Promise<VersionedCounts> {
    return lists.countsSnapshot(this.m, site);
  }

  async rebuildCounters(site?: string): Promise<void> {
    await rebuildCounters(this.m, site);
  }

  async setStatus(id: string, expectedVersion: number | undefined, entry: HistoryEntry, opts: WriteOptions = {}) {
    const doc = await updateStatus(this.m, id, expectedVersion, entry, this.atomically(opts));
    if (doc) return { ok: true as const, comment: toComment(doc) };
    return { ok: false as const, comment: await this.getComment(id) };
  }

  async hasApproved(site: string, name: string, email: string): Promise<boolean> {
    return hasApproved(this.m, site, name, email);
  }

  async findDuplicate(q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }) {
    return findDuplicate(this.m, q);
  }

  async lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
    return lastCommentAt(this.m, q);
  }

  // Moderators (server/store/mongo-moderators.ts)

  async createModerator(m: Moderator): Promise<Moderator> {
    return moderators.createModerator(this.m, m);
  }

  async getModerator(id: string): Promise<Moderator | null> {
    return moderators.getModerator(this.m, id);
  }

  async findModeratorByEmail(email: string): Promise<Moderator | null> {
    return moderators.findModeratorByEmail(this.m, email);
  }

  async countModerators(): Promise<number> {
    return moderators.countModerators(this.m);
  }

  async listModerators(): Promise<Moderator[]> {
    return moderators.listModerators(this.m);
  }

  async setModeratorPassword(id: string, passwordHash: string): Promise<boolean> {
    return moderators.setModeratorPassword(this.m, id, passwordHash);
  }

  async updateModerator(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    return moderators.updateModerator(this.m, id, patch);
  }

  async deleteModerator(id: string): Promise<boolean> {
    return moderators.deleteModerator(this.m, id);
  }

  async appendAudit(entry: AuditEntry) {
    await audit.appendAudit(this.m.Audit, entry);
  }

  async listAudit(q: { site?: string; before: CursorPos | null; limit: number }) {
    return audit.listAudit(this.m.Audit, q);
  }

  async saveRule(rule: ModerationRule) {
    return rules.saveRule(this.m.Rule, rule);
  }

  async listRules(site: string, now: number) {
    return rules.listRules(this.m.Rule, site, now);
  }

  async getRule(id: string) {
    return rules.getRule(this.m.Rule, id);
  }

  async deleteRule(id: string) {
    return rules.deleteRule(this.m.Rule, id);
  }

  // Sessions (server/store/mongo-sessions.ts)

  async createSession(s: Session): Promise<void> {
    await sessions.createSession(this.m, s);
  }

  async getSession(id: string, now: number): Promise<Session | null> {
    return sessions.getSession(this.m, id, now);
  }

  async deleteSession(id: string): Promise<void> {
    await sessions.deleteSession(this.m, id);
  }

  async deleteSessionsOf(moderatorId: string): Promise<void> {
    await sessions.deleteSessionsOf(this.m, moderatorId);
  }

  // Idempotency

  async getIdempotency(key: string, now: number): Promise<IdempotencyRecord | null> {
    return this.idempotency.get(key, now);
  }

  async claimIdempotency(key: string, bodyHash: string, now: number) {
    return this.idempotency.claim(key, bodyHash, now);
  }

  async completeIdempotency(key: string, status: number, response: string): Promise<void> {
    await this.idempotency.complete(key, status, response);
  }

  async releaseIdempotency(key: string): Promise<void> {
    await this.idempotency.release(key);
  }

  async sweepIdempotency(now: number, limits: { ttlMs: number; maxEntries: number } = IDEMPOTENCY_LIMITS): Promise<number> {
    return this.idempotency.sweep(now, limits);
  }

  // Import and export (server/store/mongo-import.ts)

  async importComments(batch: ImportBatch): Promise<ImportWriteResult> {
    return importIntoMongo(this.m, withCanonicalPages(batch));
  }

  async listPages(site: string): Promise<PageInfo[]> {
    return listSitePages(this.m, site);
  }

  exportComments(site: string, opts: { byPage?: boolean } = {}): AsyncIterable<ExportedComment> {
    return exportFromMongo(this.m, site, opts.byPage ?? false);
  }
}
