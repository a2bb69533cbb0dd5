import type { I18n } from '../i18n/i18n.js';
import { ar } from './strings-ar.js';
import { en } from './strings-en.js';

export type ToolKey = keyof typeof ar;
const CATALOGUES = { ar, en } as const;
const plurals = new Map<string, Intl.PluralRules>();

/**
 * A string of the moderator tools in the dashboard's language, by the same rules as
 * I18n.t: plural forms through Intl.PluralRules on `count`, numbers localised, inserted
 * text isolated (FSI…PDI) so names and addresses cannot reorder the sentence.
 */
export function mt(i18n: I18n, key: ToolKey, params: Record<string, string | number> = {}): string {
  const msg = CATALOGUES[i18n.lang][key];
  let template: string;
  if (typeof msg === 'string') template = msg;
  else {
    let rules = plurals.get(i18n.locale);
    if (!rules) plurals.set(i18n.locale, (rules = new Intl.PluralRules(i18n.locale)));
    const n = Number(params.count);
    // «no comments» reads better than «0 comments» in English too
    template = (n === 0 ? msg.zero : undefined) ?? (Number.isFinite(n) ? msg[rules.select(n)] : undefined) ?? msg.other;
  }
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = params[name];
    if (v === undefined) return slot;
    return typeof v === 'number' ? i18n.num(v) : `\u2068${v}\u2069`;
  });
}

/** A date (ms or ISO) as a medium date and short time in the dashboard's locale. */
export function shortDate(i18n: I18n, at: number | string): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
