import type { Locale } from './locale.js';

type Params = Record<string, string | number>;
const KIND: Record<string, Record<Locale, string>> = {
  email: { ar: 'البريد الإلكتروني', en: 'email' },
  ip: { ar: 'عنوان IP', en: 'IP address' },
  domain: { ar: 'نطاق البريد', en: 'email domain' },
};
const kindOf = (p: Params, l: Locale) => KIND[String(p.kind)]?.[l] ?? String(p.kind);
const noteOf = (p: Params, l: Locale) => (p.note ? (l === 'ar' ? ` («${p.note}»)` : ` ("${p.note}")`) : '');

/** Reasons given by the site's trust/hold/block rules (moderation/phases/rules.ts). */
export const RULE_REASONS = {
  rule_block: {
    ar: (p: Params) => `محظور بقاعدة على ${kindOf(p, 'ar')}${noteOf(p, 'ar')}`,
    en: (p: Params) => `blocked by a rule on the ${kindOf(p, 'en')}${noteOf(p, 'en')}`,
  },
  rule_hold: {
    ar: (p: Params) => `مُعلّق للمراجعة بقاعدة على ${kindOf(p, 'ar')}${noteOf(p, 'ar')}`,
    en: (p: Params) => `held for review by a rule on the ${kindOf(p, 'en')}${noteOf(p, 'en')}`,
  },
};
