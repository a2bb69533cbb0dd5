import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A signed, short-lived form token. The widget fetches one when it shows the
 * form and sends it back with the comment: a bot that posts without loading
 * the form has none, one that replays an old token finds it expired, and one
 * that fills the form faster than a person could is caught by its age.
 *
 * Shape: base64url(JSON payload) "." base64url(HMAC-SHA256). The payload holds
 * the site, a hash of the page key (pages can be long) and the issue time.
 */

/** Tokens older than this are refused (a reader may leave the form open a while). */
export const FORM_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;
/** Clocks of several server processes may differ a little. */
const CLOCK_SKEW_MS = 60_000;

interface Payload {
  s: string;
  p: string;
  t: number;
}

export type FormTokenCheck = { ok: true; ageSeconds: number } | { ok: false; why: 'forged' | 'expired' | 'too_fast'; ageSeconds?: number };

const pageHash = (page: string) => createHash('sha256').update(page).digest('base64url').slice(0, 22);
// The "form-token" label keeps these MACs apart from others made with the same secret.
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`form-token:${body}`).digest();

/** Issues a token for a form shown on `page` of `site` at `now` (ms). */
export function issueFormToken(secret: string, site: string, page: string, now: number): string {
  const body = Buffer.from(JSON.stringify({ s: site, p: pageHash(page), t: now } satisfies Payload)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

/**
 * Checks a token sent with a comment on `page` of `site`. A bad signature,
 * another site or page, or an issue time in the future is 'forged'.
 */
export function checkFormToken(
  secret: string,
  token: string,
  site: string,
  page: string,
  now: number,
  minFillSeconds: number,
): FormTokenCheck {
  const [body, mac, ...rest] = token.split('.');
  if (!body || !mac || rest.length) return { ok: false, why: 'forged' };
  // Compared as text, so no second spelling of the same bytes is accepted.
  const expected = Buffer.from(sign(secret, body).toString('base64url'));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };

  const payload = parsePayload(body);
  if (!payload || payload.s !== site || payload.p !== pageHash(page)) return { ok: false, why: 'forged' };
  const ageMs = now - payload.t;
  if (ageMs < -CLOCK_SKEW_MS) return { ok: false, why: 'forged' };
  const ageSeconds = Math.max(0, ageMs) / 1000;
  if (ageMs > FORM_TOKEN_TTL_MS) return { ok: false, why: 'expired', ageSeconds };
  if (ageSeconds < minFillSeconds) return { ok: false, why: 'too_fast', ageSeconds };
  return { ok: true, ageSeconds };
}

function parsePayload(body: string): Payload | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof v !== 'object' || v === null) return null;
    const { s, p, t } = v as Record<string, unknown>;
    return typeof s === 'string' && typeof p === 'string' && typeof t === 'number' && Number.isFinite(t) ? { s, p, t } : null;
  } catch {
    return null;
  }
}
