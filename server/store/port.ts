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
  VersionedCounts,
} from '../domain/types.js';
import type { NotifyStore, WriteOptions } from './notify-port.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';
import type { ModerationRule } from '../rules/types.js';
import type { SearchQuery } from '../search/query.js';
import type { CommenterStats } from './sqlite-commenters.js';
import type { CommentEdit, CommentPatch } from '../edits/types.js';
import type { AuditEntry } from '../audit/types.js';
import type { ReaderStore } from './readers-port.js';

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
  /** Creates the page record on first sight (no name, open), returns it as stored. */
  touchPage(page: { site: string; page: string; createdAt: number }): Promise<PageInfo>;
  /**
   * Sets or clears a page's authoritative name, creating the page if unseen. A page's public
   * title and url (PageInfo.title/url) are, per field: the name given here or by an import,
   * else the claim (pageTitle/pageUrl) of its earliest approved, not author-deleted comment
   * that made one, else null. Held, spam and trashed comments never name a page: anyone can
   * forge a claim, approval is the trust boundary. The store keeps the name with every write
   * that changes a comment's status or existence (SQLite: in the same transaction, by
   * triggers; MongoDB: right after the write, as its counters). A string field wins over
   * comments, null returns the field to them, a field left out is unchanged.
   */
  namePage(site: string, page: string, name: { title?: string | null; url?: string | null }, now: number): Promise<PageInfo>;
  getPage(site: string, page: string): Promise<PageInfo | null>;
  setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo>;

  // Comments
  /**
   * Stores a comment with no checks (imports, fixtures); counters follow.
   * `opts.outbox` items are inserted in the same transaction as the comment (issue 12).
   */
  createComment(comment: NewComment, opts?: WriteOptions): Promise<StoredComment>;
  /**
   * Stores a comment unless a guard refuses it, deciding atomically with the
   * insert: no writer in any process can slip between the check and the write,
   * so of N identical or too-close posts exactly one is stored. `opts.outbox`
   * items are inserted only if the comment is, in the same transaction (issue 12).
   */
  insertComment(comment: NewComment, guards: InsertGuards, opts?: WriteOptions): Promise<InsertOutcome>;
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
  /** Visible-comment counts per page, read from counters (every requested page present, 0 if none). */
  countVisible(site: string, pages: string[]): Promise<Record<string, number>>;
  /** The moderation queue of one status, newest first, strictly before `before`. */
  listByStatus(q: {
    site: string;
    status: CommentStatus;
    before: CursorPos | null;
    limit: number;
  }): Promise<{ comments: StoredComment[]; next: CursorPos | null }>;
  /**
   * Moderation search (server/search): every comment of the site matching all of the
   * query's terms, newest first, strictly before `q.before`; `next` continues it.
   * Words and names match folded text (moderation/normalize.ts) as substrings.
   */
  searchComments(q: SearchQuery): Promise<{ comments: StoredComment[]; next: CursorPos | null }>;
  /** What is stored about one commenter (email compared in any case) on a site: names and IPs, newest first (50 each), time span, counts. */
  commenterStats(site: string, email: string): Promise<CommenterStats>;
  /** Comments per status on the site, read from counters kept with every write. */
  countByStatus(site: string): Promise<StatusCounts>;
  /**
   * The same counts with their version: a per-site number in the storage (so the same in
   * every process) that grows with every write that moves the counts (insert, status change,
   * deletion, recount). Of two snapshots of one site the higher version is the later state;
   * moderators' dashboards keep the newest they have seen ("live equals a reload").
   * SQLite reads both in one statement (one version, one set of counts); MongoDB, without
   * multi-document snapshots, reads the version first and bumps it after the counters move,
   * so the counts are at least as new as their version.
   */
  countsSnapshot(site: string): Promise<VersionedCounts>;
  /**
   * Recounts the counters of one site (or all) from the comments themselves:
   * after a bulk write that bypassed createComment/insertComment/setStatus, or
   * to repair MongoDB counters after a crash between a write and its counter.
   */
  rebuildCounters(site?: string): Promise<void>;
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
    /** `opts.outbox` items are inserted only if the change is made, in the same transaction (issue 12). */
    opts?: WriteOptions,
  ): Promise<{ ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null }>;
  /**
   * Deletes a comment for good when its status is one of `statuses` (wp_delete_comment):
   * its replies move up to its parent; counters follow. ok=false with the comment when
   * its status is another, with null when there is no such comment.
   */
  deleteComment(id: string, statuses: readonly CommentStatus[]): Promise<{ ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null }>;
  /** Deletes every comment of the site in this bin that entered it (last status change, else creation) before `before`; returns their ids and pages. */
  purgeComments(site: string, status: 'spam' | 'trash', before: number): Promise<Array<{ id: string; page: string }>>;
  /**
   * A moderator's edit, compare-and-set on `expectedVersion`: changed fields are stored,
   * version += 1, editedAt = edit.at, and the old values are kept (listEdits). Nothing
   * changed → ok with the comment as it is.
   */
  editComment(id: string, expectedVersion: number, patch: CommentPatch, edit: Omit<CommentEdit, 'commentId' | 'before'>): Promise<{ ok: true; comment: StoredComment } | { ok: false; comment: StoredComment | null }>;
  /** A comment's edits, oldest first. */
  listEdits(commentId: string): Promise<CommentEdit[]>;
  /** Personal-data eraser for one comment: name replaced, email/website/IP/user agent removed, avatar key replaced, edit records dropped; false when missing. */
  anonymizeComment(id: string, name: string, avatarKey: string): Promise<boolean>;
  /** Clears the IP address and user agent of the site's comments created before `before`; returns how many changed. */
  clearOldIps(site: string, before: number): Promise<number>;
  /** Has this name and email (compared by collationKey, as WordPress's collation does) an approved comment on the site? */
  hasApproved(site: string, name: string, email: string): Promise<boolean>;
  /** Same page and parent, same name, email and content by collationKey; any status but trash. */
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
  /** Every moderator, oldest first. */
  listModerators(): Promise<Moderator[]>;
  /** Replaces a moderator's password hash; false when there is no such moderator. */
  setModeratorPassword(id: string, passwordHash: string): Promise<boolean>;
  /** Changes name, role, sites or email (only the fields given); null when there is no such moderator. A taken email throws. */
  updateModerator(id: string, patch: ModeratorPatch): Promise<Moderator | null>;
  /** Deletes a moderator with all their sessions; false when there is no such moderator. */
  deleteModerator(id: string): Promise<boolean>;
  createSession(s: Session): Promise<void>;
  getSession(id: string, now: number): Promise<Session | null>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOf(moderatorId: string): Promise<void>;

  /** Notifications: outbox, webhooks, reader subscriptions (server/store/notify-port.ts). */
  readonly notify: NotifyStore;
  /** Readers' features: thread orders, likes, reports, featured picks, the author's edit and delete (server/store/readers-port.ts, issue 14). */
  readonly readers: ReaderStore;
  // Trust/hold/block rules (server/rules)
  /** Stores a rule; one with the same site, kind and value is replaced (its id kept) and `created` is false. */
  saveRule(rule: ModerationRule): Promise<{ rule: ModerationRule; created: boolean }>;
  /** The site's rules not expired at `now`, newest first. */
  listRules(site: string, now: number): Promise<ModerationRule[]>;
  getRule(id: string): Promise<ModerationRule | null>;
  deleteRule(id: string): Promise<boolean>;

  // Audit log (server/audit)
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first, strictly before `before`; one site's entries, or all when `site` is undefined. */
  listAudit(q: { site?: string; before: CursorPos | null; limit: number }): Promise<{ entries: AuditEntry[]; next: CursorPos | null }>;

  // Idempotency (records live IDEMPOTENCY_LIMITS.ttlMs, 24 h)
  /** The record of a key (status 0 while its request is still running), or null; expired records read as null. */
  getIdempotency(key: string, now: number): Promise<IdempotencyRecord | null>;
  /**
   * Claims a key for one request: an atomic insert of a record in progress
   * (status 0). Fails with the existing record when another request holds the
   * key, unless that record expired or is a claim abandoned for over
   * IDEMPOTENCY_LIMITS.claimStaleMs (a crashed process), which is taken over.
   */
  claimIdempotency(key: string, bodyHash: string, now: number): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord }>;
  /** Stores the answer of a claimed key (status > 0, the response body as JSON). */
  completeIdempotency(key: string, status: number, response: string): Promise<void>;
  /** Drops a claim whose request ended without an answer worth replaying. */
  releaseIdempotency(key: string): Promise<void>;
  /** Deletes expired records, then the oldest beyond `maxEntries`; returns how many went. */
  sweepIdempotency(now: number, limits?: { ttlMs: number; maxEntries: number }): Promise<number>;

  // Import and export (issue 11)
  /**
   * Writes an import batch: parents before replies, a comment whose source (or,
   * for Majlis's own export, whose id) is already on the site is skipped, a reply
   * whose parent is nowhere becomes top-level. Both adapters write in ordered
   * chunks and are re-runnable: the unique (site, source) index lets a second run
   * finish what a failed or killed run began. SQLite: each chunk a short transaction
   * (about 40 ms, then a 25 ms pause) carrying its comments' counters and search
   * index, so the event loop and other processes' writers get turns meanwhile
   * (sqlite-import-write.ts). `dryRun` writes nothing and returns the same counts.
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

/** The fields of a moderator an admin may change (the password has its own method). */
export interface ModeratorPatch {
  name?: string;
  role?: Moderator['role'];
  sites?: string[];
  email?: string;
}

/** What insertComment refuses atomically with the insert. */
export interface InsertGuards {
  /** Refuse when findDuplicate would find a twin (the duplicate rule of wp_check_comment_data). */
  duplicate: boolean;
  /** Refuse when the same IP or email posted on the site less than this many ms before; 0 turns it off (wp_check_comment_flood). */
  floodWindowMs: number;
}

export type InsertOutcome =
  | { ok: true; comment: StoredComment }
  | { ok: false; refusal: 'duplicate' }
  | { ok: false; refusal: 'flood'; lastAt: number };

/** How long idempotency records live and how many are kept at most (oldest dropped first). */
export const IDEMPOTENCY_LIMITS = {
  ttlMs: 24 * 60 * 60 * 1000,
  maxEntries: 100_000,
  /** a claim older than this without an answer belonged to a request that died */
  claimStaleMs: 60_000,
} as const;

/** WordPress's flood rule looks back one hour for the newest comment by IP or email. */
export const FLOOD_LOOKBACK_MS = 60 * 60 * 1000;
