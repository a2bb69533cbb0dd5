import { ACTIONS, type CommentStatus, type ModerationAction, type Moderator, type StoredComment } from '../domain/types.js';
import { AppError, notFound } from '../errors.js';
import { statusChangedEvent } from '../outbox/events.js'; // [notify]
import type { Deps } from './context.js';

export function isAction(v: unknown): v is ModerationAction {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}

/** Where an action leads from a status. Restore is WordPress's untrash: back to the status before spam/trash. */
export function targetStatus(action: ModerationAction, current: StoredComment): CommentStatus {
  switch (action) {
    case 'approve':
      return 'approved';
    case 'pending':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
      return 'trash';
    case 'restore':
      if (current.status !== 'spam' && current.status !== 'trash') return current.status;
      return current.prevStatus && current.prevStatus !== 'spam' && current.prevStatus !== 'trash' ? current.prevStatus : 'pending';
  }
}

export class ConflictError extends AppError {
  constructor(readonly current: StoredComment) {
    super('conflict', 409, 'conflict');
  }
}

/**
 * Moderate a comment: a compare-and-set on `version` so two moderators racing
 * produce one decision; the loser gets the current state (with who decided).
 * Used by the HTTP route and the socket `moderate` event alike.
 */
export async function moderateComment(
  deps: Deps,
  req: { id: string; action: ModerationAction; version?: number },
  by: Moderator,
): Promise<StoredComment> {
  const { store, bus, clock } = deps;
  const current = await store.getComment(req.id);
  if (!current) throw notFound();
  if (req.version !== undefined && req.version !== current.version) throw new ConflictError(current);
  const to = targetStatus(req.action, current);
  if (to === current.status) return current; // nothing to do; not an error (idempotent retries)

  const entry = { at: clock(), by: { id: by.id, name: by.name }, from: current.status, to };
  // [notify] the outbox event commits with the status change (issue 12).
  const res = await store.setStatus(current.id, req.version ?? current.version, entry, { outbox: [statusChangedEvent(current, entry)] });
  if (!res.ok) {
    if (!res.comment) throw notFound();
    throw new ConflictError(res.comment);
  }
  bus.publish('comment:status-changed', res.comment, current.status);
  return res.comment;
}
