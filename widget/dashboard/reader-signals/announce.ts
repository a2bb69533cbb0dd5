import type { I18n } from '../i18n/i18n.js';
import type { ModeratorComment } from '../types.js';
import { isNewer } from './freshness.js';
import { reportsKey } from './model.js';
import { rs } from './strings.js';

/**
 * What to say politely when a comment already on screen changed its reports live
 * (a reader reported it, or another moderator dismissed them): «تغيّرت البلاغات عن
 * تعليق سارة: أبلغ عنه ٣ قرّاء.», or null when its reports did not change or the update is stale.
 */
export function reportsNews(i18n: I18n, before: ModeratorComment | undefined, after: ModeratorComment): string | null {
  if (!before || !isNewer(after, before) || reportsKey(before) === reportsKey(after)) return null;
  const name = after.author.name;
  if (after.reports.count === 0) return rs(i18n, 'reportsCleared', { name });
  return rs(i18n, 'reportsChanged', { name, reports: rs(i18n, 'reportedBy', { count: after.reports.count }) });
}
