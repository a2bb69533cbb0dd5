import { AppError } from '../../errors.js';
import { FLOOD_LOOKBACK_MS } from '../../store/port.js';
import type { Candidate, Phase } from '../types.js';

/** The flood window that applies to this poster in ms (0: none; moderators are exempt). */
export function floodWindowMs(c: Candidate): number {
  return c.byModerator ? 0 : c.site.settings.floodSeconds * 1000;
}

/** The 429 of a post that came `now - last` ms after the previous one, saying when to retry. */
export function floodError(windowMs: number, now: number, last: number): AppError {
  const seconds = Math.max(1, Math.ceil((windowMs - (now - last)) / 1000));
  return new AppError('rate_limited', 429, 'flood', { seconds }, undefined, { retryAfter: seconds });
}

/**
 * Refuses a comment that follows the previous one from the same IP or email
 * too closely (WordPress looks back one hour). Moderators are exempt;
 * floodSeconds 0 turns the check off. The answer says when to retry.
 * This early check spares the other phases; the store enforces the same rule
 * again atomically with the insert (insertComment's floodWindowMs), so posts
 * racing through this phase together still get one 201 and 429s.
 */
export const floodPhase: Phase = {
  name: 'flood',
  async run({ candidate: c, store, now }) {
    const windowMs = floodWindowMs(c);
    if (windowMs <= 0) return undefined;
    const last = await store.lastCommentAt({
      site: c.site.id,
      ip: c.ip,
      email: c.email,
      since: now - Math.max(FLOOD_LOOKBACK_MS, windowMs),
    });
    if (last === null || now - last >= windowMs) return undefined;
    throw floodError(windowMs, now, last);
  },
};
