import mongoose from 'mongoose';
import type { CommentStatus, CursorPos } from '../domain/types.js';
import type { PublicSource } from '../domain/views.js';
import { readCounters } from './mongo-counters.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { layOutThreads } from './threads.js';

const { trusted } = mongoose;
const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;
/** Only what a PublicComment is made from (domain/views.ts PublicSource); _id comes by default. */
const PUBLIC_FIELDS = { parentId: 1, page: 1, authorName: 1, authorUrl: 1, avatarKey: 1, content: 1, createdAt: 1, editedAt: 1 } as const;

type PublicDoc = Pick<CommentDoc, '_id' | 'parentId' | 'page' | 'authorName' | 'authorUrl' | 'avatarKey' | 'content' | 'createdAt' | 'editedAt'>;

const toSource = (d: PublicDoc): PublicSource => ({
  id: d._id,
  parentId: d.parentId ?? null,
  page: d.page,
  authorName: d.authorName,
  authorUrl: d.authorUrl ?? null,
  avatarKey: d.avatarKey,
  content: d.content,
  createdAt: d.createdAt,
  editedAt: d.editedAt ?? null,
});

/** (createdAt, _id) strictly after `p`, as the indexes order them. */
export function positionAfter(p: CursorPos) {
  return { $or: [{ createdAt: trusted({ $gt: p.createdAt }) }, { createdAt: p.createdAt, _id: trusted({ $gt: p.id }) }] };
}

/**
 * The public read of a thread page for the Mongo adapter (Store.listVisiblePublic):
 * listVisible's queries and indexes with a projection of the public fields, so the
 * private ones (email, IP, user agent, reasons, history) are never sent by the server.
 * `q.page` is the canonical page key.
 */
export async function listVisiblePublic(m: Models, q: { site: string; page: string; after: CursorPos | null; limit: number }) {
  const { Comment } = m;
  const rootDocs = await Comment.find({ site: q.site, page: q.page, status: 'approved' as CommentStatus, parentId: null, ...(q.after ? positionAfter(q.after) : {}) })
    .select(PUBLIC_FIELDS)
    .sort(OLDEST_FIRST)
    .limit(q.limit + 1)
    .lean<PublicDoc[]>();
  const more = rootDocs.length > q.limit;
  const roots = rootDocs.slice(0, q.limit).map(toSource);
  const replies = roots.length
    ? await Comment.find({ threadId: trusted({ $in: roots.map((r) => r.id) }), status: 'approved' as CommentStatus, parentId: trusted({ $ne: null }) })
        .select(PUBLIC_FIELDS)
        .sort(OLDEST_FIRST)
        .lean<PublicDoc[]>()
    : [];
  const total = (await readCounters(m, q.site, 'page', [q.page])).get(q.page) ?? 0;
  const last = roots[roots.length - 1];
  return {
    comments: layOutThreads(roots, replies.map(toSource)),
    next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
    total,
  };
}
