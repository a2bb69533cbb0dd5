/** Relative and full dates through Intl, shared by the reader widget and the dashboard. */
import { intlLocale } from './plural.js';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * "قبل ٣ دقائق" / "3 minutes ago"; "الآن" / "now" inside the last ten seconds.
 * Never in the future: a time ahead of `now` (clocks disagree) reads "now".
 */
export function relativeTime(lang: string, date: Date | string | number, now = Date.now()): string {
  const seconds = Math.min(0, Math.round((new Date(date).getTime() - now) / 1000));
  const rtf = new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto' });
  if (Math.abs(seconds) < 10) return rtf.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}

/** The full date and time, for a `title` tooltip. */
export function fullDate(lang: string, date: Date | string | number): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'full', timeStyle: 'short' }).format(new Date(date));
}
