import type { CommentStatus, HistoryEntry, Reason } from './types.js';

/** What anyone may see. Never carries email, IP or user agent. */
export interface PublicComment {
  id: string;
  parentId: string | null;
  page: string;
  author: { name: string; url: string | null; avatar: string };
  content: string;
  createdAt: string;
  editedAt: string | null;
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
}
