import type { Site, StoredComment } from '../domain/types.js';
import { MODERATE_TOKEN_TTL_MS, signToken } from './tokens.js';

export type LinkAction = 'approve' | 'spam' | 'trash';

/** Where readers and moderators reach this server (PUBLIC_URL, or the listen address). */
export interface LinkBase {
  publicUrl: string;
  secret: string;
}

/** An action link for a moderator mail: comment, action, the version it was mailed at, recipient tag, 7-day expiry. */
export function moderateLink(base: LinkBase, c: StoredComment, action: LinkAction, recipientTag: string, now: number): string {
  const token = signToken(base.secret, 'moderate', { c: c.id, a: action, v: c.version, r: recipientTag, exp: now + MODERATE_TOKEN_TTL_MS });
  return `${base.publicUrl}/notify/moderate/${token}`;
}

export const dashboardLink = (base: LinkBase, c: StoredComment) =>
  `${base.publicUrl}/moderate?site=${encodeURIComponent(c.site)}&status=pending#comment-${encodeURIComponent(c.id)}`;

export function confirmLink(base: LinkBase, subscriberId: string, round: number): string {
  return `${base.publicUrl}/notify/confirm/${signToken(base.secret, 'confirm', { s: subscriberId, n: round })}`;
}

/** The List-Unsubscribe URL; `t` is the thread the message was about ('' for none). */
export function unsubscribeLink(base: LinkBase, subscriberId: string, threadId: string): string {
  return `${base.publicUrl}/notify/unsubscribe/${signToken(base.secret, 'unsubscribe', { s: subscriberId, t: threadId })}`;
}

/** The page a comment lives on: its pageUrl, else the site's first origin + the page key. */
export function pageLink(site: Site | null, c: StoredComment): string | null {
  if (c.pageUrl) return c.pageUrl.replace(/#.*$/, '');
  const origin = site?.origins[0];
  return origin && c.page.startsWith('/') ? origin + c.page : null;
}

/** `pageUrl#comment-<id>`: the reply in place. */
export function commentLink(site: Site | null, c: StoredComment): string | null {
  const page = pageLink(site, c);
  return page ? `${page}#comment-${c.id}` : null;
}
