import type { Locale } from '../i18n/locale.js';

/**
 * Every string of messages and link pages, Arabic first. `{name}` placeholders
 * are filled with already-isolated values (see html.ts); plural forms follow
 * Intl.PluralRules (ar: zero, one, two, few, many, other).
 */
export const NOTIFY_STRINGS = {
  ar: {
    held_subject: '[{site}] تعليق بانتظار المراجعة: {title}',
    held_heading: 'تعليق جديد بانتظار المراجعة',
    held_intro: 'وصل تعليق جديد على الصفحة {title} وهو بانتظار موافقتك.',
    page: 'الصفحة',
    name: 'الاسم',
    email: 'البريد الإلكتروني',
    website: 'الموقع الإلكتروني',
    ip: 'عنوان IP',
    reasons: 'سبب الاحتجاز',
    text: 'التعليق',
    approve: 'موافقة',
    spam: 'مزعج',
    trash: 'سلة المهملات',
    open_dashboard: 'افتحه في لوحة الإشراف',
    none: '—',
    links_note: 'تفتح أزرار الإجراءات صفحة تأكيد؛ لا يتغيّر شيء قبل الضغط على زرّها. تنتهي صلاحيتها بعد ٧ أيام.',
    digest_subject: '[{site}] {count}',
    digest_heading: 'ملخّص التعليقات المحتجزة',
    digest_count: { zero: 'لا تعليقات بانتظار المراجعة', one: 'تعليق واحد بانتظار المراجعة', two: 'تعليقان بانتظار المراجعة', few: '{n} تعليقات بانتظار المراجعة', many: '{n} تعليقاً بانتظار المراجعة', other: '{n} تعليق بانتظار المراجعة' },
    digest_on: 'على {title}',
    confirm_subject: 'أكّد رغبتك في تلقّي الردود على تعليقك',
    confirm_heading: 'تأكيد الاشتراك في الردود',
    confirm_intro: 'طلبتَ عند تعليقك على الصفحة {title} أن نُعلمك بالردود عليه عبر البريد الإلكتروني.',
    confirm_button: 'نعم، أعلمني بالردود',
    confirm_ignore: 'إن لم تطلب ذلك فتجاهل هذه الرسالة، ولن تصلك منا رسائل أخرى.',
    reply_subject: 'ردّ جديد على تعليقك في {title}',
    reply_heading: 'ردّ جديد على تعليقك',
    reply_intro: 'ردّ {name} على تعليقك في الصفحة {title}:',
    reply_open: 'اقرأ الردّ في الصفحة',
    reply_footer: 'تصلك هذه الرسالة لأنك طلبت إعلامك بالردود على تعليقك.',
    unsubscribe_link: 'إيقاف هذه الرسائل',
    test_subject: 'رسالة تجريبية من مجلس',
    test_body: 'إذا وصلتك هذه الرسالة فإعدادات البريد في مجلس تعمل.',
    // link pages
    page_moderate_title: 'تأكيد الإجراء',
    page_moderate_ask: 'هل تريد تنفيذ «{action}» على هذا التعليق؟',
    page_moderate_done: 'تم: {action}.',
    page_decided: 'سبق أن قرّر {who} في هذا التعليق ({status}) بتاريخ {when}.',
    page_bad_link: 'هذا الرابط غير صالح أو انتهت صلاحيته.',
    page_gone: 'هذا التعليق لم يعد موجوداً.',
    page_confirm_title: 'تأكيد الاشتراك',
    page_confirm_ask: 'اضغط الزر لتأكيد رغبتك في تلقّي رسالة عند كل ردّ يُنشر على تعليقاتك.',
    page_confirm_done: 'تم التأكيد. ستصلك رسالة عند كل ردّ يُنشر على تعليقاتك.',
    page_unsub_title: 'إيقاف رسائل الردود',
    page_unsub_ask: 'ماذا تريد أن توقف؟',
    page_unsub_thread: 'الردود في هذا النقاش فقط',
    page_unsub_site: 'كل رسائل الردود من هذا الموقع',
    page_unsub_done_thread: 'لن تصلك بعد الآن رسائل عن الردود في هذا النقاش.',
    page_unsub_done_site: 'لن تصلك بعد الآن أي رسائل عن الردود من هذا الموقع.',
    status_pending: 'قيد المراجعة',
    status_approved: 'موافق عليه',
    status_spam: 'مزعج',
    status_trash: 'في سلة المهملات',
    someone: 'مشرف',
  },
  en: {
    held_subject: '[{site}] Comment awaiting moderation: {title}',
    held_heading: 'A new comment is awaiting moderation',
    held_intro: 'A new comment on {title} is waiting for your approval.',
    page: 'Page',
    name: 'Name',
    email: 'Email',
    website: 'Website',
    ip: 'IP address',
    reasons: 'Held because',
    text: 'Comment',
    approve: 'Approve',
    spam: 'Spam',
    trash: 'Trash',
    open_dashboard: 'Open it in the dashboard',
    none: '—',
    links_note: 'The action buttons open a confirmation page; nothing changes until you press its button. They expire after 7 days.',
    digest_subject: '[{site}] {count}',
    digest_heading: 'Held comments digest',
    digest_count: { zero: 'No comments awaiting moderation', one: '1 comment awaiting moderation', two: '2 comments awaiting moderation', few: '{n} comments awaiting moderation', many: '{n} comments awaiting moderation', other: '{n} comments awaiting moderation' },
    digest_on: 'on {title}',
    confirm_subject: 'Confirm you want replies to your comment',
    confirm_heading: 'Confirm reply notifications',
    confirm_intro: 'When you commented on {title} you asked to be emailed replies to your comment.',
    confirm_button: 'Yes, email me replies',
    confirm_ignore: 'If you did not ask for this, ignore this message and you will hear nothing more from us.',
    reply_subject: 'New reply to your comment on {title}',
    reply_heading: 'A new reply to your comment',
    reply_intro: '{name} replied to your comment on {title}:',
    reply_open: 'Read the reply on the page',
    reply_footer: 'You get this message because you asked to be emailed replies to your comment.',
    unsubscribe_link: 'Stop these messages',
    test_subject: 'Test message from Majlis',
    test_body: 'If you received this message, Majlis email settings work.',
    page_moderate_title: 'Confirm the action',
    page_moderate_ask: 'Do you want to “{action}” this comment?',
    page_moderate_done: 'Done: {action}.',
    page_decided: '{who} already decided on this comment ({status}) on {when}.',
    page_bad_link: 'This link is not valid or has expired.',
    page_gone: 'This comment no longer exists.',
    page_confirm_title: 'Confirm subscription',
    page_confirm_ask: 'Press the button to confirm you want a message for each reply published to your comments.',
    page_confirm_done: 'Confirmed. You will get a message for each reply published to your comments.',
    page_unsub_title: 'Stop reply messages',
    page_unsub_ask: 'What do you want to stop?',
    page_unsub_thread: 'Replies in this discussion only',
    page_unsub_site: 'All reply messages from this site',
    page_unsub_done_thread: 'You will no longer get messages about replies in this discussion.',
    page_unsub_done_site: 'You will no longer get any reply messages from this site.',
    status_pending: 'pending',
    status_approved: 'approved',
    status_spam: 'spam',
    status_trash: 'trash',
    someone: 'a moderator',
  },
} as const satisfies Record<Locale, Record<string, string | Record<Intl.LDMLPluralRule, string>>>;

export type NotifyKey = { [K in keyof (typeof NOTIFY_STRINGS)['ar']]: (typeof NOTIFY_STRINGS)['ar'][K] extends string ? K : never }[keyof (typeof NOTIFY_STRINGS)['ar']];

const numberFormat = (locale: Locale) => new Intl.NumberFormat(locale === 'ar' ? 'ar-EG' : 'en-US');

/** A string with `{name}` placeholders filled (values used as given: isolate them first). */
export function t(locale: Locale, key: NotifyKey, params: Record<string, string | number> = {}): string {
  const template: string = NOTIFY_STRINGS[locale][key];
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    if (v === undefined) return m;
    return typeof v === 'number' ? numberFormat(locale).format(v) : v;
  });
}

/** «٣ تعليقات بانتظار المراجعة»: the plural form Intl.PluralRules picks, with the locale's digits. */
export function countHeld(locale: Locale, n: number): string {
  const form = new Intl.PluralRules(locale === 'ar' ? 'ar' : 'en').select(n);
  return NOTIFY_STRINGS[locale].digest_count[form].replace('{n}', numberFormat(locale).format(n));
}

/** A date and time for pages ("decided on …"), in UTC and said so. */
export function formatWhen(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar-EG' : 'en-GB', { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(ms);
}
