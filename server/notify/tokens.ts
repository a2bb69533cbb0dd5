import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for links in messages: base64url(JSON payload) "." base64url(HMAC-SHA256).
 * Each purpose has its own MAC label, so a token made for one purpose never
 * passes as another. Payloads hold ids only, never an email address.
 */
export type TokenPurpose = 'moderate' | 'confirm' | 'unsubscribe';

/** Moderator action links expire after 7 days (issue 12). */
export const MODERATE_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const mac = (secret: string, purpose: TokenPurpose, body: string) =>
  createHmac('sha256', secret).update(`notify-${purpose}:${body}`).digest('base64url');

export function signToken(secret: string, purpose: TokenPurpose, payload: Record<string, string | number>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

/** The payload when the signature is right and `exp` (ms epoch, when present) is not past; else null. */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string, now: number): Record<string, unknown> | null {
  if (typeof token !== 'string' || token.length > 1000) return null;
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length) return null;
  const expected = Buffer.from(mac(secret, purpose, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    const exp = (payload as { exp?: unknown }).exp;
    if (exp !== undefined && (typeof exp !== 'number' || exp < now)) return null;
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A short keyed hash naming an address without revealing it (used in tokens and Message-IDs). */
export function addressTag(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`notify-address:${email.trim().toLowerCase()}`).digest('base64url').slice(0, 16);
}
