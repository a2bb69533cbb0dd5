import { AppError } from '../../errors.js';
import type { Phase } from '../types.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Refuses a comment that follows the previous one from the same IP or email
 * too closely (WordPress looks back one hour). Moderators are exempt;
 * floodSeconds 0 turns the check off. The answer says when to retry.
 */
export const floodPhase: Phase = {
  name: 'flood',
  async run({ candidate: c, store, now }) {
    const windowMs = c.site.settings.floodSeconds * 1000;
    if (c.byModerator || windowMs <= 0) return undefined;
    const last = await store.lastCommentAt({
      site: c.site.id,
      ip: c.ip,
      email: c.email,
      since: now - Math.max(HOUR_MS, windowMs),
    });
    if (last === null || now - last >= windowMs) return undefined;
    const seconds = Math.max(1, Math.ceil((windowMs - (now - last)) / 1000));
    throw new AppError('rate_limited', 429, 'flood', { seconds }, undefined, { retryAfter: seconds });
  },
};
