import type { Config } from './config.js';
import { DEFAULT_SETTINGS } from './domain/types.js';
import { verifyPassword } from './auth/password.js';
import { addModerator } from './usecases/auth.js';
import type { Store } from './store/port.js';

export interface StartNote {
  level: 'info' | 'warn';
  /** never carries an email (info logs must not) */
  message: string;
}

/**
 * Start-time seeding from the environment: the first admin and the configured site.
 * ADMIN_EMAIL / ADMIN_PASSWORD only ever create the first admin; when that admin
 * exists with another password, the password is left as it is and a warning says
 * so (passwords are changed with `moderator passwd`, never silently at start).
 */
export async function bootstrap(config: Config, store: Store, now: number): Promise<StartNote[]> {
  const notes: StartNote[] = [];
  if (config.admin && (await store.countModerators()) === 0) {
    try {
      // no name: readers see «المشرف» / "Moderator" on its replies (edits/edit-comment.ts publicModeratorName), the dashboard its mailbox
      const admin = await addModerator(store, { ...config.admin, role: 'admin' }, now);
      notes.push({ level: 'info', message: `created the admin moderator from ADMIN_EMAIL (id ${admin.id})` });
    } catch (e) {
      // Several processes starting together: another one may have created it first.
      if (!(await store.findModeratorByEmail(config.admin.email))) throw e;
    }
  } else if (config.admin) {
    const existing = await store.findModeratorByEmail(config.admin.email);
    if (!existing) {
      notes.push({ level: 'warn', message: 'ADMIN_EMAIL ignored: moderators exist already and none has that email (add one with: moderator add)' });
    } else if (!(await verifyPassword(config.admin.password, existing.passwordHash))) {
      notes.push({ level: 'warn', message: `admin exists, password left unchanged (id ${existing.id}): ADMIN_PASSWORD differs from the stored password and only ever creates the first admin; change a password with: moderator passwd --email …` });
    } else {
      notes.push({ level: 'info', message: `admin exists (id ${existing.id})` });
    }
  }
  const site = await store.ensureSite({ id: config.siteId, origins: config.siteOrigins ?? [], settings: DEFAULT_SETTINGS, createdAt: now });
  if (config.siteOrigins && site.origins.join(',') !== config.siteOrigins.join(',')) {
    await store.setSiteOrigins(site.id, config.siteOrigins);
    notes.push({ level: 'info', message: `site ${site.id}: origins set to ${config.siteOrigins.join(', ')}` });
  }
  return notes;
}
