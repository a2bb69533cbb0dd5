import { DEFAULT_SETTINGS, emptyReports, type Moderator, type PageInfo, type Site, type SiteSettings, type StoredComment } from '../domain/types.js';
import type { CommentDoc, ModeratorDoc, PageDoc, SiteDoc } from './mongo-models.js';

// Lean documents to domain objects: `_id` becomes `id`, storage-only fields stay behind.

export function toSite(doc: SiteDoc): Site {
  return {
    id: doc._id,
    origins: [...doc.origins],
    settings: { ...DEFAULT_SETTINGS, ...(doc.settings as Partial<SiteSettings>) },
    createdAt: doc.createdAt,
  };
}

export function toPage(doc: PageDoc): PageInfo {
  return { site: doc.site, page: doc.page, title: doc.title ?? null, url: doc.url ?? null, closed: doc.closed, createdAt: doc.createdAt };
}

export function toComment(doc: CommentDoc): StoredComment {
  return {
    id: doc._id,
    site: doc.site,
    page: doc.page,
    parentId: doc.parentId ?? null,
    authorName: doc.authorName,
    authorEmail: doc.authorEmail,
    authorUrl: doc.authorUrl ?? null,
    avatarKey: doc.avatarKey,
    content: doc.content,
    status: doc.status,
    prevStatus: doc.prevStatus ?? null,
    version: doc.version,
    ip: doc.ip,
    userAgent: doc.userAgent,
    reasons: doc.reasons ?? [],
    history: doc.history ?? [],
    pageTitle: doc.pageTitle ?? null,
    pageUrl: doc.pageUrl ?? null,
    createdAt: doc.createdAt,
    editedAt: doc.editedAt ?? null,
    likes: doc.likes ?? 0,
    featuredAt: doc.featuredAt ?? null,
    deletedAt: doc.deletedAt ?? null,
    reports: doc.reports ? { ...emptyReports(), ...doc.reports, reasons: { ...emptyReports().reasons, ...doc.reports.reasons } } : emptyReports(),
  };
}

export function toModerator(doc: ModeratorDoc): Moderator {
  return { id: doc._id, email: doc.email, name: doc.name, role: doc.role, sites: doc.sites ?? ['*'], passwordHash: doc.passwordHash, createdAt: doc.createdAt };
}
