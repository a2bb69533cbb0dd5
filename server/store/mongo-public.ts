import mongoose from 'mongoose';
import type { CursorPos } from '../domain/types.js';
import type { PublicEntry, PublicSource } from '../domain/views.js';
import { publicBodyJson } from '../views.js';
import type { CommentDoc } from './mongo-models.js';

const { trusted } = mongoose;

/**
 * The projection of the public fields (domain/views.ts PublicSource; _id comes by default),
 * so the private ones (email, IP, user agent, reasons, history) never leave the database
 * on the reader's path (readers.listThreads, listFeatured).
 */
export const PUBLIC_FIELDS = {
  parentId: 1, page: 1, authorName: 1, authorUrl: 1, avatarKey: 1, content: 1, createdAt: 1, editedAt: 1, likes: 1, featuredAt: 1, deletedAt: 1,
} as const;

export type PublicDoc = Pick<
  CommentDoc,
  '_id' | 'parentId' | 'page' | 'authorName' | 'authorUrl' | 'avatarKey' | 'content' | 'createdAt' | 'editedAt' | 'likes' | 'featuredAt' | 'deletedAt'
>;

export const toSource = (d: PublicDoc): PublicSource => ({
  id: d._id,
  parentId: d.parentId ?? null,
  page: d.page,
  authorName: d.authorName,
  authorUrl: d.authorUrl ?? null,
  avatarKey: d.avatarKey,
  content: d.content,
  createdAt: d.createdAt,
  editedAt: d.editedAt ?? null,
  likes: d.likes ?? 0,
  featuredAt: d.featuredAt ?? null,
  deletedAt: d.deletedAt ?? null,
});

/**
 * A public read as readers.listThreads answers it. MongoDB keeps no stored body (there are
 * no triggers to keep one current across every update path): it is made here per read.
 */
export function toEntry(d: PublicDoc): PublicEntry {
  const s = toSource(d);
  return { id: s.id, parentId: s.parentId, createdAt: s.createdAt, likes: s.likes, featuredAt: s.featuredAt, deletedAt: s.deletedAt, json: Buffer.from(publicBodyJson(s), 'utf8') };
}

/** (createdAt, _id) strictly after `p`, as the indexes order them. */
export function positionAfter(p: CursorPos) {
  return { $or: [{ createdAt: trusted({ $gt: p.createdAt }) }, { createdAt: p.createdAt, _id: trusted({ $gt: p.id }) }] };
}
