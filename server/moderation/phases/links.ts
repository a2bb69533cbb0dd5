import { countLinks } from '../links.js';
import type { Phase } from '../types.js';

/** Holds a comment with maxLinks links or more (so the default of 2 holds two links); 0 turns it off. */
export const linksPhase: Phase = {
  name: 'links',
  run({ candidate }) {
    const { maxLinks } = candidate.site.settings;
    if (maxLinks <= 0) return undefined;
    const count = countLinks(candidate.content);
    return count >= maxLinks ? { status: 'pending', reason: { code: 'links', params: { count } } } : undefined;
  },
};
