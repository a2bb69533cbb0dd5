import type { I18n } from '../i18n/i18n.js';

type Plural = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

/** Words of the readers' signals on a queue item (issue 14 points 5–6), Arabic first. */
const ar = {
  feature: 'تمييز',
  featuredBadge: 'مختار',
  likes: { zero: 'لا إعجابات', one: 'إعجاب واحد', two: 'إعجابان', few: '{count} إعجابات', many: '{count} إعجاباً', other: '{count} إعجاب' } as Plural,
  reportedBy: {
    zero: 'لم يبلغ عنه أحد',
    one: 'أبلغ عنه قارئ واحد',
    two: 'أبلغ عنه قارئان',
    few: 'أبلغ عنه {count} قرّاء',
    many: 'أبلغ عنه {count} قارئاً',
    other: 'أبلغ عنه {count} قارئ',
  } as Plural,
  reasonsLabel: 'أسباب البلاغات',
  notesLabel: 'ملاحظات القرّاء',
  reason_spam: 'سبام',
  reason_abuse: 'إساءة',
  reason_off_topic: 'خارج الموضوع',
  reason_other: 'أخرى',
  reasonCount: '{reason}: {count}',
  dismiss: 'تجاهل البلاغات',
  done_feature: 'مُيّز التعليق، وصار في التعليقات المختارة.',
  done_unfeature: 'أُزيل التمييز عن التعليق.',
  done_dismiss_reports: 'تُجوهلت البلاغات عن التعليق.',
  reportsChanged: 'تغيّرت البلاغات عن تعليق {name}: {reports}.',
  reportsCleared: 'لم تبقَ بلاغات عن تعليق {name}.',
  signalsLabel: 'تفاعل القرّاء',
};

const en: Record<keyof typeof ar, string | Plural> = {
  feature: 'Feature',
  featuredBadge: 'Featured',
  likes: { zero: 'No likes', one: '{count} like', other: '{count} likes' },
  reportedBy: { zero: 'Not reported', one: 'Reported by {count} reader', other: 'Reported by {count} readers' },
  reasonsLabel: 'Report reasons',
  notesLabel: 'Readers’ notes',
  reason_spam: 'Spam',
  reason_abuse: 'Abuse',
  reason_off_topic: 'Off topic',
  reason_other: 'Other',
  reasonCount: '{reason}: {count}',
  dismiss: 'Dismiss reports',
  done_feature: 'Comment featured: it is now among the featured comments.',
  done_unfeature: 'Comment no longer featured.',
  done_dismiss_reports: 'Reports on the comment dismissed.',
  reportsChanged: 'Reports on {name}’s comment changed: {reports}.',
  reportsCleared: 'No reports left on {name}’s comment.',
  signalsLabel: 'Readers’ signals',
};

export type SignalKey = keyof typeof ar;
const CATALOGUES: Record<'ar' | 'en', Record<SignalKey, string | Plural>> = { ar, en };
const rulesFor = new Map<string, Intl.PluralRules>();

/**
 * A readers'-signals string in the dashboard's language. Plural forms through
 * Intl.PluralRules of the locale on `count` (all six Arabic forms: zero, one,
 * two, few, many, other), numbers in the locale's digits, inserted names isolated
 * (FSI…PDI) so they cannot reorder the sentence.
 */
export function rs(i18n: I18n, key: SignalKey, params: Record<string, string | number> = {}): string {
  const msg = CATALOGUES[i18n.lang][key];
  let template: string;
  if (typeof msg === 'string') template = msg;
  else {
    let rules = rulesFor.get(i18n.locale);
    if (!rules) rulesFor.set(i18n.locale, (rules = new Intl.PluralRules(i18n.locale)));
    const n = Number(params.count);
    const form = Number.isFinite(n) ? rules.select(n) : 'other';
    template = (n === 0 ? msg.zero : undefined) ?? msg[form] ?? msg.other;
  }
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = params[name];
    if (v === undefined) return slot;
    return typeof v === 'number' ? i18n.num(v) : `\u2068${v}\u2069`;
  });
}
