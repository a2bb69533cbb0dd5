import { ACTIONS, type CommentStatus, type ModerationAction, type Moderator, type StoredComment } from '../domain/types.js';
import { AppError, notFound } from '../errors.js';
import { statusChangedEvent } from '../outbox/events.js'; // [notify]
import { commentInScope } from '../moderators/scope.js';
import { recordAudit } from '../audit/record.js';
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

/** Attempts of a decision without a version before giving up (each loses only to another write that landed meanwhile). */
const MAX_ATTEMPTS = 50;

/**
 * Moderate a comment. With a `version`, a compare-and-set: of two moderators
 * racing on one version exactly one wins and the other gets ConflictError with
 * the current state (who decided, when). Without a version, decisions apply in
 * arrival order and never conflict: the compare-and-set is retried on the
 * fresh version (so `from` in the history and restore's target stay exact).
 * Used by the HTTP route and the socket `moderate` event alike.
 */
export async function moderateComment(
  deps: Deps,
  req: { id: string; action: ModerationAction; version?: number },
  by: Moderator,
): Promise<StoredComment> {
  const { store, bus, clock } = deps;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = commentInScope(by, await store.getComment(req.id));
    if (req.version !== undefined && req.version !== current.version) throw new ConflictError(current);
    const to = targetStatus(req.action, current);
    // nothing to do; not an error (idempotent retries). Except approving an author's placeholder
    // (approved, deletedAt set): that restores it (the store's approval clears deletedAt).
    if (to === current.status && !(to === 'approved' && current.deletedAt !== null)) return current;

    const entry = { at: clock(), by: { id: by.id, name: by.name }, from: current.status, to };
    // Always against the version just read (a compare-and-set), so the [notify] outbox event,
    // which commits with the status change (issue 12), is keyed by the version it creates.
    const res = await store.setStatus(current.id, current.version, entry, { outbox: [statusChangedEvent(current, entry)] });
    if (res.ok) {
      bus.publish('comment:status-changed', res.comment, current.status);
      if (to === 'approved') await auditApprovalEffects(deps, by, current, res.comment);
      return res.comment;
    }
    if (!res.comment) throw notFound();
    if (req.version !== undefined) throw new ConflictError(res.comment);
  }
  throw new AppError('unavailable', 503, 'unavailable');
}

/**
 * What a moderator's approval also did (the store forgets reports and undoes an author's
 * deletion): audited beside the status change, as `comment.dismiss_reports` and `comment.undelete`.
 */
async function auditApprovalEffects(deps: Deps, by: Moderator, before: StoredComment, after: StoredComment): Promise<void> {
  if (before.reports.count > 0) {
    await recordAudit(deps, by, { site: before.site, action: 'comment.dismiss_reports', target: before.id, before: { reports: before.reports }, after: { reports: after.reports } });
  }
  if (before.deletedAt !== null) {
    await recordAudit(deps, by, { site: before.site, action: 'comment.undelete', target: before.id, before: { deletedAt: before.deletedAt }, after: { deletedAt: after.deletedAt } });
  }
}
