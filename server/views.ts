import { avatarPath } from './avatar.js';
import type { StoredComment } from './domain/types.js';
import type { ModeratorComment, PublicComment, PublicEntry, PublicSource } from './domain/views.js';
import type { Locale } from './i18n/locale.js';
import { renderReason } from './i18n/reasons.js';
import { findLinks } from './shared/links.js';
import { isoTime } from './shared/iso-time.js';

const iso = isoTime;

/**
 * What a reader sees of a comment that no like or featured pick changes: every public
 * field but `likes` and `featured`. Stored beside each SQLite row as JSON (`public_json`,
 * sqlite-public.ts), so a page of threads is read as text rather than rebuilt field by field.
 */
export type PublicBody = Omit<PublicComment, 'likes' | 'featured'>;
export type PublicBodySource = Omit<PublicSource, 'likes' | 'featuredAt'>;

/** The only way a comment leaves the server publicly: an allow-list, so private fields cannot leak by accident. */
export function publicBody(c: PublicBodySource): PublicBody {
  const createdAt = iso(c.createdAt);
  const editedAt = c.editedAt === null ? null : iso(c.editedAt);
  // Whole literals, not `{ ...base, more }`: V8 (Node 20) gives every object made by a spread
  // followed by more properties a hidden class of its own, allocated in the old generation, so
  // each call left ~1 KB there until the next full GC (an import of 100,000 comments: ~100 MB).
  // An author-deleted comment kept for its replies: its place, nothing of what it said or who said it.
  if (c.deletedAt !== null) {
    return { id: c.id, parentId: c.parentId, page: c.page, createdAt, editedAt, author: { name: '', url: null, avatar: '' }, content: '', links: [], deleted: true };
  }
  return {
    id: c.id,
    parentId: c.parentId,
    page: c.page,
    createdAt,
    editedAt,
    author: { name: c.authorName, url: c.authorUrl, avatar: avatarPath(c.avatarKey) },
    content: c.content,
    links: findLinks(c.content).map(({ start, end, href }) => ({ start, end, href })),
    deleted: false,
  };
}

/** publicBody as JSON text (the stored `public_json`; a JSON object, never empty). */
export const publicBodyJson = (c: PublicBodySource): string => JSON.stringify(publicBody(c));

/** A comment's public view: its body with its likes and whether it is featured (a deleted placeholder never is). */
export function toPublic(c: PublicSource): PublicComment {
  return { likes: c.likes, featured: c.featuredAt !== null && c.deletedAt === null, ...publicBody(c) };
}

/** The first members of a stored public entry's JSON, up to its body's: `{"likes":N,"featured":B,` (ASCII). */
export function publicEntryHead(e: PublicEntry, likesShown: boolean): string {
  return `{"likes":${likesShown ? e.likes : 0},"featured":${e.featuredAt !== null && e.deletedAt === null},`;
}

/**
 * A stored public entry as the JSON text of toPublic: its counters, then its body's
 * members. `likesShown` false (a site with reactions off) shows 0 likes, as publicFor does.
 * (Pages of threads join the same pieces as bytes: readers/thread-page.ts threadPageBytes.)
 */
export function publicEntryJson(e: PublicEntry, likesShown: boolean): string {
  return publicEntryHead(e, likesShown) + e.json.toString('utf8', 1);
}

export function toModerator(c: StoredComment, locale: Locale = 'ar'): ModeratorComment {
  return {
    ...toPublic({ ...c, deletedAt: null }),
    likes: c.likes,
    featured: c.featuredAt !== null,
    deleted: c.deletedAt !== null,
    reports: c.reports,
    site: c.site,
    status: c.status,
    version: c.version,
    email: c.authorEmail,
    ip: c.ip,
    userAgent: c.userAgent,
    reasons: c.reasons.map((r) => renderReason(r, locale)),
    reasonCodes: c.reasons,
    pageTitle: c.pageTitle,
    pageUrl: c.pageUrl,
    history: c.history.map((h) => ({ at: iso(h.at), by: h.by, from: h.from, to: h.to })),
  };
}
