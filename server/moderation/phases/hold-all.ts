import type { Phase } from '../types.js';

/** The site holds every comment for a moderator (WordPress's comment_moderation). */
export const holdAllPhase: Phase = {
  name: 'hold-all',
  run({ candidate }) {
    return candidate.site.settings.holdAll ? { status: 'pending', reason: { code: 'hold_all' } } : undefined;
  },
};
