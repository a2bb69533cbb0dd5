import type { Config } from './config.js';
import { DEFAULT_SETTINGS } from './domain/types.js';
import { addModerator } from './usecases/auth.js';
import type { Store } from './store/port.js';

/** Start-time seeding from the environment: the first admin and the configured site. */
export async function bootstrap(config: Config, store: Store, now: number): Promise<string[]> {
  const notes: string[] = [];
  if (config.admin && (await store.countModerators()) === 0) {
    try {
      const admin = await addModerator(store, { ...config.admin, role: 'admin', name: 'Admin' }, now);
      notes.push(`created the admin moderator from ADMIN_EMAIL (id ${admin.id})`);
    } catch (e) {
      // Several processes starting together: another one may have created it first.
      if (!(await store.findModeratorByEmail(config.admin.email))) throw e;
    }
  }
  const site = await store.ensureSite({ id: config.siteId, origins: config.siteOrigins ?? [], settings: DEFAULT_SETTINGS, createdAt: now });
  if (config.siteOrigins && site.origins.join(',') !== config.siteOrigins.join(',')) {
    await store.setSiteOrigins(site.id, config.siteOrigins);
    notes.push(`site ${site.id}: origins set to ${config.siteOrigins.join(', ')}`);
  }
  return notes;
}
