import type { CommentStatus, StoredComment } from '../domain/types.js';
import { rebuildCounters } from './mongo-counters.js';
import { toComment } from './mongo-docs.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { namesPage, renamePage } from './mongo-page-names.js';

/** Replies move up to the parent; a top-level comment's replies root their own threads. Not counted here. */
async function removeOne(m: Models, doc: CommentDoc): Promise<void> {
  const children = await m.Comment.find({ parentId: doc._id }).select('_id').lean<Array<{ _id: string }>>();
  await m.Comment.updateMany({ parentId: doc._id }, { $set: { parentId: doc.parentId } });
  if (doc.parentId === null) {
    for (const child of children) {
      let frontier = [child._id];
      const subtree = [child._id];
      while (frontier.length) {
        const next = await m.Comment.find({ parentId: { $in: frontier } }).select('_id').lean<Array<{ _id: string }>>();
        frontier = next.map((d) => d._id);
        subtree.push(...frontier);
      }
      await m.Comment.updateMany({ _id: { $in: subtree } }, { $set: { threadId: child._id } });
    }
  }
  await m.Comment.deleteOne({ _id: doc._id });
  await m.Edit.deleteMany({ commentId: doc._id });
}

/** wp_delete_comment for MongoDB; counters are recounted for the site afterwards. */
export async function deleteForGood(m: Models, id: string, statuses: readonly CommentStatus[]): Promise<{ ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null }> {
  const doc = await m.Comment.findById(id).select('+authorEmail').lean<CommentDoc>();
  if (!doc) return { ok: false, comment: null };
  if (!statuses.includes(doc.status)) return { ok: false, comment: toComment(doc) };
  await removeOne(m, doc);
  await rebuildCounters(m, doc.site);
  if (namesPage(doc)) await renamePage(m, doc.site, doc.page);
  return { ok: true, comment: toComment(doc) };
}

/** Empties a bin (see the SQLite adapter); counters are recounted once at the end. */
export async function purge(m: Models, site: string, status: 'spam' | 'trash', before: number): Promise<Array<{ id: string; page: string }>> {
  const ids: Array<{ id: string; page: string }> = [];
  const docs = await m.Comment.find({ site, status }).select('+authorEmail').sort({ createdAt: 1 }).lean<CommentDoc[]>();
  for (const doc of docs) {
    const enteredAt = doc.history.length ? doc.history[doc.history.length - 1]!.at : doc.createdAt;
    if (enteredAt >= before) continue;
    await removeOne(m, doc);
    ids.push({ id: doc._id, page: doc.page });
  }
  if (ids.length) await rebuildCounters(m, site);
  return ids;
}

/** Anonymises one comment (see the SQLite adapter). */
export async function anonymizeComment(m: Models, id: string, name: string, avatarKey: string, keys: { authorKey: string; dupKey: string }): Promise<boolean> {
  const r = await m.Comment.updateOne(
    { _id: id },
    { $set: { authorName: name, authorEmail: '', authorUrl: null, ip: '', userAgent: '', avatarKey, authorKey: keys.authorKey }, $unset: { dupKey: 1 }, $inc: { version: 1 } },
  );
  await m.Edit.deleteMany({ commentId: id });
  void keys.dupKey;
  return r.matchedCount === 1;
}
