import type { Moderator, Site } from '../domain/types.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { Store } from '../store/port.js';

/** The sites value that grants every site (present and future). */
export const ALL_SITES = '*';

/**
 * May this moderator see and act on this site? Admins see every site; a moderator
 * sees the sites listed in `sites` (["*"] = all). Used by every moderation route,
 * the moderation socket's events and rooms, and the counts they carry.
 */
export function canAccessSite(m: Pick<Moderator, 'role' | 'sites'>, site: string): boolean {
  if (m.role === 'admin') return true;
  return m.sites.includes(ALL_SITES) || m.sites.includes(site);
}

/** Does this moderator see every site (admin, or granted "*")? */
export function seesAllSites(m: Pick<Moderator, 'role' | 'sites'>): boolean {
  return m.role === 'admin' || m.sites.includes(ALL_SITES);
}

/**
 * The site a moderation request names (query or body), when this moderator may use it.
 * Errors: 400 missing_param `site` when absent or empty, 400 bad_param `site` when not a
 * string; a site they are not given answers exactly as an unknown site does (400
 * unknown_site), so that its existence is not revealed either.
 */
export async function siteInScope(store: Store, m: Moderator, id: unknown): Promise<Site> {
  if (id === undefined || id === null || id === '') throw badRequest('missing_param', { param: 'site' });
  if (typeof id !== 'string') throw badRequest('bad_param', { param: 'site' });
  const site = canAccessSite(m, id) ? await store.getSite(id) : null;
  if (!site) throw badRequest('unknown_site', { site: id.slice(0, 64) });
  return site;
}

/** A comment a moderator may see; one of a site they are not given is "not found". */
export function commentInScope<C extends { site: string }>(m: Moderator, c: C | null): C {
  if (!c || !canAccessSite(m, c.site)) throw notFound();
  return c;
}

/** Admins only (403 admin_only otherwise). */
export function requireAdmin(m: Moderator | undefined): Moderator {
  if (!m || m.role !== 'admin') throw forbidden('admin_only');
  return m;
}
