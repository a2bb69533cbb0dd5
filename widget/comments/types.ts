import type { PublicComment as ServerComment } from '../../server/domain/views.js';

/**
 * A public comment as the widget reads it. Issue 14 fields (docs: /work/notes/ISSUE14-API.md):
 * `likes` (0 when off), `featured`, `deleted` (an author-deleted comment kept as a placeholder
 * because it has approved replies: empty text and author). Optional here so comments a browser
 * stored before they existed still read.
 */
export type PublicComment = ServerComment & { likes?: number; featured?: boolean; deleted?: boolean };

/** A comment as the widget shows it: `pending` marks the reader's own comment awaiting moderation. */
export type ShownComment = PublicComment & { pending?: boolean };

/** The orders the server offers for top-level threads (replies stay oldest first). */
export type Sort = 'oldest' | 'newest' | 'popular';

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
  /** minutes an author may edit or delete their comment after posting (0 = never) */
  editWindowMinutes?: number;
  /** whether likes are on */
  reactions?: boolean;
  defaultSort?: Sort;
  reportThreshold?: number;
}

/** One of the reader's own comments with what its author may know of it; `editableUntil` ISO or null. */
export type OwnComment = PublicComment & { status: 'approved' | 'pending' | 'removed'; editableUntil?: string | null };

export interface CommentPage {
  comments: PublicComment[];
  nextCursor: string | null;
  /** the page before this one (an `around` answer, or after going back); null at the start */
  prevCursor?: string | null;
  /** with `around=<id>`: the root of the thread holding that comment */
  around?: string;
  /** the page's featured comments, newest featured first (independent of cursor and order) */
  featured?: PublicComment[];
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
