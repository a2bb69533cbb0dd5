import type { Locale } from '../i18n/locale.js';
import type { ReasonText } from '../i18n/reasons.js';

/** Messages of the readers' features (issue 14), Arabic first; merged into MESSAGES. */
export const READERS_MESSAGES = {
  edit_window_closed: { ar: 'انتهت مهلة تعديل هذا التعليق أو حذفه.', en: 'The time to edit or delete this comment is over.' },
  edit_token_invalid: { ar: 'لا يمكنك تعديل هذا التعليق: رمز التعديل غير صحيح.', en: 'You cannot change this comment: the edit token is not valid.' },
  comment_deleted: { ar: 'حُذف هذا التعليق.', en: 'This comment has been deleted.' },
  comment_unavailable: { ar: 'التعليق المطلوب غير متاح في هذه الصفحة.', en: 'The requested comment is not available on this page.' },
  reader_id_invalid: {
    ar: 'الترويسة \u2066Majlis-Reader\u2069 مطلوبة: من ١٦ إلى ٦٤ حرفاً لاتينياً أو رقماً أو «-» أو «_».',
    en: 'The Majlis-Reader header is required: 16 to 64 letters, digits, "-" or "_".',
  },
  reaction_invalid: { ar: 'التفاعل المعروف الوحيد هو \u2066like\u2069.', en: 'The only known reaction is "like".' },
  reactions_off: { ar: 'الإعجابات معطّلة على هذا الموقع.', en: 'Likes are turned off on this site.' },
  report_reason_invalid: { ar: 'اختر سبب البلاغ: \u2066spam\u2069 أو \u2066abuse\u2069 أو \u2066off_topic\u2069 أو \u2066other\u2069.', en: 'Choose the reason: spam, abuse, off_topic or other.' },
  report_note_long: { ar: 'الملاحظة طويلة جداً: الحد الأقصى ٥٠٠ حرف.', en: 'The note is too long: at most 500 characters.' },
  sort_invalid: { ar: 'الترتيب يجب أن يكون \u2066oldest\u2069 أو \u2066newest\u2069 أو \u2066popular\u2069.', en: 'The order must be oldest, newest or popular.' },
  cursor_other_sort: { ar: 'هذا المؤشر يخص ترتيباً آخر.', en: 'This cursor belongs to another order.' },
  feature_unapproved: { ar: 'لا يُختار إلا تعليق موافق عليه.', en: 'Only an approved comment can be featured.' },
} satisfies Record<string, Record<Locale, string>>;

/** Reasons given by readers' features (issue 14), merged into REASONS. */
export const READERS_REASONS: Record<string, Record<Locale, ReasonText>> = {
  author_deleted: { ar: 'حذفه كاتبه', en: 'Deleted by its author' },
  reported: {
    ar: {
      plural: 'count',
      forms: {
        zero: 'لم يبلغ عنه أحد',
        one: 'أبلغ عنه قارئ واحد',
        two: 'أبلغ عنه قارئان',
        few: 'أبلغ عنه {count} قرّاء',
        many: 'أبلغ عنه {count} قارئاً',
        other: 'أبلغ عنه {count} قارئ',
      },
    },
    en: { plural: 'count', forms: { one: 'Reported by {count} reader', other: 'Reported by {count} readers' } },
  },
};
