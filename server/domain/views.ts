import type { CommentStatus, HistoryEntry, Reason, ReportSummary, StoredComment } from './types.js';

/**
 * The stored fields a PublicComment is made from, and all that the public read
 * of a thread page (Store.listVisiblePublic) fetches: no email, IP, user agent,
 * reasons or history ever leave the store on that path.
 */
export type PublicSource = Pick<
  StoredComment,
  'id' | 'parentId' | 'page' | 'authorName' | 'authorUrl' | 'avatarKey' | 'content' | 'createdAt' | 'editedAt' | 'likes' | 'featuredAt' | 'deletedAt'
>;

/**
 * A public comment as read for a page of threads: what ordering, threading and the
 * per-read counters need, and the rest as its public body's JSON (views.ts publicBodyJson).
 */
export interface PublicEntry {
  id: string;
  parentId: string | null;
  /** ms since the epoch */
  createdAt: number;
  likes: number;
  featuredAt: number | null;
  deletedAt: number | null;
  /** publicBody as JSON, UTF-8 bytes (read from the store as they are kept, never decoded on the readers' path) */
  json: Buffer;
}

/** What anyone may see. Never carries email, IP or user agent. */
export interface PublicComment {
  id: string;
  parentId: string | null;
  page: string;
  author: { name: string; url: string | null; avatar: string };
  content: string;
  createdAt: string;
  editedAt: string | null;
  /**
   * The links in `content`, exactly those counted toward the site's `maxLinks`
   * (rule: server/shared/links.ts), in reading order. Clients show these and
   * nothing else as links. Always sent by the server; optional only for
   * comments a client stored before the field existed.
   */
  links?: PublicLink[];
  // Issue 14. Always sent by the server; optional only for comments a client stored before they existed.
  /** likes from distinct readers; 0 in thread answers of a site with reactions off */
  likes?: number;
  /** a moderator's pick */
  featured?: boolean;
  /** deleted by its author and kept as a placeholder for its approved replies: content "", links [], author emptied */
  deleted?: boolean;
}

/**
 * One link of a comment: `content.slice(start, end)` (UTF-16 offsets) is what
 * is shown as the link; `href` is the http(s) address a reader may open, or
 * null for a link that counts but is not opened from a comment (irc:, gopher:,
 * ftp://, an email address, a typed anchor whose href is not http(s)).
 */
export interface PublicLink {
  start: number;
  end: number;
  href: string | null;
}

/** What moderators see. `reasons` are words in the request's locale; `reasonCodes` let clients re-render. */
export interface ModeratorComment extends PublicComment {
  site: string;
  status: CommentStatus;
  version: number;
  email: string;
  ip: string;
  userAgent: string;
  reasons: string[];
  reasonCodes: Reason[];
  pageTitle: string | null;
  pageUrl: string | null;
  history: Array<{ at: string; by: HistoryEntry['by']; from: CommentStatus; to: CommentStatus }>;
  likes: number;
  featured: boolean;
  deleted: boolean;
  /** readers' reports since the last dismissal (issue 14) */
  reports: ReportSummary;
  /**
   * What a reply answers (server/edits/reply-context.ts): null for a top-level comment.
   * Sent in moderation lists and in the live comment:new / comment:updated events;
   * absent from other answers (a single comment's actions, the commenter's history).
   */
  replyTo?: { id: string; name: string; excerpt: string; status: CommentStatus; url: string | null } | null;
}
