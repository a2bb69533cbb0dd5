import mongoose, { type ClientSession } from 'mongoose';
import type { HistoryEntry, NewComment, StoredComment } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { authorKey, duplicateKey } from '../moderation/collate.js';
import { FLOOD_LOOKBACK_MS, type InsertGuards, type InsertOutcome } from './port.js';
import { newId } from './ids.js';
import { toComment } from './mongo-docs.js';
import { countInsert, countStatusChange } from './mongo-counters.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { namesPage, renamePage } from './mongo-page-names.js';

const { trusted } = mongoose;
const EMAIL = '+authorEmail';

// Comment writes of the MongoDB adapter, each keeping the counters. Atomicity
// without transactions: the duplicate rule holds through the unique `dupKey`
// index, the flood rule through conditional upserts of one mark per IP and per
// email (`_id` unique: of two racing posts one upsert fails with E11000).
// The lookups the moderation rules make (twin, flood, approved before) live here too.

/**
 * Runs the one write that must commit together with something else (the
 * [notify] outbox items of issue 12, see withOutbox in mongo-notify.ts): it
 * gets the transaction's session, or none. Returns null when nothing was written.
 */
export type Atomically = <T>(write: (session: ClientSession | undefined) => Promise<T | null>) => Promise<T | null>;
const alone: Atomically = (write) => write(undefined);
const ignoreDuplicateKey = (err: unknown) => {
  if (!isDuplicateKey(err)) throw err;
};
const inSession = (session: ClientSession | undefined) => (session ? { session } : {});

export const dupKeyOf = (c: Pick<NewComment, 'site' | 'page' | 'parentId' | 'authorName' | 'authorEmail' | 'content'>) =>
  duplicateKey({ site: c.site, page: c.page, parentId: c.parentId, name: c.authorName, email: c.authorEmail, content: c.content });

/**
 * Inserts (page key already canonical) and counts; a duplicate `dupKey` rejects with E11000 when `withDupKey`.
 * The insert itself runs `atomically` (with the outbox items that must commit with it); the counters follow it.
 */
export async function insertCommentDoc(m: Models, c: NewComment, withDupKey: boolean, atomically: Atomically = alone): Promise<CommentDoc> {
  const id = c.id ?? newId();
  // Replies carry their thread's root so a page of threads finds them by key.
  const parent = c.parentId ? await m.Comment.findById(c.parentId, { threadId: 1 }).lean<Pick<CommentDoc, 'threadId'>>() : null;
  const threadId = c.parentId ? (parent?.threadId ?? c.parentId) : id;
  const { id: _given, ...fields } = c;
  const fresh = {
    ...fields,
    _id: id,
    threadId,
    prevStatus: null,
    version: 1,
    history: [],
    editedAt: null,
    authorKey: authorKey(c.authorName, c.authorEmail),
    ...(withDupKey && c.status !== 'trash' ? { dupKey: dupKeyOf(c) } : {}),
  };
  // An approved claim may name its page (mongo-page-names.ts): the page is made first if unseen,
  // outside any transaction, where a lost upsert race is only a duplicate key to ignore.
  const names = namesPage(c);
  if (names) {
    const insert = { title: null, url: null, closed: false, createdAt: c.createdAt };
    await m.Page.updateOne({ site: c.site, page: c.page }, { $setOnInsert: insert }, { upsert: true }).catch(ignoreDuplicateKey);
  }
  const doc = await atomically(async (session) => {
    const [made] = await m.Comment.create([fresh], inSession(session));
    if (names) await renamePage(m, c.site, c.page, session);
    return made!.toObject() as CommentDoc;
  });
  await countInsert(m, c);
  return doc!;
}

export async function insertGuarded(m: Models, c: NewComment, guards: InsertGuards, atomically: Atomically = alone): Promise<InsertOutcome> {
  if (guards.duplicate && (await m.Comment.exists({ dupKey: dupKeyOf(c) }))) return { ok: false, refusal: 'duplicate' };
  const claimed: Array<{ key: string; previous: number | null }> = [];
  const undo = async () => {
    for (const k of claimed.reverse()) {
      if (k.previous === null) await m.FloodMark.deleteOne({ _id: k.key, at: c.createdAt });
      else await m.FloodMark.updateOne({ _id: k.key, at: c.createdAt }, { $set: { at: k.previous } });
    }
  };
  if (guards.floodWindowMs > 0) {
    const window = guards.floodWindowMs;
    const last = await lastCommentAt(m, { site: c.site, ip: c.ip, email: c.authorEmail, since: c.createdAt - Math.max(FLOOD_LOOKBACK_MS, window) });
    if (last !== null && c.createdAt - last < window) return { ok: false, refusal: 'flood', lastAt: last };
    for (const key of [`${c.site}\u0000ip:${c.ip}`, `${c.site}\u0000email:${c.authorEmail}`]) {
      const expiresAt = new Date(c.createdAt + Math.max(FLOOD_LOOKBACK_MS, window));
      try {
        const before = await m.FloodMark.findOneAndUpdate(
          { _id: key, at: trusted({ $lte: c.createdAt - window }) },
          { $set: { at: c.createdAt, expiresAt } },
          { upsert: true, returnDocument: 'before' },
        ).lean<{ at: number }>();
        claimed.push({ key, previous: before?.at ?? null });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await undo();
        const mark = await m.FloodMark.findById(key).lean<{ at: number }>();
        return { ok: false, refusal: 'flood', lastAt: mark?.at ?? c.createdAt };
      }
    }
  }
  try {
    return { ok: true, comment: toComment(await insertCommentDoc(m, c, guards.duplicate, atomically)) };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await undo();
    return { ok: false, refusal: 'duplicate' };
  }
}

/** Whether this author (name and email by collation key) has an approved comment on the site. */
export async function hasApproved(m: Models, site: string, name: string, email: string): Promise<boolean> {
  const hit = await m.Comment.exists({ site, authorKey: authorKey(name, email), status: 'approved' });
  return hit !== null;
}

/** The stored twin of a comment with these fields (page key made canonical here), if any: the `dupKey` index. */
export async function findDuplicate(
  m: Models,
  q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string },
): Promise<StoredComment | null> {
  const dupKey = dupKeyOf({ site: q.site, page: canonicalPageKey(q.page), parentId: q.parentId, authorName: q.name, authorEmail: q.email, content: q.content });
  const doc = await m.Comment.findOne({ dupKey }).select(EMAIL).lean<CommentDoc>();
  return doc ? toComment(doc) : null;
}

export async function lastCommentAt(m: Models, q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
  const since = trusted({ $gte: q.since });
  const newest = (filter: Record<string, unknown>) =>
    m.Comment.findOne({ site: q.site, createdAt: since, ...filter }, { createdAt: 1 }).sort({ createdAt: -1 }).lean<Pick<CommentDoc, 'createdAt'>>();
  const [byIp, byEmail] = await Promise.all([newest({ ip: q.ip }), newest({ authorEmail: q.email })]);
  if (!byIp && !byEmail) return null;
  return Math.max(byIp?.createdAt ?? -Infinity, byEmail?.createdAt ?? -Infinity);
}

/**
 * Compare-and-set of the status on the version read (or given), then the
 * counters for exactly the transition that happened. Trash drops the duplicate
 * key; leaving trash takes it back unless a twin took it meanwhile. The
 * update runs `atomically` (with outbox items that commit only if it matched).
 */
export async function updateStatus(
  m: Models,
  id: string,
  expectedVersion: number | undefined,
  entry: HistoryEntry,
  atomically: Atomically = alone,
): Promise<CommentDoc | null> {
  // A moderator's approval forgets reports and undoes an author's deletion (sqlite-comments.ts moderatorApproved).
  const verdict = entry.to === 'approved' && entry.by !== null;
  if (verdict) await m.Report.deleteMany({ commentId: id });
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = await m.Comment.findById(id).select(EMAIL).lean<CommentDoc>();
    if (!current || (expectedVersion !== undefined && current.version !== expectedVersion)) return null;
    const set = entry.from === 'spam' || entry.from === 'trash' ? { status: entry.to } : { status: entry.to, prevStatus: entry.from };
    const doc = await atomically((session) =>
      m.Comment.findOneAndUpdate(
        { _id: id, version: current.version },
        {
          $set: { ...set, ...(verdict ? { reports: null, deletedAt: null } : {}) },
          $inc: { version: 1 },
          $push: { history: entry },
          ...(entry.to === 'trash' ? { $unset: { dupKey: 1 } } : {}),
          ...(verdict ? { $pull: { reasons: { code: { $in: ['reported', 'author_deleted'] } } } } : {}),
        },
        { returnDocument: 'after', ...inSession(session) },
      )
        .select(EMAIL)
        .lean<CommentDoc>()
        .exec()
        .then(async (d) => {
          // the page's name follows its comments' statuses (mongo-page-names.ts), in the same session
          if (d && (namesPage(current) || namesPage(d))) await renamePage(m, d.site, d.page, session);
          return d;
        }),
    );
    if (!doc) {
      if (expectedVersion !== undefined) return null;
      continue; // moved under us and no version was asked for: apply on the fresh one
    }
    await countStatusChange(m, { id, site: doc.site, page: doc.page, parentId: doc.parentId ?? null, threadId: doc.threadId }, current.status, entry.to);
    if (current.status === 'trash' && entry.to !== 'trash') {
      await m.Comment.updateOne({ _id: id }, { $set: { dupKey: dupKeyOf(toComment(doc)) } }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
    // A page never recorded (a comment stored without touchPage) is made when a claim first names it, as SQLite's trigger does.
    if (namesPage(doc) && !(await m.Page.exists({ site: doc.site, page: doc.page }))) {
      await m.Page.updateOne({ site: doc.site, page: doc.page }, { $setOnInsert: { title: null, url: null, closed: false, createdAt: doc.createdAt } }, { upsert: true }).catch(ignoreDuplicateKey);
      await renamePage(m, doc.site, doc.page);
    }
    return doc;
  }
  return null;
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

