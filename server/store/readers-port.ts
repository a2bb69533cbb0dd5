import type { PublicEntry } from '../domain/views.js';
import type { HistoryEntry, Reason, ReportReason, StoredComment, ThreadSort } from '../domain/types.js';

/**
 * Where a top-level thread stands in one order: the keyset of that order.
 * `likes` is part of the key only for `popular` (likes desc, createdAt asc, id asc).
 */
export interface SortPos {
  createdAt: number;
  id: string;
  likes: number;
}

/** A page of threads in `sort` order: strictly after `after`, or strictly before `before` (never both). */
export interface ThreadsQuery {
  site: string;
  page: string;
  sort: ThreadSort;
  after: SortPos | null;
  before: SortPos | null;
  limit: number;
  /** start at this root, included (permalinks): the page begins with it */
  from?: SortPos | null;
}

export interface ThreadsPage {
  /** roots in `sort` order, each followed by its visible replies oldest first (layOutThreads); public fields only, the body as JSON */
  comments: PublicEntry[];
  /** more threads after the last root: its position */
  next: SortPos | null;
  /** more threads before the first root: its position */
  prev: SortPos | null;
  /** every visible comment of the page (the page counter) */
  total: number;
}

/** A page of threads as bytes (ReaderStore.listThreadsJson): the same threads as ThreadsPage, each as ThreadBytes. */
export interface ThreadsPageJson {
  /** the roots' ids, in `sort` order */
  ids: string[];
  /** each root with its visible replies (ThreadBytes), likes shown, threads joined by commas: the inside of `comments` */
  json: Buffer;
  /** the threads' tags (ThreadBytes.tag, 16 characters each), in order, joined */
  tags: string;
  next: SortPos | null;
  prev: SortPos | null;
  total: number;
}

/** The outcome of a write guarded by the comment's state; `comment` is null when there is no such comment. */
export type Guarded<T> = ({ ok: true; comment: StoredComment } & T) | { ok: false; comment: StoredComment | null };

/**
 * One reader's report, as kept (the reader id is the widget's random id, never a person).
 * One report per reader AND one per voter (the keyed hash of the reporter's network,
 * readers/voter.ts, never the IP) per comment: both are unique keys, so one address
 * cannot reach the threshold with made-up reader ids.
 */
export interface NewReport {
  commentId: string;
  reader: string;
  voter: string;
  reason: ReportReason;
  note: string;
  at: number;
}

/**
 * The store port's part for readers' features (issue 14): thread orders and permalinks,
 * likes, reports, featured picks and the author's own edit and delete. Both adapters
 * implement it (sqlite-readers.ts, mongo-readers.ts); test/store.conformance holds them to it.
 * Uniqueness (one like and one report per reader per comment) is a unique key in the store,
 * and every counter on the comment moves in the same transaction as the row it counts.
 */
export interface ReaderStore {
  /** A page of visible threads in the given order (see ThreadsQuery). */
  listThreads(q: ThreadsQuery): Promise<ThreadsPage>;
  /**
   * listThreads as bytes, likes shown (readers' pages, readers/thread-page.ts): exactly the
   * threads listThreads answers, each as publicEntryJson of its entries joined by commas
   * (thread-bytes.ts). SQLite keeps each thread's bytes once built, exact at every commit
   * (sqlite-thread-bytes.ts); MongoDB builds them from listThreads.
   */
  listThreadsJson(q: ThreadsQuery): Promise<ThreadsPageJson>;
  /** The featured approved comments of a page (not deleted), newest featured first. */
  listFeatured(site: string, page: string, limit: number): Promise<PublicEntry[]>;
  /** The newest approved comments of a site, or of one page (not deleted placeholders), newest first. */
  listRecent(site: string, page: string | null, limit: number): Promise<StoredComment[]>;
  /** Does the comment have at least one approved reply? */
  hasApprovedReplies(id: string): Promise<boolean>;

  /**
   * Likes (`on`) or unlikes an approved comment for one reader. A second like by the same
   * reader changes nothing (`changed` false). ok=false when the comment is missing or not approved.
   */
  setLike(id: string, reader: string, on: boolean, at: number): Promise<Guarded<{ changed: boolean }>>;

  /**
   * Records a reader's report of an approved comment, once per reader and once per voter
   * (`added` false for a repeat of either), so the count is of distinct readers on distinct networks. When the count reaches `threshold` and the comment is still approved, it moves to
   * pending in the same transaction, with `entry` in its history and `reason` among its reasons
   * (`held` true). ok=false when the comment is missing or not approved.
   */
  addReport(r: NewReport, threshold: number, hold: (count: number) => { entry: HistoryEntry; reason: Reason }): Promise<Guarded<{ added: boolean; held: boolean }>>;
  /** Forgets every report of the comment (version += 1); ok=false when missing or the version moved. */
  clearReports(id: string, expectedVersion: number | undefined): Promise<Guarded<object>>;

  /** Features (a time) or unfeatures (null) a comment, version += 1; ok=false when missing or the version moved. */
  setFeatured(id: string, expectedVersion: number | undefined, featuredAt: number | null): Promise<Guarded<object>>;

  /**
   * The author's edit, compare-and-set on `expectedVersion`: content stored, the old text kept
   * (listEdits, by `by`), editedAt set, status and reasons replaced by the pipeline's new
   * decision (history gets `entry` when the status changes), counters moved, one transaction.
   */
  authorEdit(
    id: string,
    expectedVersion: number,
    change: { content: string; status: StoredComment['status']; reasons: Reason[]; at: number; by: { id: string; name: string } },
  ): Promise<Guarded<object>>;

  /**
   * The author's deletion, compare-and-set on `expectedVersion`: deletedAt set and `reason` added.
   * Without approved replies it moves to trash (history gets `entry`); with some, it stays
   * approved as a placeholder (`placeholder` true). Decided and written in one transaction.
   */
  authorDelete(
    id: string,
    expectedVersion: number,
    change: { at: number; entry: HistoryEntry; reason: Reason },
  ): Promise<Guarded<{ placeholder: boolean }>>;
}
