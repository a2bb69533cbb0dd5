import type { Lang } from './i18n/i18n.js';

/** Words of the notifications view (issue 12), Arabic first. `{x}` slots are filled with isolated values. */
const ar = {
  title: 'الإشعارات والخطافات',
  mailOff: 'البريد الإلكتروني غير مُعدّ: لن تُرسل أي رسالة إلى المشرفين أو القرّاء حتى يُضبط المتغير SMTP_URL ويُعاد تشغيل الخادم.',
  mailOn: 'البريد مُعدّ؛ تُرسل الرسائل من {from}.',
  groupMail: 'رسائل البريد',
  notifyModerators: 'إعلام المشرفين بالتعليقات المحتجزة',
  notify_off: 'لا ترسل',
  notify_each: 'رسالة لكل تعليق',
  notify_digest: 'ملخّص دوري',
  digestMinutes: 'مدة الملخّص (بالدقائق)',
  notifyTo: 'المستلمون (عنوان في كل سطر؛ فارغ = كل المشرفين)',
  replyNotifications: 'السماح للقرّاء بطلب الإعلام بالردود (مع تأكيد عبر البريد)',
  mailLanguage: 'لغة الرسائل',
  lang_ar: 'العربية',
  lang_en: 'الإنجليزية',
  save: 'حفظ',
  saved: 'تم الحفظ.',
  groupHooks: 'الخطافات (Webhooks)',
  hooksNone: 'لا توجد خطافات لهذا الموقع.',
  url: 'عنوان الخطاف',
  events: 'الأحداث',
  private: 'خاص: يتضمن البريد الإلكتروني وعنوان IP',
  add: 'إضافة خطاف',
  remove: 'حذف',
  secretOnce: 'المفتاح السري لهذا الخطاف (يظهر الآن فقط، احفظه): {secret}',
  deliveries: 'آخر عمليات التسليم',
  noDeliveries: 'لا تسليمات بعد.',
  resend: 'إعادة الإرسال',
  status_pending: 'قيد الإرسال',
  status_done: 'تم',
  status_failed: 'فشل',
  attempts: 'المحاولات: {n}',
};
type Strings = typeof ar;

const en: Strings = {
  title: 'Notifications and webhooks',
  mailOff: 'Email is not configured: no message goes to moderators or readers until SMTP_URL is set and the server restarted.',
  mailOn: 'Email is configured; messages are sent from {from}.',
  groupMail: 'Email',
  notifyModerators: 'Tell moderators about held comments',
  notify_off: 'Do not send',
  notify_each: 'One message per comment',
  notify_digest: 'Periodic digest',
  digestMinutes: 'Digest period (minutes)',
  notifyTo: 'Recipients (one address per line; empty = every moderator)',
  replyNotifications: 'Let readers ask to be emailed replies (confirmed by email)',
  mailLanguage: 'Message language',
  lang_ar: 'Arabic',
  lang_en: 'English',
  save: 'Save',
  saved: 'Saved.',
  groupHooks: 'Webhooks',
  hooksNone: 'This site has no webhooks.',
  url: 'Webhook URL',
  events: 'Events',
  private: 'Private: includes email and IP address',
  add: 'Add webhook',
  remove: 'Remove',
  secretOnce: 'This webhook’s secret (shown only now, keep it): {secret}',
  deliveries: 'Recent deliveries',
  noDeliveries: 'No deliveries yet.',
  resend: 'Resend',
  status_pending: 'sending',
  status_done: 'done',
  status_failed: 'failed',
  attempts: 'attempts: {n}',
};

export type NotifyKey = keyof Strings;

export function nt(lang: Lang, key: NotifyKey, params: Record<string, string | number> = {}): string {
  const numbers = new Intl.NumberFormat(lang === 'ar' ? 'ar-KW' : 'en-GB');
  return (lang === 'ar' ? ar : en)[key].replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = params[name];
    if (v === undefined) return slot;
    return typeof v === 'number' ? numbers.format(v) : `\u2068${v}\u2069`;
  });
}
