import { randomUUID } from 'node:crypto';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password.js';
import { newSessionToken, SESSION_TTL_MS, sessionIdOf } from '../auth/sessions.js';
import type { Moderator, Role } from '../domain/types.js';
import { AppError } from '../errors.js';
import { consume } from '../limits.js';
import type { Store } from '../store/port.js';
import type { Deps } from './context.js';
import { defaultModeratorName } from '../moderators/names.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';
import { cleanDisplayName } from '../validation/text-fields.js';

export const publicModerator = (m: Moderator) => ({ id: m.id, email: m.email, name: m.name, role: m.role, sites: m.sites, createdAt: m.createdAt });

/**
 * Log in: the same 401 for an unknown email and a wrong password (and the same
 * scrypt cost for both). Failures are limited as in rate-limiter-flexible's "login
 * endpoint protection" recipe: per IP (any email), per email+IP (consecutive), and per
 * account from every address together, so spreading guesses over many addresses does
 * not help. The account limit is checked before the password: while it blocks, even the
 * right password gets the 429 (otherwise the answer would confirm a guess).
 */
export async function login(deps: Deps, body: unknown, ip: string): Promise<{ moderator: Moderator; token: string }> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields: NonNullable<AppError['fields']> = {};
  if (typeof b.email !== 'string' || !b.email.trim()) fields.email = { key: 'email_required' };
  if (typeof b.password !== 'string' || !b.password) fields.password = { key: 'password_required' };
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);
  const email = normalizeEmail(b.email as string).slice(0, 200);
  const password = (b.password as string).slice(0, 1024);
  const emailIpKey = `${email}|${ip}`;

  // Spend the points before checking, so parallel guesses cannot all slip through
  // while the first ones are still hashing; a success gives them back.
  // Per IP first: one address cannot make the limiters remember many emails.
  await consume(deps.limiters.loginPerIp, ip);
  await consume(deps.limiters.loginPerEmailIp, emailIpKey);
  await consume(deps.limiters.loginPerEmail, email);

  const moderator = await deps.store.findModeratorByEmail(email);
  const ok = await verifyPassword(password, moderator?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!moderator || !ok) throw new AppError('unauthorized', 401, 'unauthorized');
  await Promise.all([deps.limiters.loginPerEmailIp.delete(emailIpKey), deps.limiters.loginPerEmail.delete(email), deps.limiters.loginPerIp.reward(ip, 1)]);

  const token = newSessionToken();
  const now = deps.clock();
  await deps.store.createSession({ id: sessionIdOf(token), moderatorId: moderator.id, createdAt: now, expiresAt: now + SESSION_TTL_MS });
  return { moderator, token };
}

export async function logout(deps: Deps, sessionId: string): Promise<void> {
  await deps.store.deleteSession(sessionId);
  deps.bus.publish('moderator:signed-out', sessionId);
}

/** Used by the CLI and by ADMIN_EMAIL seeding. */
/** The shortest moderator password (the API's password_short, the CLI, ADMIN_PASSWORD). */
export const MIN_PASSWORD = 8;

/** Is this (trimmed, any case) a valid email address for a moderator? The one rule of validation/email.ts. */
export const isValidEmail = (raw: string): boolean => isEmailAddress(normalizeEmail(raw));

export async function addModerator(
  store: Store,
  m: { email: string; password: string; name?: string; role?: Role; sites?: string[] },
  now: number,
): Promise<Moderator> {
  const email = normalizeEmail(m.email);
  // every problem at once (ADMIN_EMAIL and ADMIN_PASSWORD both wrong: one start, both named)
  const problems = [
    ...(isValidEmail(m.email) ? [] : [`"${m.email}" is not a valid email address`]),
    ...(m.password.length < MIN_PASSWORD ? [`the password must be at least ${MIN_PASSWORD} characters`] : []),
  ];
  if (problems.length > 0) throw new Error(problems.join('; '));
  if (await store.findModeratorByEmail(email)) throw new Error(`a moderator with the email ${email} already exists`);
  return store.createModerator({
    id: randomUUID(),
    email,
    name: cleanDisplayName((m.name ?? '').normalize('NFC')) || defaultModeratorName(email),
    role: m.role ?? 'moderator',
    sites: m.sites ?? ['*'],
    passwordHash: await hashPassword(m.password),
    createdAt: now,
  });
}
