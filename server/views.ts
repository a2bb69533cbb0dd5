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
  return {
    id: c.id,
    parentId: c.parentId,
    page: c.page,
    author: { name: c.authorName, url: c.authorUrl, avatar: avatarPath(c.avatarKey) },
    content: c.content,
    createdAt: iso(c.createdAt),
    editedAt: c.editedAt === null ? null : iso(c.editedAt),
    links: findLinks(c.content).map(({ start, end, href }) => ({ start, end, href })),
  };
}

export function toModerator(c: StoredComment, locale: Locale = 'ar'): ModeratorComment {
  return {
    ...toPublic(c),
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
