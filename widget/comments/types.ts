import type { PublicComment } from '../../server/domain/views.js';

export type { PublicComment };

/** A comment as the widget shows it: `pending` marks the reader's own comment awaiting moderation. */
export type ShownComment = PublicComment & { pending?: boolean };

/** Per-thread facts the server sends with the list. */
export interface ThreadInfo {
  closed: boolean;
  threadDepth: number;
  requireFormToken: boolean;
  /** [notify] the form may offer "email me replies" (the site mails readers) */
  replyNotifications?: boolean;
  /** the site's content length limits, in characters (code points), as the server counts them */
  minLength: number;
  maxLength: number;
}

/** One of the reader's own comments with what its author may know of it. */
export type OwnComment = PublicComment & { status: 'approved' | 'pending' | 'removed' };

export interface CommentPage {
  comments: PublicComment[];
  nextCursor: string | null;
  total: number;
  thread: ThreadInfo;
}

/** What the form sends (the server's POST /api/comments body). */
export interface CommentDraft {
  name: string;
  email: string;
  url: string;
  content: string;
}
