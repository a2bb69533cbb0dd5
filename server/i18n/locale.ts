export type Locale = 'ar' | 'en';

/** Arabic unless the Accept-Language header prefers English over Arabic. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'ar';
  let best: { lang: Locale; q: number } | null = null;
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    if (!tag) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang = tag.startsWith('en') ? 'en' : tag.startsWith('ar') ? 'ar' : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'ar';
}

/** Made once per locale, not per message. */
const NUMBERS: Record<Locale, Intl.NumberFormat> = { ar: new Intl.NumberFormat('ar-EG'), en: new Intl.NumberFormat('en-US') };
const PLURAL_RULES: Record<Locale, Intl.PluralRules> = { ar: new Intl.PluralRules('ar'), en: new Intl.PluralRules('en') };
/** `{n, plural, one {…} few {# …} other {…}}`: ICU MessageFormat's plural block, one level deep. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;
const FORM = /(\w+)\s*\{([^{}]*)\}/g;

/**
 * Fills `{name}` placeholders. Numbers are formatted for the locale (Arabic-Indic digits in ar).
 * A count is said in its grammatical number with an ICU plural block,
 * `{seconds, plural, one {…} two {…} few {# …} many {# …} other {# …}}`: the form is the one
 * Intl.PluralRules picks (Arabic has zero, one, two, few, many, other; a missing one falls back
 * to `other`), and `#` is the number in the locale's digits.
 */
export function format(template: string, params: Record<string, string | number> | undefined, locale: Locale): string {
  if (!params) return template;
  const withPlurals = template.replace(PLURAL, (m, key: string, body: string) => {
    const n = Number(params[key]);
    if (params[key] === undefined || !Number.isFinite(n)) return m;
    const forms = Object.fromEntries([...body.matchAll(FORM)].map((f) => [f[1]!, f[2]!]));
    const form = forms[PLURAL_RULES[locale].select(n)] ?? forms.other ?? '';
    return form.replace(/#/g, NUMBERS[locale].format(n));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (m, key: string) => {
    const v = params[key];
    if (v === undefined) return m;
    return typeof v === 'number' ? NUMBERS[locale].format(v) : v;
  });
}
