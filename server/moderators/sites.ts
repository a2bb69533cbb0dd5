import { isValidSiteId, parseOrigin } from '../config.js';
import { DEFAULT_SETTINGS, type Site } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { Deps } from '../usecases/context.js';
import { mergeSettings } from '../usecases/sites.js';

const MAX_ORIGINS = 100;

/** A JSON list of origins ("https://a.example"), normalised and deduplicated; 422 `origins` otherwise. */
export function parseOriginList(v: unknown): string[] {
  const bad = () => new AppError('validation', 422, 'validation', undefined, { origins: { key: 'origins_invalid' } });
  if (!Array.isArray(v) || v.length > MAX_ORIGINS) throw bad();
  const out: string[] = [];
  for (const o of v) {
    const parsed = typeof o === 'string' && o.length <= 300 ? parseOrigin(o) : null;
    if (!parsed) throw bad();
    out.push(parsed);
  }
  return [...new Set(out)];
}

/** Adds a site `{ id, origins?, settings? }` (admins). An id in use is a 409. */
export async function createSiteFromApi(deps: Pick<Deps, 'store' | 'clock'>, body: unknown): Promise<Site> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.id !== 'string' || !isValidSiteId(b.id)) throw new AppError('validation', 422, 'validation', undefined, { id: { key: 'site_id_invalid' } });
  const origins = b.origins === undefined ? [] : parseOriginList(b.origins);
  const settings = b.settings === undefined ? DEFAULT_SETTINGS : mergeSettings(DEFAULT_SETTINGS, b.settings);
  if (await deps.store.getSite(b.id)) throw new AppError('conflict', 409, 'site_exists');
  const candidate: Site = { id: b.id, origins, settings, createdAt: deps.clock() };
  const stored = await deps.store.ensureSite(candidate);
  // ensureSite keeps an existing site unchanged: another add won a race
  if (JSON.stringify(stored.origins) !== JSON.stringify(origins) || JSON.stringify(stored.settings) !== JSON.stringify(settings)) {
    throw new AppError('conflict', 409, 'site_exists');
  }
  return stored;
}
