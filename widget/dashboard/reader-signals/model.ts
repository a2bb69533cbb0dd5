import { changes } from '../queue-model.js';
import type { ModerationAction, ModeratorComment } from '../types.js';

/** The readers'-features moderation actions (issue 14; server/readers/moderate.ts). */
export type SignalAction = 'feature' | 'unfeature' | 'dismiss_reports';
/** Any action the dashboard sends through `decide` (the socket `moderate` event or the HTTP actions route). */
export type DashAction = ModerationAction | SignalAction;

export const SIGNAL_ACTIONS: readonly SignalAction[] = ['feature', 'unfeature', 'dismiss_reports'];

export function isSignalAction(a: string): a is SignalAction {
  return (SIGNAL_ACTIONS as readonly string[]).includes(a);
}

/** Report reasons in the order the dashboard lists them. */
export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;

/** Whether the comment can be featured now: approved and not deleted by its author (else the server answers 409). */
export function canFeature(c: ModeratorComment): boolean {
  return c.status === 'approved' && !c.deleted;
}

/** What the `f` key does on this comment: feature it, unfeature it, or nothing. */
export function featureToggle(c: ModeratorComment): 'feature' | 'unfeature' | null {
  if (c.featured) return 'unfeature';
  return canFeature(c) ? 'feature' : null;
}

/** Whether an action would change the comment (so keys and buttons skip no-ops). */
export function willChange(action: DashAction, c: ModeratorComment): boolean {
  if (action === 'feature') return !c.featured && canFeature(c);
  if (action === 'unfeature') return c.featured;
  if (action === 'dismiss_reports') return c.reports.count > 0;
  return changes(action, c.status);
}

/** A short summary of the comment's report state, to tell when a live update changed it. */
export function reportsKey(c: ModeratorComment): string {
  const r = c.reports;
  return `${r.count}|${REPORT_REASONS.map((k) => r.reasons[k]).join(',')}|${r.notes.length}`;
}
