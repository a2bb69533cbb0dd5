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

/** Fills `{name}` placeholders. Numbers are formatted for the locale (Arabic-Indic digits in ar). */
export function format(template: string, params: Record<string, string | number> | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, key: string) => {
    const v = params[key];
    if (v === undefined) return m;
    return typeof v === 'number' ? new Intl.NumberFormat(locale === 'ar' ? 'ar-EG' : 'en-US').format(v) : v;
  });
}
