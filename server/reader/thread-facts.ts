/**
 * What readers may learn about a thread and about their own comments, shared by
 * the public HTTP routes and the reader socket so both say the same thing.
 */
import type { PageInfo, Site, StoredComment } from '../domain/types.js';

/** Closed by hand, or older than the site's `closeAfterDays` (WordPress's close_comments_days_old). */
export function isThreadClosed(site: Site, page: PageInfo | null, now: number): boolean {
  if (page?.closed) return true;
  const days = site.settings.closeAfterDays;
  return days > 0 && page !== null && (now - page.createdAt) / 86_400_000 > days;
}

/** The `thread` object of GET /api/comments: what the widget needs to render and to validate its form. */
export function threadInfo(site: Site, page: PageInfo | null, now: number) {
  const { threadDepth, requireFormToken, minLength, maxLength, editWindowMinutes, reactions, defaultSort, reportThreshold } = site.settings;
  // issue 14: what the widget needs for edit/delete, likes, the order menu and reports
  return { closed: isThreadClosed(site, page, now), threadDepth, requireFormToken, minLength, maxLength, editWindowMinutes, reactions, defaultSort, reportThreshold };
}

/** What an author is told about their own comment. */
export type OwnStatus = 'approved' | 'pending' | 'removed';

/**
 * The status an author sees, as WordPress shows a commenter their own comment:
 * approved is approved; a comment a moderator moved to spam or trash is gone
 * ("removed"); anything else, including spam or trash decided by the filters
 * when it was posted, still reads as awaiting moderation, so the filters'
 * verdicts are never revealed.
 */
export function ownStatus(c: StoredComment): OwnStatus {
  if (c.deletedAt !== null) return 'removed'; // deleted by the author (issue 14), placeholder or not
  if (c.status === 'approved') return 'approved';
  if (c.status === 'pending') return 'pending';
  const last = c.history[c.history.length - 1];
  return last?.by && last.to === c.status ? 'removed' : 'pending';
}

/** Most own comments one request or socket may ask about. */
export const MAX_OWN_CLAIMS = 50;

/**
 * Reads `id:editToken` claims (the query's repeated `c`, or the socket's array),
 * at most MAX_OWN_CLAIMS; null when malformed. Tokens are checked by the caller.
 */
export function parseOwnClaims(raw: unknown): Array<{ id: string; token: string }> | null {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0 || list.length > MAX_OWN_CLAIMS) return null;
  const out: Array<{ id: string; token: string }> = [];
  for (const item of list) {
    const m = typeof item === 'string' ? /^([\w-]{1,64}):([\w-]{1,100})$/.exec(item) : null;
    if (!m) return null;
    out.push({ id: m[1]!, token: m[2]! });
  }
  return out;
}
