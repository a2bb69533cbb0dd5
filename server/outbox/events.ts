import type { CommentStatus, HistoryEntry, StoredComment } from '../domain/types.js';
import type { NewOutboxItem } from './types.js';

/** Payload of an `event` outbox item: a comment change, fanned out by the worker. */
export interface CommentEvent {
  event: 'comment.created' | 'comment.status_changed';
  commentId: string;
  from: CommentStatus | null;
  to: CommentStatus;
  /** ms epoch of the change */
  at: number;
  /** the reader ticked "email me replies" (created only) */
  notifyReplies?: boolean;
}

/** The event written with a new comment (same transaction). */
export function commentCreatedEvent(c: { id: string; site: string; status: CommentStatus; createdAt: number }, notifyReplies: boolean): NewOutboxItem {
  const payload: CommentEvent = { event: 'comment.created', commentId: c.id, from: null, to: c.status, at: c.createdAt, notifyReplies };
  return { kind: 'event', site: c.site, key: `event:${c.id}:v1`, payload: { ...payload }, createdAt: c.createdAt };
}

/** The event written with a status change (same transaction); `version` is the version before it. */
export function statusChangedEvent(c: Pick<StoredComment, 'id' | 'site' | 'version'>, entry: HistoryEntry): NewOutboxItem {
  const payload: CommentEvent = { event: 'comment.status_changed', commentId: c.id, from: entry.from, to: entry.to, at: entry.at };
  return { kind: 'event', site: c.site, key: `event:${c.id}:v${c.version + 1}`, payload: { ...payload }, createdAt: entry.at };
}
