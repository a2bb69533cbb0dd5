import type { CommentStatus, Reason, Site, StoredComment } from '../domain/types.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { closedPhase } from '../moderation/phases/closed.js';
import { disallowedPhase } from '../moderation/phases/disallowed.js';
import { holdAllPhase } from '../moderation/phases/hold-all.js';
import { lengthPhase } from '../moderation/phases/length.js';
import { linksPhase } from '../moderation/phases/links.js';
import { moderationWordsPhase } from '../moderation/phases/moderation-words.js';
import { previouslyApprovedPhase } from '../moderation/phases/previously-approved.js';
import { blockHoldRulesPhase, trustRulesPhase } from '../moderation/phases/rules.js';
import { runPipeline } from '../moderation/pipeline.js';
import type { Phase } from '../moderation/types.js';
import { ownStatus } from '../reader/thread-facts.js';
import type { Deps } from '../usecases/context.js';
import { checkEditToken } from '../usecases/submit-comment.js';
import { parseCommentInput } from '../validation/comment-input.js';
import { editableUntil, ownView, publicFor } from './thread-page.js';

/**
 * The pipeline an author's edit runs again: every phase that judges the text, the author
 * and the thread (closed, length, rules, words, links, hold-all, previously approved).
 * Left out are the phases about the act of posting, which the first post already passed:
 * duplicate and flood (the comment would match itself), the form token and honeypot
 * (an edit sends neither) and the moderator shortcut (authors are readers here).
 */
export const EDIT_PHASES: readonly Phase[] = [
  closedPhase,
  lengthPhase,
  blockHoldRulesPhase,
  disallowedPhase,
  trustRulesPhase,
  holdAllPhase,
  linksPhase,
  moderationWordsPhase,
  previouslyApprovedPhase,
];

const SEVERITY: Record<CommentStatus, number> = { approved: 0, pending: 1, trash: 2, spam: 3 };

/** Reasons of both lists, each code once (the first kept). */
const unionByCode = (a: Reason[], b: Reason[]) => [...a, ...b].filter((r, i, all) => all.findIndex((x) => x.code === r.code) === i);

/** Who edits in the history: the author, by name (there is no account). */
export const authorAsEditor = (c: StoredComment) => ({ id: 'author', name: c.authorName });

/**
 * The author's own comment, checked for an edit or a delete: the edit token proves authorship
 * (403 forbidden), the site's window must still be open (403 edit_window_closed), and a comment
 * already deleted or removed by a moderator is no longer the author's to change (404).
 */
async function ownComment(deps: Deps, id: string, body: unknown): Promise<{ comment: StoredComment; site: Site; body: Record<string, unknown> }> {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (typeof b.editToken !== 'string' || !b.editToken || b.editToken.length > 100) throw badRequest('missing_param', { param: 'editToken' });
  const comment = id.length <= 64 ? await deps.store.getComment(id) : null;
  if (!comment) throw notFound();
  if (!checkEditToken(deps.secret, comment.id, b.editToken)) throw new AppError('forbidden', 403, 'edit_token_invalid');
  const site = await deps.store.getSite(comment.site);
  if (!site) throw notFound();
  if (comment.deletedAt !== null || ownStatus(comment) === 'removed') throw notFound('comment_deleted');
  const until = editableUntil(site, comment);
  if (until === null || deps.clock() >= Date.parse(until)) throw new AppError('edit_window_closed', 403, 'edit_window_closed');
  return { comment, site, body: b };
}

/**
 * PATCH /api/comments/:id: the author replaces the text within the window. The whole
 * judging pipeline runs again on the new text, so an edit may hold or bin a comment that
 * was approved (readers then lose it, the author hears `comment:status`), but never makes a
 * comment more visible than it was (a held or binned comment stays so). The old text goes to the history.
 */
export async function editAsAuthor(deps: Deps, id: string, body: unknown) {
  const { comment: cur, site, body: b } = await ownComment(deps, id, body);
  const input = parseCommentInput(
    { site: site.id, page: cur.page, name: cur.authorName, email: cur.authorEmail, url: cur.authorUrl ?? '', content: b.content },
    site.settings.maxLength,
  );
  const answer = (c: StoredComment) => ({ comment: ownView(publicFor(site, c), c), editableUntil: editableUntil(site, c) });
  if (input.content === cur.content) return answer(cur); // nothing changed: nothing to judge again
  const now = deps.clock();
  const page = await deps.store.getPage(site.id, cur.page);
  const decision = await runPipeline(
    {
      candidate: { site, page, pageKey: cur.page, parentId: cur.parentId, name: cur.authorName, email: cur.authorEmail, url: cur.authorUrl, content: input.content, ip: cur.ip, userAgent: cur.userAgent, formToken: null, honeypot: '', byModerator: false },
      store: deps.store,
      now,
      secret: deps.secret,
    },
    EDIT_PHASES,
  );
  // An edit never makes a comment more visible than it was: held (first comment, reports…) stays
  // held and the filters' spam or trash stays; an approved one may be held or binned by its new text.
  const status = SEVERITY[cur.status] > SEVERITY[decision.status] ? cur.status : decision.status;
  const reasons = status === cur.status && status !== 'approved' ? unionByCode(cur.reasons, decision.reasons) : decision.reasons;
  const out = await deps.store.readers.authorEdit(cur.id, cur.version, { content: input.content, status, reasons, at: now, by: authorAsEditor(cur) });
  if (!out.ok) {
    if (!out.comment) throw notFound();
    throw new AppError('conflict', 409, 'edit_conflict');
  }
  const next = out.comment;
  if (next.status !== cur.status) deps.bus.publish('comment:status-changed', next, cur.status);
  if (next.version !== cur.version) deps.bus.publish('comment:edited', next);
  deps.logger.info({ id: next.id, site: next.site, status: next.status }, 'comment edited by its author');
  return answer(next);
}

/**
 * DELETE /api/comments/:id: the author deletes within the window. Without approved replies
 * the comment goes to trash («حذفه كاتبه» among its reasons); with some, it stays in place as
 * a placeholder that shows nothing of it, so the conversation under it still reads.
 */
export async function deleteAsAuthor(deps: Deps, id: string, body: unknown): Promise<void> {
  const { comment: cur } = await ownComment(deps, id, body);
  const at = deps.clock();
  const out = await deps.store.readers.authorDelete(cur.id, cur.version, {
    at,
    entry: { at, by: null, from: cur.status, to: 'trash' },
    reason: { code: 'author_deleted' },
  });
  if (!out.ok) {
    if (!out.comment) throw notFound();
    throw new AppError('conflict', 409, 'edit_conflict');
  }
  // A featured pick ends with the deletion (store authorDelete): widgets drop it from the featured list as a reload would.
  if (cur.featuredAt !== null) deps.bus.publish('comment:featured', out.comment);
  if (out.placeholder) deps.bus.publish('comment:author-deleted', out.comment, true);
  else if (out.comment.status !== cur.status) deps.bus.publish('comment:status-changed', out.comment, cur.status);
  else deps.bus.publish('comment:author-deleted', out.comment, false);
  deps.logger.info({ id: cur.id, site: cur.site, placeholder: out.placeholder }, 'comment deleted by its author');
}
