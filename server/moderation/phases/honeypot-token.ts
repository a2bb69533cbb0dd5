import { checkFormToken } from '../form-token.js';
import type { Phase } from '../types.js';

/**
 * Bot traps: the hidden honeypot field a person never sees, and the signed
 * form token (missing when required, forged, expired, or returned faster than
 * a person fills a form). Any of them marks the comment as spam.
 */
export const honeypotTokenPhase: Phase = {
  name: 'honeypot-token',
  run({ candidate: c, secret, now }) {
    if (c.honeypot !== '') return { status: 'spam', reason: { code: 'honeypot' } };
    const { requireFormToken, minFillSeconds } = c.site.settings;
    if (!c.formToken) {
      return requireFormToken ? { status: 'spam', reason: { code: 'token_missing' } } : undefined;
    }
    const check = checkFormToken(secret, c.formToken, c.site.id, c.pageKey, now, minFillSeconds);
    if (check.ok) return undefined;
    if (check.why === 'too_fast') {
      // Rounded down, so "2.96 s" never reads as "3 s (minimum 3 s)".
      const seconds = Math.floor((check.ageSeconds ?? 0) * 10) / 10;
      return { status: 'spam', reason: { code: 'too_fast', params: { seconds, min: minFillSeconds } } };
    }
    return { status: 'spam', reason: { code: check.why === 'expired' ? 'token_expired' : 'token_forged' } };
  },
};
