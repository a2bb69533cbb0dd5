import type { Site } from '../domain/types.js';
import { isLocalhostOrigin, isSameHost } from '../http/request.js';

/**
 * Does `site` admit `origin` (e.g. "https://news.example")? Its configured origins do; a site
 * without any is in development, so localhost origins do too; and the server's own host
 * (`ownHost`, "host[:port]", so /demo works). The one rule behind CORS, the Origin check of
 * posts (http/access.ts) and the page addresses posts may carry (verifiedPageUrl).
 */
export function siteAdmitsOrigin(site: Site, origin: string, ownHost: string | undefined): boolean {
  if (isSameHost(origin, ownHost)) return true;
  if (site.origins.includes(origin)) return true;
  return site.origins.length === 0 && isLocalhostOrigin(origin);
}

/**
 * The page address a poster sent, normalised, when it is an http(s) URL without credentials on
 * an origin `site` admits; else null (the comment is kept without it, never refused for it).
 * The server's own host counts only as configured (`publicUrl`, i.e. PUBLIC_URL): a Host header
 * is whatever a non-browser client chose to send, so it cannot vouch for an address.
 */
export function verifiedPageUrl(site: Site, pageUrl: string | null, publicUrl: string | null): string | null {
  if (pageUrl === null) return null;
  let u: URL;
  try {
    u = new URL(pageUrl);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return null;
  const ownHost = publicUrl === null ? undefined : new URL(publicUrl).host;
  return siteAdmitsOrigin(site, u.origin, ownHost) ? u.href : null;
}
