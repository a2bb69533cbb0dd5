/**
 * Plural and number helpers shared by the reader widget and the dashboard.
 * Arabic has six plural categories; a catalogue gives one sentence per category
 * (with `{n}` where the number goes) and this picks the right one.
 */

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Bare "ar" gets Arabic-Indic digits, as the server's messages do; a regional tag
 * such as ar-MA keeps its own digits.
 */
export const intlLocale = (lang: string): string => (lang === 'ar' ? 'ar-EG' : lang);

export function formatNumber(lang: string, n: number): string {
  return new Intl.NumberFormat(intlLocale(lang)).format(n);
}

/** The sentence for `n` in `lang`. A `zero` form is used for 0 even where the language has no such category (English). */
export function plural(lang: string, n: number, forms: PluralForms): string {
  const category = n === 0 && forms.zero ? 'zero' : new Intl.PluralRules(intlLocale(lang)).select(n);
  return (forms[category] || forms.other).replace('{n}', formatNumber(lang, n));
}
