import type { ModeratorComment } from '../types.js';

/**
 * Whether `a` is a later state of the comment than `b`. A status change, edit, feature or
 * dismissal bumps `version`; a reader's report below the threshold does not (server/store
 * `addReport`, so a moderator's decision is never refused as stale because a reader
 * reported meanwhile). Within one version reports only accumulate, so the same version
 * with more reports is the later state: that keeps the live queue equal to a reload.
 */
export function isNewer(a: ModeratorComment, b: ModeratorComment): boolean {
  return a.version > b.version || (a.version === b.version && (a.reports?.count ?? 0) > (b.reports?.count ?? 0));
}
