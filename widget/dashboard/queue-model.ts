import type { LiveLog } from './live-log.js';
import { isNewer } from './reader-signals/freshness.js';
import type { CommentStatus, ModerationAction, ModeratorComment } from './types.js';

/**
 * One line of the queue. A row whose comment no longer has the tab's status
 * stays in place as "decided" (with who decided and an undo) until the list
 * is re-fetched, so a moderator sees what changed under their eyes.
 */
export interface Row {
  c: ModeratorComment;
  /** arrived live: slides in */
  fresh: boolean;
  /** when it stopped matching the tab (ms), or null */
  decidedAt: number | null;
  /** a message about this comment (e.g. a lost race), shown on the item */
  notice: string | null;
}

const newestFirst = (a: ModeratorComment, b: ModeratorComment) =>
  b.createdAt.localeCompare(a.createdAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

const rowOf = (c: ModeratorComment, fresh = false): Row => ({ c, fresh, decidedAt: null, notice: null });

/**
 * Applies a comment seen live or in an ack: a newer version replaces the row in
 * place; a new comment with the tab's status is inserted in date order; stale
 * versions and comments of other tabs are ignored. Returns a new array when anything changed.
 */
export function upsert(rows: Row[], c: ModeratorComment, tab: CommentStatus, now: number, fresh = false): Row[] {
  const i = rows.findIndex((r) => r.c.id === c.id);
  if (i >= 0) {
    const old = rows[i]!;
    if (!isNewer(c, old.c)) return rows;
    const next = rows.slice();
    next[i] = { ...old, c, fresh: false, decidedAt: c.status === tab ? null : (old.decidedAt ?? now) };
    return next;
  }
  if (c.status !== tab) return rows;
  const at = rows.findIndex((r) => newestFirst(c, r.c) < 0);
  const next = rows.slice();
  next.splice(at < 0 ? rows.length : at, 0, rowOf(c, fresh));
  return next;
}

/**
 * A fresh list from the server, corrected by what arrived live while it was in
 * flight (newer versions win, new comments are added, deleted ones go, none twice).
 */
export function mergeFetched(fetched: ModeratorComment[], live: LiveLog, tab: CommentStatus): Row[] {
  const byId = new Map<string, ModeratorComment>();
  for (const c of fetched) {
    const now = live.fresher(c);
    if (now) byId.set(c.id, now);
  }
  for (const c of live.comments.values()) if (!byId.has(c.id) && !live.deleted.has(c.id)) byId.set(c.id, c);
  return [...byId.values()].filter((c) => c.status === tab).sort(newestFirst).map((c) => rowOf(c));
}

/**
 * The next page of a list, without the comments already shown. The page was read
 * while it was on its way: a comment on it that changed live meanwhile is taken in
 * its newer version (so one that left the tab is not listed), one deleted meanwhile not at all.
 */
export function appendPage(rows: Row[], more: ModeratorComment[], tab: CommentStatus, live: LiveLog): Row[] {
  const have = new Set(rows.map((r) => r.c.id));
  const added = more
    .filter((c) => !have.has(c.id))
    .map((c) => live.fresher(c))
    .filter((c): c is ModeratorComment => c !== null && c.status === tab);
  return rows.concat(added.map((c) => rowOf(c)));
}

/** The list without comments deleted for good. Returns `rows` itself when none of them was shown. */
export function withoutDeleted(rows: Row[], ids: readonly string[]): Row[] {
  const gone = new Set(ids);
  return rows.some((r) => gone.has(r.c.id)) ? rows.filter((r) => !gone.has(r.c.id)) : rows;
}

/** Drops decided rows older than `maxAgeMs`, so a dashboard left open all day stays short. */
export function pruneDecided(rows: Row[], now: number, maxAgeMs: number): Row[] {
  const kept = rows.filter((r) => r.decidedAt === null || now - r.decidedAt < maxAgeMs);
  return kept.length === rows.length ? rows : kept;
}

export function withNotice(rows: Row[], id: string, notice: string | null): Row[] {
  return rows.map((r) => (r.c.id === id ? { ...r, notice } : r));
}

/** Which buttons a comment with this status offers. */
export function actionsFor(status: CommentStatus): ModerationAction[] {
  switch (status) {
    case 'pending':
      return ['approve', 'spam', 'trash'];
    case 'approved':
      return ['pending', 'spam', 'trash'];
    case 'spam':
      return ['restore', 'trash'];
    case 'trash':
      return ['restore', 'spam'];
  }
}

/** Whether an action would change a comment with this status (keyboard shortcuts skip no-ops). */
export function changes(action: ModerationAction, status: CommentStatus): boolean {
  if (action === 'restore') return status === 'spam' || status === 'trash';
  const to: Record<Exclude<ModerationAction, 'restore'>, CommentStatus> = {
    approve: 'approved',
    pending: 'pending',
    spam: 'spam',
    trash: 'trash',
  };
  return to[action] !== status;
}

/** The action that puts a decided comment back where the tab shows it. */
export function undoAction(tab: CommentStatus): ModerationAction {
  return tab === 'approved' ? 'approve' : tab;
}

/** The last moderator who changed the comment's status, if a person did. */
export function lastDecider(c: ModeratorComment): { name: string; to: CommentStatus; at: string } | null {
  const last = c.history[c.history.length - 1];
  return last?.by ? { name: last.by.name, to: last.to, at: last.at } : null;
}
