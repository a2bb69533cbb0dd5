/** Types of migration in and out (issue 11): what importers produce and what the store takes. */
import type { ReaderFields, Site, StatusCounts, StoredComment } from './types.js';

/** Where an imported comment came from: the export's site (its URL, or "disqus:forum") and the id there. */
export interface CommentSource {
  site: string;
  id: string;
}

/** One repair made to a malformed file, or one thing worth a moderator's notice. */
export interface Repair {
  /** 1-based; null when no line applies (a file of the wrong format, no <channel>), never 0 */
  line: number | null;
  what: string;
  /** the parser's own message, untranslated (English): a technical detail apart from `what` */
  detail?: string;
}

/** A page (thread) as an export describes it. */
export interface ImportPage {
  page: string;
  title: string | null;
  url: string | null;
  /** comments closed at the source; applied only when the import creates the page */
  closed: boolean;
  createdAt: number;
}

/** A comment ready for the store, not yet linked to its parent: a stored comment's fields without its site and parent. */
export type ImportComment = Omit<StoredComment, 'id' | 'site' | 'parentId' | ReaderFields> & {
  /** the comment's key in the file (source id, or Majlis id for Majlis's own export) */
  key: string;
  /** the parent's key in the file, or null for a top-level comment */
  parentKey: string | null;
  /** kept when importing Majlis's own export; otherwise the store makes one that sorts by date */
  id: string | null;
  /** recorded on the comment so a second import of the same file finds it */
  source: CommentSource | null;
};

/** What `Store.importComments` takes. Comments may come in any order. */
export interface ImportBatch {
  site: string;
  pages: ImportPage[];
  comments: ImportComment[];
  /** count what would happen, write nothing */
  dryRun: boolean;
  /** created before the comments (SQLite: in the import's first transaction) when the site does not exist yet */
  newSite?: Site;
}

/** What `Store.importComments` did (or, on a dry run, would do). */
export interface ImportWriteResult {
  imported: number;
  /** already there from an earlier import (same source, or same id) */
  skipped: number;
  /** replies whose parent is in neither the file nor the store, imported top-level */
  orphans: number;
  byStatus: StatusCounts;
  /** pages that received comments or were created */
  pages: string[];
}

/** The summary every import ends with (CLI `--json`, HTTP answer). */
export interface ImportSummary {
  imported: number;
  skipped: number;
  pages: number;
  byStatus: StatusCounts;
  orphans: number;
  repaired: Repair[];
  errors: Repair[];
}

/** A comment as exported, with the source it was imported from (if any). */
export type ExportedComment = Omit<StoredComment, 'avatarKey'> & { source: CommentSource | null };
