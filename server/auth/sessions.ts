import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie, serialize } from 'cookie';
import type { Moderator } from '../domain/types.js';
import type { Store } from '../store/port.js';

export const SESSION_COOKIE = 'majlis_sid';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionCookie(token: string, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}

/** Resolves a Cookie header to the session and its moderator, or null. */
export async function resolveSession(
  store: Store,
  cookieHeader: string | undefined,
  now: number,
): Promise<{ sessionId: string; moderator: Moderator } | null> {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE];
  if (!token || token.length > 200) return null;
  const sessionId = sessionIdOf(token);
  const session = await store.getSession(sessionId, now);
  if (!session) return null;
  const moderator = await store.getModerator(session.moderatorId);
  return moderator ? { sessionId, moderator } : null;
}
