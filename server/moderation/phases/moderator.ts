import type { Phase } from '../types.js';

/** A signed-in moderator's comment is approved at once; the checks after this one are for readers. */
export const moderatorPhase: Phase = {
  name: 'moderator',
  run({ candidate }) {
    return candidate.byModerator ? { status: 'approved', final: true } : undefined;
  },
};
