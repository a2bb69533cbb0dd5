import mongoose, { type Connection } from 'mongoose';
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
import { authorKey } from '../moderation/collate.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { IDEMPOTENCY_LIMITS, type InsertGuards, type InsertOutcome, type ModeratorPatch, type Store } from './port.js';
import { dupKeyOf, insertCommentDoc, insertGuarded, isDuplicateKey, lastCommentAt, updateStatus, type Atomically } from './mongo-comments.js';
import { readCounters, readCountsVersion, rebuildCounters } from './mongo-counters.js';
import { MongoNotify, withOutbox } from './mongo-notify.js'; // [notify]
import type { WriteOptions } from './notify-port.js'; // [notify]
import { toComment, toModerator, toPage, toSite } from './mongo-docs.js';
import { MongoIdempotency } from './mongo-idempotency.js';
import * as rules from './mongo-rules.js';
import { searchComments } from './mongo-search.js';
import type { SearchQuery } from '../search/query.js';
import { commenterStats } from './mongo-commenters.js';
import { anonymizeComment, deleteForGood, purge } from './mongo-delete.js';
import * as edits from './mongo-edits.js';
import * as audit from './mongo-audit.js';
import type { AuditEntry } from '../audit/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import type { ModerationRule } from '../rules/types.js';
import { bindModels, type CommentDoc, type ModeratorDoc, type Models, type PageDoc, type SiteDoc } from './mongo-models.js';
import { upgrade } from './mongo-upgrades.js';
import { MongoReaders } from './mongo-readers.js';
import { layOutThreads } from './threads.js';
import { positionAfter } from './mongo-public.js';
import { exportFromMongo, importIntoMongo, listSitePages } from './mongo-import.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';

const { trusted } = mongoose;
const EMAIL = '+authorEmail';
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

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

  // Sites

  async getSite(id: string): Promise<Site | null> {
    const doc = await this.m.Site.findById(id).lean<SiteDoc>();
    return doc ? toSite(doc) : null;
  }

  async listSites(): Promise<Site[]> {
    const docs = await this.m.Site.find().sort({ _id: 1 }).lean<SiteDoc[]>();
    return docs.map(toSite);
  }

  async ensureSite(site: Site): Promise<Site> {
    const insert = { origins: site.origins, settings: site.settings, createdAt: site.createdAt };
    await ignoreDuplicate(this.m.Site.updateOne({ _id: site.id }, { $setOnInsert: insert }, { upsert: true }));
    return (await this.getSite(site.id))!;
  }

  async setSiteOrigins(id: string, origins: string[]): Promise<Site | null> {
    const doc = await this.m.Site.findByIdAndUpdate(id, { $set: { origins } }, { returnDocument: 'after' }).lean<SiteDoc>();
    return doc ? toSite(doc) : null;
  }

  async setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null> {
    const doc = await this.m.Site.findByIdAndUpdate(id, { $set: { settings } }, { returnDocument: 'after' }).lean<SiteDoc>();
    return doc ? toSite(doc) : null;
  }

  // Pages

  async touchPage(given: Omit<PageInfo, 'closed'>): Promise<PageInfo> {
    const p = { ...given, page: canonicalPageKey(given.page) };
    const key = { site: p.site, page: p.page };
    const insert = { title: p.title, url: p.url, closed: false, createdAt: p.createdAt };
    await ignoreDuplicate(this.m.Page.updateOne(key, { $setOnInsert: insert }, { upsert: true }));
    // The first title and url win; a later one only fills a gap left empty.
    if (p.title !== null) await this.m.Page.updateOne({ ...key, title: null }, { $set: { title: p.title } });
    if (p.url !== null) await this.m.Page.updateOne({ ...key, url: null }, { $set: { url: p.url } });
    return (await this.getPage(p.site, p.page))!;
  }

  async getPage(site: string, page: string): Promise<PageInfo | null> {
    const doc = await this.m.Page.findOne({ site, page: canonicalPageKey(page) }).lean<PageDoc>();
    return doc ? toPage(doc) : null;
  }

  async setPageClosed(site: string, given: string, closed: boolean, now: number): Promise<PageInfo> {
    const page = canonicalPageKey(given);
    const update = { $set: { closed }, $setOnInsert: { title: null, url: null, createdAt: now } };
    try {
      await this.m.Page.updateOne({ site, page }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Lost an upsert race: the page exists now, so set the flag on it.
      await this.m.Page.updateOne({ site, page }, { $set: { closed } });
    }
    return (await this.getPage(site, page))!;
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

  async listVisible(given: { site: string; page: string; after: CursorPos | null; limit: number }) {
    const q = { ...given, page: canonicalPageKey(given.page) };
    const { Comment } = this.m;
    const base = { site: q.site, page: q.page, status: 'approved' as CommentStatus };
    const rootDocs = await Comment.find({ ...base, parentId: null, ...(q.after ? positionAfter(q.after) : {}) })
      .select(EMAIL)
      .sort(OLDEST_FIRST)
      .limit(q.limit + 1)
      .lean<CommentDoc[]>();
    const more = rootDocs.length > q.limit;
    const roots = rootDocs.slice(0, q.limit).map(toComment);
    const replies = roots.length
      ? await Comment.find({
          threadId: trusted({ $in: roots.map((r) => r.id) }),
          status: 'approved' as CommentStatus,
          parentId: trusted({ $ne: null }),
        })
          .select(EMAIL)
          .sort(OLDEST_FIRST)
          .lean<CommentDoc[]>()
      : [];
    const total = (await readCounters(this.m, q.site, 'page', [q.page])).get(q.page) ?? 0;
    const last = roots[roots.length - 1];
    return {
      comments: layOutThreads(roots, replies.map(toComment)),
      next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
      total,
    };
  }

  async countVisible(site: string, pages: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.create(null); // "__proto__" is a page key like any other
    const keys = pages.map(canonicalPageKey);
    for (const p of keys) counts[p] = 0;
    if (keys.length === 0) return counts;
    for (const [page, n] of await readCounters(this.m, site, 'page', keys)) counts[page] = n;
    return counts;
  }

  async listByStatus(q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number }) {
    const docs = await this.m.Comment.find({ site: q.site, status: q.status, ...(q.before ? positionBefore(q.before) : {}) })
      .select(EMAIL)
      .sort(NEWEST_FIRST)
      .limit(q.limit + 1)
      .lean<CommentDoc[]>();
    const more = docs.length > q.limit;
    const comments = docs.slice(0, q.limit).map(toComment);
    const last = comments[comments.length - 1];
    return { comments, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
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
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
    for (const [status, n] of await readCounters(this.m, site, 'status')) counts[status as CommentStatus] = n;
    return counts;
  }

  async countsSnapshot(site: string): Promise<VersionedCounts> {
    // the version first: the counters read after it are at least that new (mongo-counters.ts)
    const version = await readCountsVersion(this.m, site);
    return { counts: await this.countByStatus(site), version };
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
    const hit = await this.m.Comment.exists({ site, authorKey: authorKey(name, email), status: 'approved' });
    return hit !== null;
  }

  async findDuplicate(q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }) {
    const dupKey = dupKeyOf({ site: q.site, page: canonicalPageKey(q.page), parentId: q.parentId, authorName: q.name, authorEmail: q.email, content: q.content });
    const doc = await this.m.Comment.findOne({ dupKey }).select(EMAIL).lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  async lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
    return lastCommentAt(this.m, q);
  }

  // Moderators and sessions

  async createModerator(m: Moderator): Promise<Moderator> {
    const { id, ...fields } = m;
    const doc = await this.m.Moderator.create({ ...fields, _id: id, email: normaliseEmail(m.email) });
    return toModerator(doc.toObject() as ModeratorDoc);
  }

  async getModerator(id: string): Promise<Moderator | null> {
    const doc = await this.m.Moderator.findById(id).lean<ModeratorDoc>();
    return doc ? toModerator(doc) : null;
  }

  async findModeratorByEmail(email: string): Promise<Moderator | null> {
    const doc = await this.m.Moderator.findOne({ email: normaliseEmail(email) }).lean<ModeratorDoc>();
    return doc ? toModerator(doc) : null;
  }

  async countModerators(): Promise<number> {
    return this.m.Moderator.countDocuments();
  }

  async listModerators(): Promise<Moderator[]> {
    const docs = await this.m.Moderator.find().sort({ createdAt: 1, _id: 1 }).lean<ModeratorDoc[]>();
    return docs.map(toModerator);
  }

  async setModeratorPassword(id: string, passwordHash: string): Promise<boolean> {
    const r = await this.m.Moderator.updateOne({ _id: id }, { $set: { passwordHash } });
    return r.matchedCount === 1;
  }

  async updateModerator(id: string, patch: ModeratorPatch): Promise<Moderator | null> {
    const set: Partial<ModeratorDoc> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.sites !== undefined) set.sites = patch.sites;
    if (patch.email !== undefined) set.email = normaliseEmail(patch.email);
    const doc = await this.m.Moderator.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<ModeratorDoc>();
    return doc ? toModerator(doc) : null;
  }

  async deleteModerator(id: string): Promise<boolean> {
    await this.m.Session.deleteMany({ moderatorId: id });
    const r = await this.m.Moderator.deleteOne({ _id: id });
    return r.deletedCount === 1;
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

  async createSession(s: Session): Promise<void> {
    const { id, ...fields } = s;
    await this.m.Session.create({ ...fields, _id: id });
  }

  async getSession(id: string, now: number): Promise<Session | null> {
    const doc = await this.m.Session.findById(id).lean();
    if (!doc) return null;
    if (doc.expiresAt <= now) {
      // Expired sessions are swept as they are met; nothing else reads them.
      await this.m.Session.deleteOne({ _id: id });
      return null;
    }
    return { id: doc._id, moderatorId: doc.moderatorId, createdAt: doc.createdAt, expiresAt: doc.expiresAt };
  }

  async deleteSession(id: string): Promise<void> {
    await this.m.Session.deleteOne({ _id: id });
  }

  async deleteSessionsOf(moderatorId: string): Promise<void> {
    await this.m.Session.deleteMany({ moderatorId });
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
    return importIntoMongo(this.m, batch);
  }

  async listPages(site: string): Promise<PageInfo[]> {
    return listSitePages(this.m, site);
  }

  exportComments(site: string, opts: { byPage?: boolean } = {}): AsyncIterable<ExportedComment> {
    return exportFromMongo(this.m, site, opts.byPage ?? false);
  }
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Strictly after a (createdAt, id) position; operators marked trusted so sanitizeFilter keeps them. */
function positionBefore(p: CursorPos) {
  return { $or: [{ createdAt: trusted({ $lt: p.createdAt }) }, { createdAt: p.createdAt, _id: trusted({ $lt: p.id }) }] };
}

/** Concurrent upserts of one key can collide on the unique index; the loser finds the row there. */
async function ignoreDuplicate(op: PromiseLike<unknown>): Promise<void> {
  try {
    await op;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
