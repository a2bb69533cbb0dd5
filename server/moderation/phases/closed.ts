import { AppError } from '../../errors.js';
import type { Phase } from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses comments on a thread closed by hand, or older than the site's
 * closeAfterDays (WordPress's close_comments_for_old_posts). A page seen for
 * the first time is being opened right now, so it is never too old.
 */
export const closedPhase: Phase = {
  name: 'closed',
  run({ candidate: { page, site }, now }) {
    if (!page) return undefined;
    const days = site.settings.closeAfterDays;
    const tooOld = days > 0 && now - page.createdAt > days * DAY_MS;
    if (page.closed || tooOld) throw new AppError('forbidden', 403, 'thread_closed');
    return undefined;
  },
};
