import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { REPORT_NOTES_KEPT, type CommentStatus, type HistoryEntry, type Reason, type StoredComment, type ThreadSort } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { isDuplicateKey, updateStatus } from './mongo-comments.js';
import { readCounters } from './mongo-counters.js';
import { toComment } from './mongo-docs.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { renamePage } from './mongo-page-names.js';
import * as edits from './mongo-edits.js';
import type { Guarded, NewReport, ReaderStore, SortPos, ThreadsPageJson, ThreadsQuery } from './readers-port.js';
import { pageJsonOf } from './thread-bytes.js';
import { firstShown, layOutThreads, type ParentRow } from './threads.js';
import { PUBLIC_FIELDS, toEntry, type PublicDoc } from './mongo-public.js';
import type { PublicEntry } from '../domain/views.js';

const { trusted } = mongoose;
const EMAIL = '+authorEmail';

interface ReactionDoc {
  commentId: string;
  reader: string;
  reaction: string;
  createdAt: number;
}
interface ReportDoc {
  commentId: string;
  reader: string;
  voter?: string;
  reason: string;
  note: string;
  createdAt: number;
}
const opts = { versionKey: false, strict: true, strictQuery: true } as const;
const reactionSchema = new Schema<ReactionDoc>(
  { commentId: { type: String, required: true }, reader: { type: String, required: true }, reaction: { type: String, required: true }, createdAt: { type: Number, required: true } },
  opts,
);
// One like per reader per comment, whichever process writes it.
reactionSchema.index({ commentId: 1, reader: 1, reaction: 1 }, { unique: true });
const reportSchema = new Schema<ReportDoc>(
  { commentId: { type: String, required: true }, reader: { type: String, required: true }, voter: { type: String }, reason: { type: String, required: true }, note: { type: String, default: '' }, createdAt: { type: Number, required: true } },
  opts,
);
reportSchema.index({ commentId: 1, reader: 1 }, { unique: true });
// One report per network (the voter hash) per comment too; reports from before have no voter.
reportSchema.index({ commentId: 1, voter: 1 }, { unique: true, partialFilterExpression: { voter: { $type: 'string' } } });

export const bindReaderModels = (conn: Connection) => ({
  Reaction: conn.model<ReactionDoc>('CommentReaction', reactionSchema) as Model<ReactionDoc>,
  Report: conn.model<ReportDoc>('CommentReport', reportSchema) as Model<ReportDoc>,
});

/** Sort specs and keyset filters per order, mirroring sqlite-readers.ts. */
const SORTS: Record<ThreadSort, { fwd: Record<string, 1 | -1>; back: Record<string, 1 | -1> }> = {
  oldest: { fwd: { createdAt: 1, _id: 1 }, back: { createdAt: -1, _id: -1 } },
  newest: { fwd: { createdAt: -1, _id: -1 }, back: { createdAt: 1, _id: 1 } },
  popular: { fwd: { likes: -1, createdAt: 1, _id: 1 }, back: { likes: 1, createdAt: -1, _id: -1 } },
};

/** Roots strictly after (`gt`), strictly before, or from (inclusive) `p` in the order `sort`. */
function keyset(sort: ThreadSort, p: SortPos, side: 'after' | 'before' | 'from') {
  // In "oldest" order after means greater (createdAt, _id); "newest" flips it.
  const later = (sort === 'newest') === (side === 'before');
  const idOp = side === 'from' ? (later ? '$gte' : '$lte') : later ? '$gt' : '$lt';
  const timeOp = later ? '$gt' : '$lt';
  const byTime = [{ createdAt: trusted({ [timeOp]: p.createdAt }) }, { createdAt: p.createdAt, _id: trusted({ [idOp]: p.id }) }];
  if (sort !== 'popular') return { $or: byTime };
  // popular: fewer likes come after; equal likes go by time (oldest first)
  const likesOp = side === 'before' ? '$gt' : '$lt';
  return { $or: [{ likes: trusted({ [likesOp]: p.likes }) }, { likes: p.likes, $or: byTime }] };
}

const pos = (c: PublicEntry): SortPos => ({ createdAt: c.createdAt, id: c.id, likes: c.likes });

/** The readers' part of the Mongoose adapter (server/store/readers-port.ts). */
export class MongoReaders implements ReaderStore {
  constructor(private readonly models: () => Models) {}

  private get m() {
    return this.models();
  }

  async listThreads(given: ThreadsQuery) {
    const q = { ...given, page: canonicalPageKey(given.page) };
    const { Comment } = this.m;
    const base = { site: q.site, page: q.page, status: 'approved' as CommentStatus, parentId: null };
    const s = SORTS[q.sort];
    let docs: PublicDoc[];
    let more: boolean;
    if (q.before) {
      docs = await Comment.find({ ...base, ...keyset(q.sort, q.before, 'before') }).select(PUBLIC_FIELDS).sort(s.back).limit(q.limit + 1).lean<PublicDoc[]>();
      more = docs.length > q.limit;
      docs = docs.slice(0, q.limit).reverse();
    } else {
      const filter = q.from ? keyset(q.sort, q.from, 'from') : q.after ? keyset(q.sort, q.after, 'after') : {};
      docs = await Comment.find({ ...base, ...filter }).select(PUBLIC_FIELDS).sort(s.fwd).limit(q.limit + 1).lean<PublicDoc[]>();
      more = docs.length > q.limit;
      docs = docs.slice(0, q.limit);
    }
    const roots = docs.map(toEntry);
    const first = roots[0];
    const last = roots[roots.length - 1];
    const exists = async (p: SortPos, side: 'after' | 'before') => (await Comment.exists({ ...base, ...keyset(q.sort, p, side) })) !== null;
    const replies = roots.length
      ? await Comment.find({ threadId: trusted({ $in: roots.map((r) => r.id) }), status: 'approved' as CommentStatus, parentId: trusted({ $ne: null }) })
          .select(PUBLIC_FIELDS)
          .sort({ createdAt: 1, _id: 1 })
          .lean<PublicDoc[]>()
      : [];
    const total = (await readCounters(this.m, q.site, 'page', [q.page])).get(q.page) ?? 0;
    return {
      comments: layOutThreads(roots, replies.map(toEntry)),
      next: last && (q.before ? await exists(pos(last), 'after') : more) ? pos(last) : null,
      prev: first && (q.before ? more : await exists(pos(first), 'before')) ? pos(first) : null,
      total,
    };
  }

  /** listThreads as bytes (readers-port.ts): MongoDB keeps no thread bytes, so they are built from listThreads every time. */
  async listThreadsJson(q: ThreadsQuery): Promise<ThreadsPageJson> {
    return pageJsonOf(await this.listThreads(q));
  }

  async listFeatured(site: string, page: string, limit: number) {
    const filter: Record<string, unknown> = { site, page: canonicalPageKey(page), featuredAt: trusted({ $type: 'number' }), status: 'approved', deletedAt: null };
    const read = async (offset: number, n: number) =>
      (await this.m.Comment.find(filter).select(PUBLIC_FIELDS).sort({ featuredAt: -1, _id: 1 }).skip(offset).limit(n).lean<PublicDoc[]>()).map(toEntry);
    return firstShown(limit, read, this.parents);
  }

  async listRecent(site: string, page: string | null, limit: number) {
    const filter: Record<string, unknown> = { site, status: 'approved', deletedAt: null };
    if (page !== null) filter.page = canonicalPageKey(page);
    const read = async (offset: number, n: number) =>
      (await this.m.Comment.find(filter).select(EMAIL).sort({ createdAt: -1, _id: -1 }).skip(offset).limit(n).lean<CommentDoc[]>()).map(toComment);
    return firstShown(limit, read, this.parents);
  }

  /** id, parent and status of some comments: the ancestor walk of keepShown (threads.ts). */
  private readonly parents = async (ids: string[]): Promise<ParentRow[]> =>
    (await this.m.Comment.find({ _id: trusted({ $in: ids }) }).select({ _id: 1, parentId: 1, status: 1 }).lean<Array<{ _id: string; parentId?: string | null; status: string }>>()).map((d) => ({
      id: d._id,
      parentId: d.parentId ?? null,
      status: d.status,
    }));

  async hasApprovedReplies(id: string) {
    return (await this.m.Comment.exists({ parentId: id, status: 'approved' as CommentStatus })) !== null;
  }

  /** Drops the likes and reports of comments deleted for good (SQLite does it by trigger). */
  async forget(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.m.Reaction.deleteMany({ commentId: trusted({ $in: ids }) });
    await this.m.Report.deleteMany({ commentId: trusted({ $in: ids }) });
  }

  private async current(id: string): Promise<StoredComment | null> {
    const doc = await this.m.Comment.findById(id).select(EMAIL).lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  async setLike(id: string, reader: string, on: boolean, at: number): Promise<Guarded<{ changed: boolean }>> {
    const cur = await this.current(id);
    if (!cur || cur.status !== 'approved' || cur.deletedAt !== null) return { ok: false, comment: cur };
    let changed: boolean;
    if (on) {
      try {
        await this.m.Reaction.create({ commentId: id, reader, reaction: 'like', createdAt: at });
        changed = true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        changed = false; // the unique index refused a second like by this reader
      }
    } else {
      changed = (await this.m.Reaction.deleteOne({ commentId: id, reader, reaction: 'like' })).deletedCount === 1;
    }
    if (!changed) return { ok: true, changed, comment: cur };
    // Only the writer whose key insert or delete succeeded moves the counter, and only while the
    // comment is still live (SQLite checks it in the same transaction); an unlike never goes below 0.
    const live = { _id: id, status: 'approved' as CommentStatus, deletedAt: null };
    const doc = await this.m.Comment.findOneAndUpdate(on ? live : { ...live, likes: trusted({ $gt: 0 }) }, { $inc: { likes: on ? 1 : -1 } }, { returnDocument: 'after' })
      .select(EMAIL)
      .lean<CommentDoc>();
    if (doc) return { ok: true, changed, comment: toComment(doc) };
    const now = await this.current(id);
    if (!on && now && now.status === 'approved' && now.deletedAt === null) return { ok: true, changed, comment: now }; // already at 0
    // held or deleted meanwhile: take the key back so the like is not counted later
    if (on) await this.m.Reaction.deleteOne({ commentId: id, reader, reaction: 'like' });
    return { ok: false, comment: now };
  }

  async addReport(r: NewReport, threshold: number, hold: (count: number) => { entry: HistoryEntry; reason: Reason }): Promise<Guarded<{ added: boolean; held: boolean }>> {
    const cur = await this.current(r.commentId);
    if (!cur || cur.status !== 'approved' || cur.deletedAt !== null) return { ok: false, comment: cur };
    try {
      await this.m.Report.create({ commentId: r.commentId, reader: r.reader, voter: r.voter, reason: r.reason, note: r.note, createdAt: r.at });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { ok: true, added: false, held: false, comment: cur };
    }
    const inc: Record<string, number> = { 'reports.count': 1, [`reports.reasons.${r.reason}`]: 1 };
    const push = r.note ? { $push: { 'reports.notes': { $each: [r.note], $slice: -REPORT_NOTES_KEPT } } } : {};
    // A document from before the readers' fields has reports: null; give it a shape first.
    await this.m.Comment.updateOne({ _id: r.commentId, reports: null }, { $set: { reports: { count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] } } });
    // Counted only while the comment is still live (SQLite checks it in the same transaction).
    let doc = await this.m.Comment.findOneAndUpdate({ _id: r.commentId, status: 'approved' as CommentStatus, deletedAt: null }, { $inc: inc, ...push }, { returnDocument: 'after' })
      .select(EMAIL)
      .lean<CommentDoc>();
    if (!doc) {
      await this.m.Report.deleteOne({ commentId: r.commentId, reader: r.reader });
      return { ok: false, comment: await this.current(r.commentId) };
    }
    // Compare-and-set on the version, retried on a fresh one when an unrelated write (a pick, an
    // edit) moved it: of two processes crossing the threshold together, exactly one holds it.
    for (let attempt = 0; attempt < 20; attempt++) {
      const count = doc.reports?.count ?? 0;
      if (count < threshold || doc.status !== 'approved' || (doc.deletedAt ?? null) !== null) return { ok: true, added: true, held: false, comment: toComment(doc) };
      const { entry, reason } = hold(count);
      const moved = await updateStatus(this.m, r.commentId, doc.version, entry);
      if (moved) {
        const after = await this.m.Comment.findByIdAndUpdate(r.commentId, { $push: { reasons: reason } }, { returnDocument: 'after' }).select(EMAIL).lean<CommentDoc>();
        return after ? { ok: true, added: true, held: true, comment: toComment(after) } : { ok: false, comment: null };
      }
      const fresh = await this.m.Comment.findById(r.commentId).select(EMAIL).lean<CommentDoc>();
      if (!fresh) return { ok: false, comment: null };
      doc = fresh;
    }
    return { ok: true, added: true, held: false, comment: toComment(doc) };
  }

  async clearReports(id: string, expectedVersion: number | undefined): Promise<Guarded<object>> {
    const doc = await this.m.Comment.findOneAndUpdate({ _id: id, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) }, { $set: { reports: null }, $inc: { version: 1 } }, { returnDocument: 'after' })
      .select(EMAIL)
      .lean<CommentDoc>();
    if (!doc) return { ok: false, comment: await this.current(id) };
    await this.m.Report.deleteMany({ commentId: id });
    return { ok: true, comment: toComment(doc) };
  }

  async setFeatured(id: string, expectedVersion: number | undefined, featuredAt: number | null): Promise<Guarded<object>> {
    const doc = await this.m.Comment.findOneAndUpdate({ _id: id, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) }, { $set: { featuredAt }, $inc: { version: 1 } }, { returnDocument: 'after' })
      .select(EMAIL)
      .lean<CommentDoc>();
    return doc ? { ok: true, comment: toComment(doc) } : { ok: false, comment: await this.current(id) };
  }

  async authorEdit(id: string, expectedVersion: number, change: { content: string; status: StoredComment['status']; reasons: Reason[]; at: number; by: { id: string; name: string } }): Promise<Guarded<object>> {
    const cur = await this.current(id);
    if (!cur || cur.version !== expectedVersion) return { ok: false, comment: cur };
    const edited = await edits.editComment(this.m, this.m.Edit, id, expectedVersion, { content: change.content }, { at: change.at, by: change.by });
    if (!edited.ok) return edited;
    let version = edited.comment.version;
    if (change.status !== cur.status) {
      // a moderator's decision in between wins: the edit stays, the pipeline's status and reasons do not
      const moved = await updateStatus(this.m, id, version, { at: change.at, by: null, from: cur.status, to: change.status });
      if (!moved) return { ok: false, comment: await this.current(id) };
      version = moved.version;
    }
    const doc = await this.m.Comment.findOneAndUpdate({ _id: id, version }, { $set: { reasons: change.reasons } }, { returnDocument: 'after' }).select(EMAIL).lean<CommentDoc>();
    return doc ? { ok: true, comment: toComment(doc) } : { ok: false, comment: await this.current(id) };
  }

  async authorDelete(id: string, expectedVersion: number, change: { at: number; entry: HistoryEntry; reason: Reason }): Promise<Guarded<{ placeholder: boolean }>> {
    const cur = await this.current(id);
    if (!cur || cur.version !== expectedVersion || cur.deletedAt !== null) return { ok: false, comment: cur };
    const placeholder = cur.status === 'approved' && (await this.hasApprovedReplies(id));
    let version = expectedVersion;
    if (!placeholder && cur.status !== 'trash') {
      const moved = await updateStatus(this.m, id, expectedVersion, { ...change.entry, from: cur.status, to: 'trash' });
      if (!moved) return { ok: false, comment: await this.current(id) };
      version = moved.version;
    }
    const bump = placeholder || cur.status === 'trash' ? 1 : 0;
    const doc = await this.m.Comment.findOneAndUpdate(
      { _id: id, version, deletedAt: null },
      // An author-deleted comment is featured no more (twin of the SQLite adapter).
      { $set: { deletedAt: change.at, featuredAt: null }, $push: { reasons: change.reason }, $inc: { version: bump } },
      { returnDocument: 'after' },
    )
      .select(EMAIL)
      .lean<CommentDoc>();
    // a placeholder stays approved but no longer names its page (mongo-page-names.ts)
    if (doc && placeholder) await renamePage(this.m, doc.site, doc.page);
    return doc ? { ok: true, placeholder, comment: toComment(doc) } : { ok: false, comment: await this.current(id) };
  }
}
