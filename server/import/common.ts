/** What every importer hands to the import use case, and helpers they share. */
import type { ImportComment, ImportPage } from '../domain/import.js';
import { note, type Note } from './notes.js';
import type { CommentStatus, HistoryEntry, Site } from '../domain/types.js';
import { avatarKey } from '../avatar.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { LINE_BREAK_STAND_IN } from './xml.js';
import { MAX_IMPORTED_CONTENT } from './text.js';

export interface ParsedExport {
  pages: ImportPage[];
  comments: ImportComment[];
  /** comments the file holds that are not imported by design (pings without --with-pings, other types) */
  skipped: number;
  repaired: Note[];
  /** comments that could not be imported, with why */
  errors: Note[];
  /** Majlis's own export only: the site as exported */
  site?: Pick<Site, 'origins' | 'settings' | 'createdAt'>;
}

export interface ParseOptions {
  /** the HMAC secret: avatars are Majlis's own, never the export's */
  secret: string;
  withPings: boolean;
  /** Disqus: thread key by the path of <link> (default) or by <id> (disqus_identifier) */
  pageKey: 'link' | 'identifier';
  now: number;
  /** characters read so far, for the progress bar */
  onProgress?: (chars: number, comments: number) => void;
}

/**
 * The empty reasons and history of a comment that comes from another system, one frozen
 * array for all of them: two fresh empty arrays per comment were 66 bytes of every comment
 * an import holds until it is written (6.6 MB for 100,000).
 */
export const NO_REASONS = Object.freeze([]) as unknown as ImportComment['reasons'];
export const NO_HISTORY = Object.freeze([]) as unknown as ImportComment['history'];

/**
 * The thread key the widget uses by default on a page: the canonical path of its
 * URL, whatever the host. A link whose path is "/" but which has a query
 * (WordPress's plain "?p=123" permalinks) keeps the query, or every post of such
 * a site would share one thread.
 */
export function pageKeyOfUrl(link: string): string | null {
  try {
    const u = new URL(link.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const path = u.pathname === '/' && u.search ? `/${u.search}` : u.pathname;
    return canonicalPageKey(path);
  } catch {
    return null;
  }
}

/** An export's site as a source key: scheme and host lower-cased, no trailing slash. */
export function sourceSiteOf(url: string): string {
  try {
    const u = new URL(url.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}

/** Text from an XML reader with vertical tabs restored as line breaks. */
export const restoreBreaks = (s: string) => (s.includes(LINE_BREAK_STAND_IN) ? s.split(LINE_BREAK_STAND_IN).join('\n') : s);

/** Cuts a text the store cannot hold, and says so. */
export function fitContent(text: string, line: number, repaired: Note[]): string {
  if (text.length <= MAX_IMPORTED_CONTENT) return text;
  repaired.push(note(line, 'content_cut', { max: MAX_IMPORTED_CONTENT, had: text.length }));
  return [...text.slice(0, MAX_IMPORTED_CONTENT)].join('').slice(0, MAX_IMPORTED_CONTENT).toWellFormed();
}

/**
 * The history an imported comment starts with. One in a bin (spam or trash) gets one entry
 * saying when it went there, so that retention, which empties a bin by when each comment
 * entered it (its last history entry, else its date), counts from that moment and not from
 * the comment's date: a years-old comment trashed last week keeps its `purgeAfterDays`.
 * `binnedAt` (ms) is the export's own record of it (WordPress's `_wp_trash_meta_time`, set by
 * wp_trash_comment() and wp_spam_comment()); when it has none, or one that is not a time
 * between the comment's date and `now`, the import's time is used. Other statuses: `given`.
 */
export function importedHistory(
  c: { status: CommentStatus; prevStatus: CommentStatus | null; createdAt: number },
  given: HistoryEntry[],
  now: number,
  binnedAt: number | null = null,
): HistoryEntry[] {
  if ((c.status !== 'spam' && c.status !== 'trash') || given.length > 0) return given;
  const at = binnedAt !== null && Number.isFinite(binnedAt) && binnedAt >= c.createdAt && binnedAt <= now ? binnedAt : now;
  return [{ at, by: null, from: c.prevStatus ?? 'pending', to: c.status }];
}

/** A WordPress meta value holding a Unix time in seconds (`_wp_trash_meta_time`) as ms; null when it is not one. */
export function secondsMeta(v: string | undefined): number | null {
  const s = v?.trim() ?? '';
  return /^\d{1,12}$/.test(s) ? Number(s) * 1000 : null;
}

/**
 * avatarKey with a memory of the authors seen: an import computes one HMAC per author, not
 * per comment (one author often writes many), and shares one string among their comments.
 */
export function avatarsOf(secret: string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let a = seen.get(key);
    if (a === undefined) {
      a = avatarKey(secret, key);
      seen.set(key, a);
    }
    return a;
  };
}
