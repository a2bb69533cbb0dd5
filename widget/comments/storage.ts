/**
 * What the widget keeps in this browser's localStorage: the commenter's
 * details (only with their consent) and their own comments awaiting moderation.
 * Storage may be unavailable (privacy modes, sandboxed frames): every helper
 * then behaves as if it were empty.
 */
import type { PublicComment, Sort } from './types.js';
import { canonicalPageKey } from '../../server/validation/page-key.js';

const AUTHOR_KEY = 'majlis:author';
const PENDING_KEY = 'majlis:pending';
/** A moderator who has not decided in a month is not going to; stop asking. */
const PENDING_TTL_MS = 30 * 86_400_000;
/** The newest ones kept (the server answers about at most 50 at a time). */
const PENDING_MAX = 50;

export interface Author {
  name: string;
  email: string;
  url: string;
}

/**
 * One of the reader's own comments, with the token that proves it is theirs and
 * what the server last said of it: shown as awaiting moderation while
 * `pending`, hidden once `removed` by a moderator (it may be restored), left to
 * the public list once `approved` (it may be sent back for review).
 */
export interface PendingEntry {
  site: string;
  editToken: string;
  savedAt: number;
  comment: PublicComment;
  status?: 'pending' | 'approved' | 'removed';
  /** ISO end of the author's edit window (null: none), as the server last said */
  editableUntil?: string | null;
}

export function read<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

export function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or disabled storage: remembering is a convenience, not a requirement.
  }
}

export const loadAuthor = (): Author | null => {
  const a = read<Author>(AUTHOR_KEY);
  return a && typeof a.name === 'string' && typeof a.email === 'string' ? { name: a.name, email: a.email, url: a.url ?? '' } : null;
};
export const saveAuthor = (a: Author) => write(AUTHOR_KEY, a);
export const forgetAuthor = () => write(AUTHOR_KEY, null);

/** The last parse of the stored list, reused while the stored text is unchanged (the reader actions ask once per comment per render). */
let parsed: { raw: string | null; list: unknown } = { raw: null, list: null };

function allPending(now = Date.now()): PendingEntry[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(PENDING_KEY);
  } catch {
    // Storage unavailable: as if empty.
  }
  if (raw !== parsed.raw) parsed = { raw, list: read<PendingEntry[]>(PENDING_KEY) };
  const list = parsed.list as PendingEntry[] | null;
  // Copies: callers change entries before writing the list back.
  return Array.isArray(list) ? list.filter((e) => e?.comment?.id && e.editToken && now - e.savedAt < PENDING_TTL_MS).map((e) => ({ ...e })) : [];
}

/** The reader's pending comments on one thread. */
/** The page is compared by its canonical key: the server answers with it, the element may hold the encoded spelling. */
export const pendingFor = (site: string, page: string) =>
  allPending().filter((e) => e.site === site && canonicalPageKey(e.comment.page) === canonicalPageKey(page));

export function addPending(entry: PendingEntry): void {
  write(PENDING_KEY, [...allPending().filter((e) => e.comment.id !== entry.comment.id), entry].slice(-PENDING_MAX));
}

/** Records what the server last said of one of the reader's comments (a no-op for comments not remembered). */
export function setPendingStatus(id: string, status: NonNullable<PendingEntry['status']>, comment?: PublicComment, editableUntil?: string | null): void {
  const list = allPending();
  const e = list.find((x) => x.comment.id === id);
  if (!e || (e.status === status && !comment && editableUntil === undefined)) return;
  e.status = status;
  if (comment) e.comment = comment;
  if (editableUntil !== undefined) e.editableUntil = editableUntil;
  write(PENDING_KEY, list);
}

/** The remembered entry (with its edit token) of one of the reader's own comments, if any. */
export const ownEntry = (id: string): PendingEntry | undefined => allPending().find((e) => e.comment.id === id);

const SORT_KEY = 'majlis:sort';
/** The order the reader chose last (any site), or '' for the site's default. */
export const loadSort = (): Sort | '' => {
  const v = read<string>(SORT_KEY);
  return v === 'oldest' || v === 'newest' || v === 'popular' ? v : '';
};
export const saveSort = (s: Sort) => write(SORT_KEY, s);

export function dropPending(id: string): void {
  const list = allPending();
  const kept = list.filter((e) => e.comment.id !== id);
  if (kept.length !== list.length) write(PENDING_KEY, kept.length ? kept : null);
}
