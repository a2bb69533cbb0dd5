/**
 * The one typed event map for Socket.IO, shared by server, widget and dashboard.
 * Names are `entity:verb`; acks are `{ ok: true, … } | { ok: false, error }`.
 */
import type { ModerationAction, StatusCounts } from './types.js';
import type { ModeratorComment, PublicComment } from './views.js';

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; message?: string; comment?: ModeratorComment };

/** Namespace `/moderation`, server → client. */
export interface ModerationServerEvents {
  'comment:new': (comment: ModeratorComment) => void;
  'comment:updated': (comment: ModeratorComment) => void;
  /**
   * a site's counts, coalesced (at most one per site every 250 ms per process); `version` is the
   * store's counts version (`countsSnapshot`), the same scale as the list's `countsVersion`:
   * a client keeps the highest it has seen, whichever process or response it came from
   */
  counts: (counts: StatusCounts & { site: string; version: number }) => void;
  /** an import added comments to a site: refresh counts and the queue (sent once per import) */
  'site:imported': (info: { site: string; imported: number }) => void;
  /** comments deleted for good (spam/trash deleted or purged) */
  'comments:deleted': (e: { site: string; ids: string[] }) => void;
}

/** Namespace `/moderation`, client → server. */
export interface ModerationClientEvents {
  moderate: (
    /** action: a status action, or (issue 14) feature | unfeature | dismiss_reports */
    req: { id: string; action: ModerationAction | 'feature' | 'unfeature' | 'dismiss_reports'; version?: number },
    ack: (res: Ack<{ comment: ModeratorComment }>) => void,
  ) => void;
}

/** Namespace `/` (readers), server → client. */
export interface ReaderServerEvents {
  'comment:approved': (comment: PublicComment) => void;
  'comment:removed': (payload: { id: string; page: string }) => void;
  /** the page's visible count, after every change readers can see */
  'page:count': (payload: { page: string; total: number }) => void;
  /** a moderator closed or reopened the thread */
  'page:closed': (payload: { page: string; closed: boolean }) => void;
  /** to the author only (room joined with the edit token): what became of their own comment */
  'comment:status': (comment: PublicComment & { status: 'approved' | 'pending' | 'removed' }) => void;
  /** a visible comment's text, name or website was edited (by a moderator or its author), or it became an author-deleted placeholder */
  'comment:edited': (comment: PublicComment) => void;
  /** issue 14: a visible comment's likes changed */
  'comment:reactions': (payload: { id: string; page: string; likes: number }) => void;
  /** issue 14: a moderator featured or unfeatured a visible comment */
  'comment:featured': (payload: { id: string; page: string; featured: boolean; comment: PublicComment }) => void;
}

/** Namespace `/` (readers), client → server. */
export interface ReaderClientEvents {
  /**
   * follow a page live; refused with `bad_request`, `rate_limited` (too many pages), `unknown_site`,
   * or `origin_forbidden` (with a message) when the socket's Origin is one the site does not admit,
   * the rule of GET /api/comments
   */
  join: (req: { site: string; page: string }, ack?: (res: Ack<object>) => void) => void;
  leave: (req: { site: string; page: string }) => void;
  /** follow one's own comments: `claims` are "id:editToken" strings (at most 50) */
  own: (req: { claims: string[] }, ack?: (res: Ack<{ joined: number }>) => void) => void;
}
