import { avatarPath } from './avatar.js';
import type { StoredComment } from './domain/types.js';
import type { ModeratorComment, PublicComment, PublicSource } from './domain/views.js';
import type { Locale } from './i18n/locale.js';
import { renderReason } from './i18n/reasons.js';
import { findLinks } from './shared/links.js';
import { isoTime } from './shared/iso-time.js';

const iso = isoTime;

/** The only way a comment leaves the server publicly: an allow-list, so private fields cannot leak by accident. */
export function toPublic(c: PublicSource): PublicComment {
  const base = {
    id: c.id,
    parentId: c.parentId,
    page: c.page,
    createdAt: iso(c.createdAt),
    editedAt: c.editedAt === null ? null : iso(c.editedAt),
    likes: c.likes,
    featured: c.featuredAt !== null && c.deletedAt === null,
  };
  // An author-deleted comment kept for its replies: its place, nothing of what it said or who said it.
  if (c.deletedAt !== null) return { ...base, author: { name: '', url: null, avatar: '' }, content: '', links: [], deleted: true };
  return {
    ...base,
    author: { name: c.authorName, url: c.authorUrl, avatar: avatarPath(c.avatarKey) },
    content: c.content,
    links: findLinks(c.content).map(({ start, end, href }) => ({ start, end, href })),
    deleted: false,
  };
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
