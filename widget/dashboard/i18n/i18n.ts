import { ar } from './ar.js';
import { en } from './en.js';

export type Lang = 'ar' | 'en';
export const LANGS: readonly Lang[] = ['ar', 'en'];

/** A string, or plural forms picked by Intl.PluralRules on the `count` parameter. */
export type Message = string | (Partial<Record<Intl.LDMLPluralRule, string>> & { other: string });
export type Key = keyof typeof ar;
export type Catalogue = Record<Key, Message>;

const CATALOGUES: Record<Lang, Catalogue> = { ar, en };
/** Kuwaiti Arabic formats numbers with Arabic-Indic digits, as readers there expect. */
const INTL_LOCALE: Record<Lang, string> = { ar: 'ar-KW', en: 'en-GB' };

type Params = Record<string, string | number>;

/**
 * Strings, plurals, numbers and dates for one language. Elements receive an
 * instance as the `i18n` property; switching language hands them a new one,
 * which re-renders them.
 */
export class I18n {
  readonly dir: 'rtl' | 'ltr';
  readonly locale: string;
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly digits: Intl.NumberFormat;
  private readonly relative: Intl.RelativeTimeFormat;
  private readonly full: Intl.DateTimeFormat;

  constructor(readonly lang: Lang) {
    this.dir = lang === 'ar' ? 'rtl' : 'ltr';
    this.locale = INTL_LOCALE[lang];
    this.plurals = new Intl.PluralRules(this.locale);
    this.numbers = new Intl.NumberFormat(this.locale);
    this.digits = new Intl.NumberFormat(this.locale, { useGrouping: false });
    this.relative = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    this.full = new Intl.DateTimeFormat(this.locale, { dateStyle: 'full', timeStyle: 'medium' });
  }

  has(key: string): key is Key {
    return Object.hasOwn(CATALOGUES[this.lang], key);
  }

  /** The message for `key` with `{param}` slots filled; plural messages use `params.count`. */
  t(key: Key, params: Params = {}): string {
    const msg = CATALOGUES[this.lang][key];
    let template: string;
    if (typeof msg === 'string') template = msg;
    else {
      const n = Number(params.count);
      template = (Number.isFinite(n) ? msg[this.plurals.select(n)] : undefined) ?? msg.other;
    }
    return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
      const v = params[name];
      if (v === undefined) return slot;
      // Names, paths and words may run in the other direction: isolate them (FSI…PDI) so they cannot reorder the sentence.
      return typeof v === 'number' ? this.numbers.format(v) : `\u2068${v}\u2069`;
    });
  }

  num(n: number): string {
    return this.numbers.format(n);
  }

  /** A number as typed in a field: the locale's digits, no grouping separators ("٥٠٠٠"). */
  field(n: number): string {
    return this.digits.format(n);
  }

  /** "5 minutes ago" against `now`, in the largest unit that fits; never in the future (clocks disagree). */
  ago(iso: string, now: number): string {
    const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
    const abs = Math.abs(seconds);
    if (abs < 45) return this.relative.format(0, 'second');
    const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
      ['minute', 60],
      ['hour', 3600],
      ['day', 86400],
      ['week', 604800],
      ['month', 2629800],
      ['year', 31557600],
    ];
    let chosen = units[0]!;
    for (const u of units) if (abs >= u[1] * 0.9) chosen = u;
    return this.relative.format(Math.round(seconds / chosen[1]), chosen[0]);
  }

  /** Like `ago` but to the second under a minute ("قبل ٣ ثوانٍ"), for what just happened. */
  since(iso: string, now: number): string {
    const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
    return seconds > -60 ? this.relative.format(seconds, 'second') : this.ago(iso, now);
  }

  fullDate(iso: string): string {
    return this.full.format(new Date(iso));
  }
}

/** Digits as typed in any of the dashboard's locales (Arabic-Indic, Persian or Latin) read as Latin. */
export function latinDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) - 0x660) % 0x90));
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}
