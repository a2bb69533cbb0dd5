import { BlockList, isIP } from 'node:net';
import type { StoredComment } from '../domain/types.js';
import { normalizeForMatch } from '../moderation/normalize.js';
import { plainIp } from '../rules/match.js';
import type { SearchQuery } from './query.js';

/** The text a search's words look in: the author's name and the comment, folded. */
export const searchTextOf = (name: string, content: string) => ({ name: normalizeForMatch(name), body: normalizeForMatch(content) });

/** Does the comment's IP fall in one of the query's addresses/ranges (any when there are none)? */
export function ipMatches(q: Pick<SearchQuery, 'ips'>, ip: string): boolean {
  return ipMatcher(q)(ip);
}

/** ipMatches for many addresses: the ranges are read once. */
export function ipMatcher(q: Pick<SearchQuery, 'ips'>): (ip: string) => boolean {
  if (q.ips.length === 0) return () => true;
  const list = new BlockList();
  for (const r of q.ips) list.addSubnet(r.address, r.prefix, r.family);
  return (ip) => {
    const addr = plainIp(ip);
    const v = isIP(addr);
    return v !== 0 && list.check(addr, v === 4 ? 'ipv4' : 'ipv6');
  };
}

const urlMatches = (pattern: string, url: string | null) => url !== null && (pattern.endsWith('*') ? url.startsWith(pattern.slice(0, -1)) : url === pattern);

/** The whole query checked on one comment (the MongoDB adapter's filter, and the reference the SQLite one is tested against). */
export function commentMatches(q: SearchQuery, c: StoredComment): boolean {
  if (c.site !== q.site) return false;
  if (q.statuses.length && !q.statuses.includes(c.status)) return false;
  if (q.emails.length && !q.emails.includes(c.authorEmail.toLowerCase())) return false;
  if (q.pages.length && !q.pages.includes(c.page)) return false;
  if (q.urls.length && !q.urls.some((u) => urlMatches(u, c.pageUrl))) return false;
  if (!ipMatches(q, c.ip)) return false;
  if (q.words.length || q.names.length) {
    const t = searchTextOf(c.authorName, c.content);
    if (!q.words.every((w) => t.body.includes(w) || t.name.includes(w))) return false;
    if (!q.names.every((n) => t.name.includes(n))) return false;
  }
  return true;
}
