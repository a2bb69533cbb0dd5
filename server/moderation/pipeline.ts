import type { CommentStatus, Reason } from '../domain/types.js';
import { closedPhase } from './phases/closed.js';
import { disallowedPhase } from './phases/disallowed.js';
import { duplicatePhase } from './phases/duplicate.js';
import { floodPhase } from './phases/flood.js';
import { holdAllPhase } from './phases/hold-all.js';
import { honeypotTokenPhase } from './phases/honeypot-token.js';
import { lengthPhase } from './phases/length.js';
import { linksPhase } from './phases/links.js';
import { moderationWordsPhase } from './phases/moderation-words.js';
import { moderatorPhase } from './phases/moderator.js';
import { previouslyApprovedPhase } from './phases/previously-approved.js';
import { blockHoldRulesPhase, trustRulesPhase } from './phases/rules.js';
import type { Phase, PhaseContext } from './types.js';

/**
 * The moderation phases in order. Refusals come first (closed thread, length,
 * duplicate, flood), then the moderator shortcut, then the checks that decide
 * a status, from the most severe (bot traps → spam, disallowed words → trash)
 * to the ones that merely hold a comment for review.
 */
export const PHASES: readonly Phase[] = [
  closedPhase,
  lengthPhase,
  duplicatePhase,
  floodPhase,
  moderatorPhase,
  blockHoldRulesPhase,
  honeypotTokenPhase,
  disallowedPhase,
  trustRulesPhase,
  holdAllPhase,
  linksPhase,
  moderationWordsPhase,
  previouslyApprovedPhase,
];

const SEVERITY: Record<CommentStatus, number> = { approved: 0, pending: 1, trash: 2, spam: 3 };

/**
 * Runs the phases in order and returns the status and every reason given.
 * A phase that throws (an AppError) rejects the comment and the error
 * propagates. A final approval stops the run, unless an earlier phase already held or
 * binned the comment (then the approval is ignored). Spam stops it too, as nothing
 * later could change the outcome; otherwise every phase runs, so moderators
 * see all the reasons a comment was held. The most severe decision wins.
 */
export async function runPipeline(
  ctx: PhaseContext,
  phases: readonly Phase[] = PHASES,
): Promise<{ status: CommentStatus; reasons: Reason[] }> {
  let status: CommentStatus = 'approved';
  const reasons: Reason[] = [];
  for (const phase of phases) {
    // Most phases decide at once: only a promise is awaited (a post ran 13 awaits, issue 10).
    const ran = phase.run(ctx);
    const result = ran instanceof Promise ? await ran : ran;
    if (!result) continue;
    // An approval ends the run only while nothing held or binned the comment before it
    // (a trusted author's disallowed word still sends the comment to the trash).
    if (result.status === 'approved') {
      if (status === 'approved' && reasons.length === 0) return { status: 'approved', reasons: [] };
      continue;
    }
    reasons.push(result.reason);
    if (SEVERITY[result.status] > SEVERITY[status]) status = result.status;
    if (status === 'spam') break;
  }
  return { status, reasons };
}
