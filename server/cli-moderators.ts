import { parseArgs } from 'node:util';
import { hashPassword } from './auth/password.js';
import type { Store } from './store/port.js';
import { EventBus } from './events/bus.js';
import { updateModeratorAccount } from './moderators/manage.js';
import { UsageError } from './cli-usage.js';
import { normalizeEmail } from './validation/email.js';

/** "--sites news,blog" or "--sites '*'" → the list the API takes. */
export const splitSites = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

/** Reads a password from stdin (a pipe or a terminal line), without its line break. */
async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('new password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `moderator set | passwd | list | remove`. A change of role, sites or email ends the
 * moderator's sessions, as the API does. A new password ends the moderator's sessions
 * (a reset is often made because the old one leaked); removal deletes the account and
 * its sessions, and their live dashboard connections close at the next session check.
 * The last admin cannot be removed.
 */
export async function moderatorCommand(store: Store, verb: string | undefined, rest: string[]): Promise<string> {
  if (verb === 'list') {
    const all = await store.listModerators();
    if (all.length === 0) return '(no moderators: add one with "moderator add")';
    return all.map((m) => `${m.email}\t${m.role}\t${m.role === 'admin' ? '*' : m.sites.join(',')}\t${m.name}\t${new Date(m.createdAt).toISOString()}`).join('\n');
  }
  if (verb === 'set') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, sites: { type: 'string' }, 'new-email': { type: 'string' } } });
    if (!values.email) throw new UsageError('moderator set needs --email (and --name, --role, --sites or --new-email)');
    const m = await store.findModeratorByEmail(values.email);
    if (!m) throw new Error(`no moderator with the email ${normalizeEmail(values.email)}`);
    const body = { name: values.name, role: values.role, sites: values.sites === undefined ? undefined : splitSites(values.sites), email: values['new-email'] };
    if (Object.values(body).every((v) => v === undefined)) throw new UsageError('moderator set needs --name, --role, --sites or --new-email');
    const after = await updateModeratorAccount({ store, bus: new EventBus() }, m.id, body);
    const ended = after.role !== m.role || after.sites.join() !== m.sites.join() || after.email !== m.email;
    return `${after.email}: ${after.role}, sites ${after.role === 'admin' ? '* (admin)' : after.sites.join(',')}, name ${after.name}${ended ? '; their sessions were ended' : ''}`;
  }
  if (verb === 'passwd' || verb === 'remove') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' } } });
    if (!values.email) throw new UsageError(`moderator ${verb} needs --email`);
    const m = await store.findModeratorByEmail(values.email);
    if (!m) throw new Error(`no moderator with the email ${normalizeEmail(values.email)}`);
    if (verb === 'passwd') {
      const password = values.password ?? (await passwordFromStdin());
      if (password.length < 8) throw new Error('the password must be at least 8 characters');
      await store.setModeratorPassword(m.id, await hashPassword(password));
      await store.deleteSessionsOf(m.id);
      return `password changed for ${m.email}; their sessions were ended`;
    }
    if (m.role === 'admin' && (await store.listModerators()).filter((x) => x.role === 'admin').length === 1) {
      throw new Error(`${m.email} is the last admin: add another admin before removing this one`);
    }
    await store.deleteModerator(m.id);
    return `removed ${m.role} ${m.email}; their sessions were ended`;
  }
  throw new UsageError(`unknown command "${['moderator', verb].filter(Boolean).join(' ')}"`);
}
