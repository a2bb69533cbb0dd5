/** Domain types shared by use cases, store adapters and the realtime layer. */

export const STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof STATUSES)[number];

export const ACTIONS = ['approve', 'pending', 'spam', 'trash', 'restore'] as const;
export type ModerationAction = (typeof ACTIONS)[number];

export type StatusCounts = Record<CommentStatus, number>;

/** A site's status counts and their version (store `countsSnapshot`): the higher version is the later state. */
export interface VersionedCounts {
  counts: StatusCounts;
  version: number;
}

/** One status change: who (moderator id and name, or "system"), when (ms epoch), from → to. */
export interface HistoryEntry {
  at: number;
  by: { id: string; name: string } | null;
  from: CommentStatus;
  to: CommentStatus;
}

/**
 * Why the moderation pipeline decided as it did: a stable code plus parameters,
 * rendered into words per locale (server/i18n) at the edge.
 */
export interface Reason {
  code: string;
  params?: Record<string, string | number>;
}

/** A comment as the store keeps it. Private fields never leave through public views. */
export interface StoredComment {
  id: string;
  site: string;
  page: string;
  parentId: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  /** HMAC of the normalised email with the server secret; names the avatar image. */
  avatarKey: string;
  content: string;
  status: CommentStatus;
  /** Status before the last move to spam/trash, for restore (WordPress's untrash). */
  prevStatus: CommentStatus | null;
  version: number;
  ip: string;
  userAgent: string;
  reasons: Reason[];
  history: HistoryEntry[];
  pageTitle: string | null;
  pageUrl: string | null;
  createdAt: number;
  editedAt: number | null;
  // Readers' features (issue 14); the store fills them (0 / null) on insert.
  /** likes from distinct readers (comment_reactions), kept with every like and unlike */
  likes: number;
  /** when a moderator featured it, or null */
  featuredAt: number | null;
  /** when its author deleted it, or null (then it is trash, or an approved placeholder when it had approved replies) */
  deletedAt: number | null;
  /** readers' reports since the last dismissal: count per reason and the latest notes */
  reports: ReportSummary;
}

/** Readers' reports of one comment, kept on the comment so every view of it carries them. */
export interface ReportSummary {
  count: number;
  reasons: Record<ReportReason, number>;
  /** the newest notes (at most REPORT_NOTES_KEPT), newest last */
  notes: string[];
}

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_NOTES_KEPT = 20;
export const emptyReports = (): ReportSummary => ({ count: 0, reasons: { spam: 0, abuse: 0, off_topic: 0, other: 0 }, notes: [] });

/** The readers' fields of a comment (issue 14), which only the readers' store methods write. */
export type ReaderFields = 'likes' | 'featuredAt' | 'deletedAt' | 'reports';

/** What createComment needs; the store fills id, version, history and the readers' fields. */
export type NewComment = Omit<StoredComment, 'id' | 'version' | 'history' | 'prevStatus' | 'editedAt' | ReaderFields> & {
  id?: string;
};

export interface SiteSettings {
  holdAll: boolean;
  previouslyApproved: boolean;
  maxLinks: number;
  moderationKeys: string[];
  disallowedKeys: string[];
  floodSeconds: number;
  closeAfterDays: number;
  threadDepth: number;
  threadsPerPage: number;
  minLength: number;
  maxLength: number;
  requireFormToken: boolean;
  minFillSeconds: number;
  // [notify] issue 12
  /** moderator mail for held comments: none, one per comment, or one digest per `digestMinutes` */
  notifyModerators: 'off' | 'each' | 'digest';
  digestMinutes: number;
  /** recipients of moderator mail; empty: every moderator */
  notifyTo: string[];
  /** readers may ask to be emailed replies (double opt-in) */
  replyNotifications: boolean;
  /** language of every message this site sends */
  mailLanguage: 'ar' | 'en';
  /** Spam and trash older than this many days are deleted for good by a periodic job; 0 keeps them (WordPress's EMPTY_TRASH_DAYS, 30). */
  purgeAfterDays: number;
  /** IP addresses and user agents are cleared from comments older than this many days; 0 keeps them. */
  ipRetentionDays: number;
  // Readers' features (issue 14)
  /** minutes after posting during which the author may edit or delete (with the edit token); 0 turns it off */
  editWindowMinutes: number;
  /** the order of top-level threads when a reader has not chosen one */
  defaultSort: ThreadSort;
  /** readers may like comments */
  reactions: boolean;
  /** distinct readers' reports that send an approved comment back to pending */
  reportThreshold: number;
}

export const THREAD_SORTS = ['oldest', 'newest', 'popular'] as const;
/** oldest: (createdAt, id) ascending; newest: descending; popular: likes descending, then oldest. */
export type ThreadSort = (typeof THREAD_SORTS)[number];

export const DEFAULT_SETTINGS: SiteSettings = {
  holdAll: false,
  previouslyApproved: true,
  maxLinks: 2,
  moderationKeys: [],
  disallowedKeys: [],
  floodSeconds: 15,
  closeAfterDays: 0,
  threadDepth: 5,
  threadsPerPage: 50,
  minLength: 1,
  maxLength: 5000,
  requireFormToken: false,
  minFillSeconds: 3,
  notifyModerators: 'each',
  digestMinutes: 60,
  notifyTo: [],
  replyNotifications: true,
  mailLanguage: 'ar',
  purgeAfterDays: 30,
  ipRetentionDays: 60,
  editWindowMinutes: 10,
  defaultSort: 'oldest',
  reactions: true,
  reportThreshold: 3,
};

export interface Site {
  id: string;
  origins: string[];
  settings: SiteSettings;
  createdAt: number;
}

/** A thread key within a site; created on first comment, closable by hand. */
export interface PageInfo {
  site: string;
  page: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: number;
}

export type Role = 'admin' | 'moderator';

export interface Moderator {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Site ids this moderator may see and act on; ["*"] means every site. Admins see every site whatever this holds. */
  sites: string[];
  passwordHash: string;
  createdAt: number;
}

export interface Session {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  moderatorId: string;
  createdAt: number;
  expiresAt: number;
}

export interface IdempotencyRecord {
  key: string;
  bodyHash: string;
  status: number;
  response: string;
  createdAt: number;
}

/** Opaque-to-clients cursor position: a top-level thread (or queue item) by createdAt then id. */
export interface CursorPos {
  createdAt: number;
  id: string;
}
