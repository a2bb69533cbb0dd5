import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.js';
import type { Moderator, Role } from '../domain/types.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { ModeratorPatch, Store } from '../store/port.js';
import type { Deps } from '../usecases/context.js';
import { ALL_SITES } from './scope.js';
import { defaultModeratorName } from './names.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';
import { cleanDisplayName } from '../validation/text-fields.js';

type Fields = NonNullable<AppError['fields']>;
const invalid = (fields: Fields) => new AppError('validation', 422, 'validation', undefined, fields);

/** What an admin sends to add (all but password optional for a change) a moderator. */
export interface ModeratorInput {
  email?: unknown;
  name?: unknown;
  role?: unknown;
  sites?: unknown;
  password?: unknown;
}

const MAX_SITES = 500;

/**
 * Checks the `sites` of a moderator: ["*"] or a list of known site ids (no duplicates kept).
 * Unknown ids are refused by name so that a typo never silently grants nothing.
 */
async function checkSites(store: Store, v: unknown, fields: Fields): Promise<string[] | undefined> {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SITES || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 64)) {
    fields.sites = { key: 'sites_invalid' };
    return undefined;
  }
  const list = [...new Set(v as string[])];
  if (list.includes(ALL_SITES)) return [ALL_SITES];
  const known = new Set((await store.listSites()).map((s) => s.id));
  const unknown = list.find((id) => !known.has(id));
  if (unknown !== undefined) {
    fields.sites = { key: 'unknown_site', params: { site: unknown.slice(0, 64) } };
    return undefined;
  }
  return list;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function parse(store: Store, body: unknown, creating: boolean): Promise<ModeratorPatch & { password?: string }> {
  // A client's body may be anything JSON allows (or nothing): what is not an object names no field.
  const b: ModeratorInput = isObject(body) ? body : {};
  const fields: Fields = {};
  const out: ModeratorPatch & { password?: string } = {};
  if (b.email !== undefined || creating) {
    const email = typeof b.email === 'string' ? normalizeEmail(b.email) : '';
    if (!email) fields.email = { key: 'email_required' };
    else if (email.length > 200 || !isEmailAddress(email)) fields.email = { key: 'email_invalid' };
    else out.email = email;
  }
  if (b.name !== undefined) {
    // Shown beside their decisions and as the name of their replies: cleaned as a commenter's name is (validation/text-fields.ts).
    const name = typeof b.name === 'string' ? cleanDisplayName(b.name.slice(0, 400).normalize('NFC')) : '';
    if (!name || name.length > 100) fields.name = { key: 'moderator_name_invalid' };
    else out.name = name;
  }
  if (b.role !== undefined || creating) {
    const role = b.role ?? 'moderator';
    if (role !== 'admin' && role !== 'moderator') fields.role = { key: 'role_invalid' };
    else out.role = role as Role;
  }
  if (b.sites !== undefined || (creating && out.role !== 'admin')) {
    const sites = b.sites === undefined ? undefined : await checkSites(store, b.sites, fields);
    if (b.sites === undefined) fields.sites = { key: 'sites_invalid' };
    else if (sites) out.sites = sites;
  }
  if (b.password !== undefined || creating) {
    if (typeof b.password !== 'string' || b.password.length < 8 || b.password.length > 1024) fields.password = { key: 'password_short' };
    else out.password = b.password;
  }
  if (Object.keys(fields).length) throw invalid(fields);
  return out;
}

async function adminsLeft(store: Store, without: string): Promise<number> {
  return (await store.listModerators()).filter((m) => m.role === 'admin' && m.id !== without).length;
}

/** Ends every session and live connection of a moderator (removal, demotion, new sites, new password). */
async function revoke(deps: Pick<Deps, 'store' | 'bus'>, id: string): Promise<void> {
  await deps.store.deleteSessionsOf(id);
  deps.bus.publish('moderator:revoked', id);
}

/**
 * Adds a moderator from a client's body (a ModeratorInput; anything else is a 422 naming the
 * required fields). `sites` is required unless the role is admin (admins see every site).
 */
export async function createModeratorAccount(deps: Pick<Deps, 'store' | 'clock'>, body: unknown): Promise<Moderator> {
  const p = await parse(deps.store, body, true);
  if (await deps.store.findModeratorByEmail(p.email!)) throw invalid({ email: { key: 'email_taken' } });
  const email = p.email!;
  try {
    return await deps.store.createModerator({
      id: randomUUID(),
      email,
      name: p.name ?? defaultModeratorName(email),
      role: p.role ?? 'moderator',
      sites: p.sites ?? [ALL_SITES],
      passwordHash: await hashPassword(p.password!),
      createdAt: deps.clock(),
    });
  } catch {
    // the unique index decided a race between two adds of one email
    throw invalid({ email: { key: 'email_taken' } });
  }
}

/**
 * Changes a moderator. A change of role, sites, email or password ends their sessions and
 * live connections at once (they sign in again under the new terms); a change of name alone
 * does not. The last admin cannot be demoted. A body that is not an object is a 400 bad_request.
 */
export async function updateModeratorAccount(deps: Pick<Deps, 'store' | 'bus'>, id: string, body: unknown): Promise<Moderator> {
  // A change is an object of fields; nothing, null, a scalar or an array changes nothing and says so.
  if (!isObject(body)) throw badRequest('bad_request');
  const before = await deps.store.getModerator(id);
  if (!before) throw notFound();
  const p = await parse(deps.store, body, false);
  if (p.role === 'moderator' && before.role === 'admin' && (await adminsLeft(deps.store, id)) === 0) {
    throw new AppError('conflict', 409, 'last_admin');
  }
  if (p.email && p.email !== before.email) {
    const other = await deps.store.findModeratorByEmail(p.email);
    if (other && other.id !== id) throw invalid({ email: { key: 'email_taken' } });
  }
  const { password, ...patch } = p;
  // A name never chosen is the old email's mailbox (the default): it follows the email, or the
  // old mailbox would stay the public name of their replies (edits/edit-comment.ts publicModeratorName).
  if (p.email && p.email !== before.email && p.name === undefined && before.name === defaultModeratorName(before.email)) patch.name = defaultModeratorName(p.email);
  let after: Moderator | null;
  try {
    after = await deps.store.updateModerator(id, patch);
  } catch {
    throw invalid({ email: { key: 'email_taken' } });
  }
  if (!after) throw notFound();
  if (password) await deps.store.setModeratorPassword(id, await hashPassword(password));
  const sameSites = JSON.stringify(before.sites) === JSON.stringify(after.sites);
  if (password || before.role !== after.role || !sameSites || before.email !== after.email) await revoke(deps, id);
  return after;
}

/** Removes a moderator with their sessions and live connections; the last admin stays. */
export async function removeModeratorAccount(deps: Pick<Deps, 'store' | 'bus'>, id: string): Promise<Moderator> {
  const m = await deps.store.getModerator(id);
  if (!m) throw notFound();
  if (m.role === 'admin' && (await adminsLeft(deps.store, id)) === 0) throw new AppError('conflict', 409, 'last_admin');
  await deps.store.deleteModerator(id);
  deps.bus.publish('moderator:revoked', id);
  return m;
}
