import type { Reason } from '../domain/types.js';
import { format, type Locale } from './locale.js';
import { RULE_REASONS } from './reasons-rules.js';
import { READERS_REASONS } from '../readers/messages.js';

type Params = Record<string, string | number>;

/** Plural forms chosen by Intl.PluralRules on one numeric parameter (Arabic has all six). */
interface Plural {
  plural: string;
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
}

/** A template with `{param}` slots, plural forms, or a function for anything more. */
export type ReasonText = string | Plural | ((params: Params, locale: Locale) => string);

/**
 * Words for moderation reasons, by code. Owned by the moderation pipeline;
 * every code a phase emits must be here in both locales.
 */
export const REASONS: Record<string, Record<Locale, ReasonText>> = {
  first_comment: { ar: 'أول تعليق من هذا الكاتب', en: 'first comment from this author' },
  hold_all: { ar: 'الموقع يراجع كل التعليقات', en: 'this site holds every comment' },
  links: {
    ar: {
      plural: 'count',
      forms: {
        zero: 'لا روابط',
        one: 'رابط واحد',
        two: 'رابطان',
        few: '{count} روابط',
        many: '{count} رابطاً',
        other: '{count} رابط',
      },
    },
    en: { plural: 'count', forms: { one: '{count} link', other: '{count} links' } },
  },
  moderation_word: { ar: 'كلمة مراقبة: {word}', en: 'matched moderation word: {word}' },
  disallowed_word: { ar: 'كلمة محظورة: {word}', en: 'matched disallowed word: {word}' },
  honeypot: {
    ar: 'مُلئ الحقل المخفي الذي لا يراه البشر (برنامج آلي على الأرجح)',
    en: 'the hidden field people never see was filled in (likely a bot)',
  },
  token_missing: { ar: 'أُرسل دون رمز النموذج', en: 'sent without a form token' },
  token_forged: {
    ar: 'رمز النموذج غير صالح أو يخص صفحة أخرى',
    en: 'the form token is invalid or belongs to another page',
  },
  token_expired: { ar: 'انتهت صلاحية رمز النموذج', en: 'the form token had expired' },
  too_fast: {
    ar: 'أُرسل خلال {seconds} ث (الحد الأدنى {min} ث)',
    en: 'submitted in {seconds} s (minimum {min} s)',
  },
  ...RULE_REASONS,
  ...READERS_REASONS,
};

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n);
}

/** A reason in words for a moderator; an unknown code is shown as is. */
export function renderReason(reason: Reason, locale: Locale): string {
  const text = REASONS[reason.code]?.[locale];
  if (text === undefined) return reason.code;
  const params = reason.params ?? {};
  if (typeof text === 'function') return text(params, locale);
  if (typeof text === 'string') return format(text, params, locale);
  const n = Number(params[text.plural]);
  const template = Number.isFinite(n) ? (text.forms[pluralCategory(locale, n)] ?? text.forms.other) : text.forms.other;
  return format(template, params, locale);
}
