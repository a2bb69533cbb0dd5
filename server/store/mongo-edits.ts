import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredComment } from '../domain/types.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import { authorKey } from '../moderation/collate.js';
import { dupKeyOf, isDuplicateKey } from './mongo-comments.js';
import { toComment } from './mongo-docs.js';
import type { CommentDoc, Models } from './mongo-models.js';

interface EditDoc {
  commentId: string;
  at: number;
  by: { id: string; name: string };
  before: CommentEdit['before'];
}
const editSchema = new Schema<EditDoc>(
  { commentId: { type: String, required: true }, at: { type: Number, required: true }, by: { type: Schema.Types.Mixed, required: true }, before: { type: Schema.Types.Mixed, required: true } },
  { versionKey: false, strict: true, strictQuery: true },
);
editSchema.index({ commentId: 1, at: 1 });
export const bindEditModel = (conn: Connection): Model<EditDoc> => conn.model<EditDoc>('CommentEdit', editSchema);

/** Compare-and-set on the version; the edit record is written after the comment (no transaction on a standalone server). */
export async function editComment(m: Models, E: Model<EditDoc>, id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>) {
  const cur = await m.Comment.findById(id).select('+authorEmail').lean<CommentDoc>();
  if (!cur) return { ok: false as const, comment: null };
  const c = toComment(cur);
  if (c.version !== expectedVersion) return { ok: false as const, comment: c };
  const next: StoredComment = { ...c, ...patch };
  const before: CommentEdit['before'] = {};
  if (patch.content !== undefined && patch.content !== c.content) before.content = c.content;
  if (patch.authorName !== undefined && patch.authorName !== c.authorName) before.authorName = c.authorName;
  if (patch.authorUrl !== undefined && patch.authorUrl !== c.authorUrl) before.authorUrl = c.authorUrl;
  if (Object.keys(before).length === 0) return { ok: true as const, comment: c };
  const set: Record<string, unknown> = { content: next.content, authorName: next.authorName, authorUrl: next.authorUrl, authorKey: authorKey(next.authorName, next.authorEmail), editedAt: edit.at };
  if (c.status !== 'trash') set.dupKey = dupKeyOf(next);
  let doc: CommentDoc | null;
  try {
    doc = await m.Comment.findOneAndUpdate({ _id: id, version: expectedVersion }, { $set: set, $inc: { version: 1 } }, { returnDocument: 'after' }).select('+authorEmail').lean<CommentDoc>();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // the new text twins another comment: keep the edit, drop the duplicate key
    delete set.dupKey;
    doc = await m.Comment.findOneAndUpdate({ _id: id, version: expectedVersion }, { $set: set, $unset: { dupKey: 1 }, $inc: { version: 1 } }, { returnDocument: 'after' }).select('+authorEmail').lean<CommentDoc>();
  }
  if (!doc) return { ok: false as const, comment: (await m.Comment.findById(id).select('+authorEmail').lean<CommentDoc>().then((d) => (d ? toComment(d) : null))) };
  await E.create({ commentId: id, at: edit.at, by: edit.by, before });
  return { ok: true as const, comment: toComment(doc) };
}

export async function listEdits(E: Model<EditDoc>, commentId: string): Promise<CommentEdit[]> {
  return (await E.find({ commentId }).sort({ at: 1, _id: 1 }).lean<EditDoc[]>()).map((d) => ({ commentId: d.commentId, at: d.at, by: d.by, before: d.before }));
}
