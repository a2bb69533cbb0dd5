import { recordAudit } from '../audit/record.js';
import type { Moderator, StoredComment } from '../domain/types.js';
import { AppError, notFound } from '../errors.js';
import { commentInScope } from '../moderators/scope.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError } from '../usecases/moderate-comment.js';

/** Moderation actions of the readers' features (issue 14), beside approve/pending/spam/trash/restore. */
export const READER_ACTIONS = ['feature', 'unfeature', 'dismiss_reports'] as const;
export type ReaderAction = (typeof READER_ACTIONS)[number];

export function isReaderAction(v: unknown): v is ReaderAction {
  return typeof v === 'string' && (READER_ACTIONS as readonly string[]).includes(v);
}

/**
 * feature / unfeature / dismiss_reports, for the HTTP actions route and the socket `moderate`
 * event alike. With a `version`, a compare-and-set (ConflictError with the current comment when
 * it moved). Only an approved comment (not deleted by its author) can be featured: 409
 * feature_unapproved. Every change is audited and announced (readers of the page hear
 * `comment:featured`; moderators `comment:updated`).
 */
export async function moderateReaderAction(deps: Deps, req: { id: string; action: ReaderAction; version?: number }, by: Moderator): Promise<StoredComment> {
  const { store, bus } = deps;
  const current = commentInScope(by, await store.getComment(req.id));
  if (req.version !== undefined && req.version !== current.version) throw new ConflictError(current);
  if (req.action === 'dismiss_reports') {
    if (current.reports.count === 0) return current;
    const out = await store.readers.clearReports(current.id, current.version);
    if (!out.ok) throw out.comment ? new ConflictError(out.comment) : notFound();
    bus.publish('comment:reported', out.comment);
    await recordAudit(deps, by, { site: current.site, action: 'comment.dismiss_reports', target: current.id, before: { reports: current.reports }, after: { reports: out.comment.reports } });
    return out.comment;
  }
  const feature = req.action === 'feature';
  if (feature && (current.status !== 'approved' || current.deletedAt !== null)) throw new AppError('conflict', 409, 'feature_unapproved');
  if (feature === (current.featuredAt !== null)) return current; // already so: nothing to do (idempotent retries)
  const out = await store.readers.setFeatured(current.id, current.version, feature ? deps.clock() : null);
  if (!out.ok) throw out.comment ? new ConflictError(out.comment) : notFound();
  bus.publish('comment:featured', out.comment);
  await recordAudit(deps, by, { site: current.site, action: `comment.${req.action}`, target: current.id, before: { featured: !feature }, after: { featured: feature } });
  return out.comment;
}
