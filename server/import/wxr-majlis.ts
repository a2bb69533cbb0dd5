/**
 * Reads back what a Majlis WXR export carries as post and comment meta (export/wxr-meta.ts),
 * so that its comments land on their own thread keys with their own times, edits, reasons,
 * history and user agents. A file without that meta (WordPress's own) gets null here, and
 * the importer keeps to what WXR's fields say.
 */
import type { CommentStatus, HistoryEntry, Reason } from '../domain/types.js';
import { COMMENT_META, PAGE_META } from '../export/wxr-meta.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { isoTime, isStatus, readHistory, readReasons } from './majlis-fields.js';

/** A Majlis item's page: its key (canonical, as every key entering the store) and its row's facts. */
export interface MajlisPage {
  page: string;
  title: string | null;
  url: string | null;
  /** ms; null when the meta has none (then the post's date) */
  createdAt: number | null;
}

/** The item's page from its postmeta; null when it has no usable majlis_page_key (not a Majlis item). */
export function majlisPageOf(meta: ReadonlyMap<string, string>): MajlisPage | null {
  const raw = meta.get(PAGE_META.key);
  const page = raw === undefined ? '' : canonicalPageKey(raw);
  if (!page) return null;
  return { page, title: meta.get(PAGE_META.title) ?? null, url: meta.get(PAGE_META.url) ?? null, createdAt: isoTime(meta.get(PAGE_META.createdAt)) };
}

/** A Majlis comment's fields that WXR has no place for. */
export interface MajlisCommentFacts {
  createdAt: number;
  editedAt: number | null;
  prevStatus: CommentStatus | null;
  version: number;
  reasons: Reason[];
  history: HistoryEntry[];
  userAgent: string;
  pageTitle: string | null;
  pageUrl: string | null;
}

const json = (v: string | undefined): unknown => {
  try {
    return v === undefined ? undefined : JSON.parse(v);
  } catch {
    return undefined;
  }
};

/**
 * The comment's Majlis meta (a comment of a Majlis item), a missing one meaning null, empty
 * or 1 as in the JSON export. `wxrCreatedAt` is the date WXR's fields give (to the second):
 * majlis_created_at refines it only when it names the same second, so a date changed in
 * WordPress after the import there wins over the stale meta.
 */
export function majlisCommentOf(meta: ReadonlyMap<string, string>, wxrCreatedAt: number): MajlisCommentFacts {
  const exact = isoTime(meta.get(COMMENT_META.createdAt));
  const prev = meta.get(COMMENT_META.prevStatus)?.trim();
  const version = Number(meta.get(COMMENT_META.version) ?? '1');
  return {
    createdAt: exact !== null && Math.floor(exact / 1000) === Math.floor(wxrCreatedAt / 1000) ? exact : wxrCreatedAt,
    editedAt: isoTime(meta.get(COMMENT_META.editedAt)),
    prevStatus: isStatus(prev) ? prev : null,
    version: Number.isSafeInteger(version) && version > 0 ? version : 1,
    reasons: readReasons(json(meta.get(COMMENT_META.reasons))),
    history: readHistory(json(meta.get(COMMENT_META.history))),
    userAgent: (meta.get(COMMENT_META.userAgent) ?? '').slice(0, 254),
    pageTitle: meta.get(COMMENT_META.pageTitle) ?? null,
    pageUrl: meta.get(COMMENT_META.pageUrl) ?? null,
  };
}
