import type { Phase } from '../types.js';

/**
 * WordPress's comment_previously_approved: an author needs an approved comment
 * under the same name and email before new ones appear without review.
 */
export const previouslyApprovedPhase: Phase = {
  name: 'previously-approved',
  async run({ candidate: c, store }) {
    if (!c.site.settings.previouslyApproved) return undefined;
    if (await store.hasApproved(c.site.id, c.name, c.email)) return undefined;
    return { status: 'pending', reason: { code: 'first_comment' } };
  },
};
