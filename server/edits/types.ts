/** One moderator edit of a comment: who, when, and the values before it (only the fields it changed). */
export interface CommentEdit {
  commentId: string;
  at: number;
  by: { id: string; name: string };
  before: { content?: string; authorName?: string; authorUrl?: string | null };
}

/** What a moderator may change in a comment. */
export interface CommentPatch {
  content?: string;
  authorName?: string;
  authorUrl?: string | null;
}
