import type {
  CommentStatus,
  CursorPos,
  HistoryEntry,
  IdempotencyRecord,
  Moderator,
  NewComment,
  PageInfo,
  Session,
  Site,
  SiteSettings,
  StatusCounts,
  StoredComment,
} from '../domain/types.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';

/**
 * The storage port. Two adapters implement it (SQLite, Mongoose) and one
 * conformance suite (test/store.conformance.test.ts) holds both to it.
 * All times are ms since the epoch. Ids are strings that sort by creation.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  /** Opens connections and applies migrations / indexes. */
  open(): Promise<void>;
  close(): Promise<void>;

  // Sites
  getSite(id: string): Promise<Site | null>;
  /** Every site, ordered by id. */
  listSites(): Promise<Site[]>;
  /** Creates the site if missing; returns the stored site (unchanged if it existed). */
  ensureSite(site: Site): Promise<Site>;
  setSiteOrigins(id: string, origins: string[]): Promise<Site | null>;
  setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null>;

  // Pages (threads)
  /** Creates the page record on first sight (keeping the first title/url), returns it. */
  touchPage(page: Omit<PageInfo, 'closed'>): Promise<PageInfo>;
  getPage(site: string, page: string): Promise<PageInfo | null>;
  setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo>;

  // Comments
  createComment(comment: NewComment): Promise<StoredComment>;
  getComment(id: string): Promise<StoredComment | null>;
  /**
   * Approved comments of a page: up to `limit` top-level threads strictly after
   * `after` (oldest first), each followed by all its approved descendants.
   * `total` counts every approved comment of the page.
   */
  listVisible(q: {
    site: string;
    page: string;
    after: CursorPos | null;
    limit: number;
  }): Promise<{ comments: StoredComment[]; next: CursorPos | null; total: number }>;
  /** Approved-comment counts per page (every requested page present, 0 if none). */
  countVisible(site: string, pages: string[]): Promise<Record<string, number>>;
  /** The moderation queue of one status, newest first, strictly before `before`. */
  listByStatus(q: {
    site: string;
    status: CommentStatus;
    before: CursorPos | null;
    limit: number;
  }): Promise<{ comments: StoredComment[]; next: CursorPos | null }>;
  countByStatus(site: string): Promise<StatusCounts>;
  /**
   * Compare-and-set of the status. When `expectedVersion` is given and differs,
   * nothing changes and the current comment comes back with ok=false.
   * On success version += 1, history gets `entry`, and prevStatus becomes `entry.from`
   * unless that is spam or trash (then it is kept, so restore finds the status from before).
   */
  setStatus(
    id: string,
    expectedVersion: number | undefined,
    entry: HistoryEntry,
  ): Promise<{ ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null }>;
  /** Has this exact name and email an approved comment on the site? */
  hasApproved(site: string, name: string, email: string): Promise<boolean>;
  /** Same page, parent, name, email, content; any status but trash. */
  findDuplicate(q: {
    site: string;
    page: string;
    parentId: string | null;
    name: string;
    email: string;
    content: string;
  }): Promise<StoredComment | null>;
  /** Newest createdAt (any status) on the site by this IP or this email since `since`. */
  lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null>;

  // Moderators and sessions
  createModerator(m: Moderator): Promise<Moderator>;
  getModerator(id: string): Promise<Moderator | null>;
  findModeratorByEmail(email: string): Promise<Moderator | null>;
  countModerators(): Promise<number>;
  createSession(s: Session): Promise<void>;
  getSession(id: string, now: number): Promise<Session | null>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOf(moderatorId: string): Promise<void>;

  // Idempotency
  getIdempotency(key: string): Promise<IdempotencyRecord | null>;
  /** Returns false when the key already exists (a concurrent retry won). */
  putIdempotency(rec: IdempotencyRecord): Promise<boolean>;

  // Import and export (issue 11)
  /**
   * Writes an import batch: parents before replies, a comment whose source (or,
   * for Majlis's own export, whose id) is already on the site is skipped, a reply
   * whose parent is nowhere becomes top-level. SQLite: one transaction for the
   * whole batch. MongoDB: re-runnable, the unique (site, source) index finishing
   * what a failed run began. `dryRun` writes nothing and returns the same counts.
   */
  importComments(batch: ImportBatch): Promise<ImportWriteResult>;
  /** Every page record of a site, ordered by page key. */
  listPages(site: string): Promise<PageInfo[]>;
  /**
   * Every comment of a site in every status with its import source: oldest
   * first, or with `byPage` grouped by page (pages in key order, each oldest first).
   */
  exportComments(site: string, opts?: { byPage?: boolean }): AsyncIterable<ExportedComment>;
}
