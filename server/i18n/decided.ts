import type { CommentStatus, StoredComment } from '../domain/types.js';
import type { Locale } from './locale.js';
import { MESSAGES } from './messages.js';

/** Verb phrases per status reached, with the moderator's name as {name} in FSI…PDI isolates (a name may run either way). */
const DECIDED: Record<CommentStatus, Record<Locale, string>> = {
  approved: { ar: 'وافق عليه \u2068{name}\u2069 {ago}.', en: '\u2068{name}\u2069 approved it {ago}.' },
  pending: { ar: 'أعاده \u2068{name}\u2069 إلى الانتظار {ago}.', en: '\u2068{name}\u2069 sent it back to pending {ago}.' },
  spam: { ar: 'عدّه \u2068{name}\u2069 مزعجاً {ago}.', en: '\u2068{name}\u2069 marked it as spam {ago}.' },
  trash: { ar: 'نقله \u2068{name}\u2069 إلى المهملات {ago}.', en: '\u2068{name}\u2069 moved it to the trash {ago}.' },
};
const SYSTEM: Record<Locale, string> = { ar: 'النظام', en: 'The system' };

/**
 * The message of a decision that lost a race: who decided and when, from the
 * comment's last history entry («وافق عليه خالد قبل ٣ ثوانٍ» / "Khalid approved
 * it 3 seconds ago"), the time through Intl.RelativeTimeFormat in the
 * request's locale. Without history it falls back to the general conflict message.
 */
export function decidedMessage(current: StoredComment, locale: Locale, now: number): string {
  const last = current.history.at(-1);
  if (!last) return MESSAGES.conflict[locale];
  const name = last.by?.name || SYSTEM[locale];
  return DECIDED[last.to][locale].replace('{name}', name).replace('{ago}', ago(now - last.at, locale));
}

/** "3 seconds ago" / «قبل ٣ ثوانٍ», in the largest whole unit; a clock ahead of ours reads as now. */
export function ago(ms: number, locale: Locale): string {
  const fmt = new Intl.RelativeTimeFormat(locale === 'ar' ? 'ar-EG' : 'en', { numeric: 'auto' });
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return fmt.format(-s, 'second');
  if (s < 3600) return fmt.format(-Math.floor(s / 60), 'minute');
  if (s < 86_400) return fmt.format(-Math.floor(s / 3600), 'hour');
  return fmt.format(-Math.floor(s / 86_400), 'day');
}
