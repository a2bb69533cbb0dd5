import type { Reason } from '../domain/types.js';
import { format, type Locale } from './locale.js';

/**
 * Words for moderation reasons, by code. Owned by the moderation pipeline;
 * every code a phase emits must be here in both locales.
 */
export const REASONS: Record<string, Record<Locale, string>> = {
  first_comment: { ar: 'أول تعليق من هذا الكاتب', en: 'first comment from this author' },
  hold_all: { ar: 'الموقع يراجع كل التعليقات', en: 'this site holds every comment' },
};

export function renderReason(reason: Reason, locale: Locale): string {
  const entry = REASONS[reason.code];
  if (!entry) return reason.code;
  return format(entry[locale], reason.params, locale);
}
