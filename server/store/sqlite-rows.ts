import {
  DEFAULT_SETTINGS,
  emptyReports,
  type ReportSummary,
  type CommentStatus,
  type HistoryEntry,
  type IdempotencyRecord,
  type Moderator,
  type PageInfo,
  type Session,
  type Site,
  type SiteSettings,
  type StoredComment,
} from '../domain/types.js';

/** A row as better-sqlite3 returns it: snake_case columns, JSON kept as text. */
export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toSite(row: Row | undefined): Site | null {
  if (!row) return null;
  return {
    id: String(row.id),
    origins: JSON.parse(String(row.origins)) as string[],
    // Stored settings over today's defaults, so settings added later read sensibly.
    settings: { ...DEFAULT_SETTINGS, ...(JSON.parse(String(row.settings)) as Partial<SiteSettings>) },
    createdAt: Number(row.created_at),
  };
}

export function toPage(row: Row): PageInfo {
  return {
    site: String(row.site),
    page: String(row.page),
    title: str(row.title),
    url: str(row.url),
    closed: row.closed === 1,
    createdAt: Number(row.created_at),
  };
}

export function toComment(row: Row): StoredComment {
  return {
    id: String(row.id),
    site: String(row.site),
    page: String(row.page),
    parentId: str(row.parent_id),
    authorName: String(row.author_name),
    authorEmail: String(row.author_email),
    authorUrl: str(row.author_url),
    avatarKey: String(row.avatar_key),
    content: String(row.content),
    status: row.status as CommentStatus,
    prevStatus: (row.prev_status ?? null) as CommentStatus | null,
    version: Number(row.version),
    ip: String(row.ip),
    userAgent: String(row.user_agent),
    reasons: JSON.parse(String(row.reasons)) as StoredComment['reasons'],
    history: JSON.parse(String(row.history)) as HistoryEntry[],
    pageTitle: str(row.page_title),
    pageUrl: str(row.page_url),
    createdAt: Number(row.created_at),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
    likes: Number(row.likes ?? 0),
    featuredAt: row.featured_at === null || row.featured_at === undefined ? null : Number(row.featured_at),
    deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : Number(row.deleted_at),
    reports: row.reports ? { ...emptyReports(), ...(JSON.parse(String(row.reports)) as ReportSummary) } : emptyReports(),
  };
}

export function toModerator(row: Row): Moderator {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as Moderator['role'],
    sites: row.sites === undefined || row.sites === null ? ['*'] : (JSON.parse(String(row.sites)) as string[]),
    passwordHash: String(row.password_hash),
    createdAt: Number(row.created_at),
  };
}

export function toSession(row: Row): Session {
  return {
    id: String(row.id),
    moderatorId: String(row.moderator_id),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export function toIdempotency(row: Row): IdempotencyRecord {
  return {
    key: String(row.key),
    bodyHash: String(row.body_hash),
    status: Number(row.status),
    response: String(row.response),
    createdAt: Number(row.created_at),
  };
}
