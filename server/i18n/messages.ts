import type { Locale } from './locale.js';
import { MODTOOLS_MESSAGES } from './messages-modtools.js';
import { READERS_MESSAGES } from '../readers/messages.js';

/** Every user-facing server message, Arabic first. Keys are stable; wording is ours. */
export const MESSAGES = {
  bad_request: { ar: 'الطلب غير صالح.', en: 'The request is not valid.' },
  url_not_encoded: {
    ar: 'عنوان الطلب يحوي محارف غير مرمّزة. رمّز ما ليس ASCII في العنوان (مثل encodeURIComponent) ثم أعد المحاولة.',
    en: 'The request URL holds unencoded characters. Percent-encode anything that is not ASCII (as encodeURIComponent does) and try again.',
  },
  bad_json: { ar: 'نص الطلب ليس JSON صالحاً.', en: 'The request body is not valid JSON.' },
  bad_types: { ar: 'بعض الحقول ليست نصوصاً كما يجب.', en: 'Some fields are not plain strings as required.' },
  unknown_site: { ar: 'الموقع «{site}» غير معروف.', en: 'The site "{site}" is not known.' },
  missing_param: { ar: 'المعامل «{param}» مطلوب.', en: 'The parameter "{param}" is required.' },
  bad_param: { ar: 'قيمة المعامل «{param}» غير صالحة.', en: 'The parameter "{param}" has an invalid value.' },
  param_too_long: {
    ar: 'قيمة المعامل «{param}» أطول من المسموح ({max, plural, zero {# حرف} one {حرف واحد} two {حرفان} few {# أحرف} many {# حرفاً} other {# حرف}} على الأكثر).',
    en: 'The parameter "{param}" is too long (at most {max, plural, one {# character} other {# characters}}).',
  },
  param_too_long_bare: { ar: 'قيمة المعامل «{param}» أطول من المسموح.', en: 'The parameter "{param}" is too long.' },
  uri_too_long: { ar: 'عنوان الطلب أطول من المسموح به.', en: 'The request URL is too long.' },
  too_many_claims: {
    ar: 'يمكن السؤال عن {max} تعليقاً على الأكثر في الطلب الواحد (المعامل «c»): قسّمها على عدة طلبات.',
    en: 'At most {max} comments can be asked about in one request (the "c" parameter): split them over several requests.',
  },
  validation: { ar: 'يرجى تصحيح الحقول المشار إليها.', en: 'Please correct the highlighted fields.' },
  too_large: { ar: 'الطلب أكبر من المسموح به.', en: 'The request is too large.' },
  unsupported_type: { ar: 'يجب إرسال الطلب بصيغة JSON.', en: 'The request must be sent as JSON.' },
  origin_forbidden: { ar: 'هذا الموقع غير مسموح له بإرسال التعليقات هنا.', en: 'This origin is not allowed to post comments here.' },
  origin_forbidden_live: { ar: 'هذا الموقع غير مسموح له بمتابعة التعليقات هنا مباشرةً.', en: 'This origin is not allowed to follow comments here live.' },
  thread_closed: { ar: 'عذراً، التعليقات مغلقة على هذه الصفحة.', en: 'Sorry, comments are closed on this page.' },
  parent_unapproved: { ar: 'عذراً، لا يمكن الرد على تعليق لم تتم الموافقة عليه.', en: 'Sorry, replies to unapproved comments are not allowed.' },
  parent_not_found: { ar: 'التعليق الذي تردّ عليه غير موجود في هذه الصفحة.', en: 'The comment you are replying to does not exist on this page.' },
  not_found: { ar: 'غير موجود.', en: 'Not found.' },
  duplicate: { ar: 'تم اكتشاف تعليق مكرر؛ يبدو أنك قلت هذا من قبل!', en: 'Duplicate comment detected; it looks as though you have already said that!' },
  flood: { ar: 'أنت ترسل التعليقات بسرعة كبيرة. تمهّل قليلاً.', en: 'You are posting comments too quickly. Slow down.' },
  rate_limited: {
    ar: 'طلبات كثيرة جداً. حاول مرة أخرى {seconds, plural, zero {الآن} one {بعد ثانية} two {بعد ثانيتين} few {بعد # ثوانٍ} many {بعد # ثانية} other {بعد # ثانية}}.',
    en: 'Too many requests. Try again {seconds, plural, one {in # second} other {in # seconds}}.',
  },
  unauthorized: { ar: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.', en: 'The email address or password is incorrect.' },
  login_required: { ar: 'يجب تسجيل الدخول كمشرف.', en: 'You must be signed in as a moderator.' },
  admin_only: { ar: 'هذا الإجراء للمديرين فقط.', en: 'Only admins may do this.' },
  csrf: { ar: 'تم رفض الطلب لأن مصدره غير موثوق.', en: 'The request was refused because its origin is not trusted.' },
  conflict: { ar: 'قرّر مشرف آخر في هذا التعليق قبلك.', en: 'Another moderator decided on this comment first.' },
  // A lost decision: the text is built per locale by i18n/decided.ts («وافق عليه خالد قبل ٣ ثوانٍ.»).
  conflict_decided: { ar: '{detail}', en: '{detail}' },
  bad_action: { ar: 'الإجراء غير معروف.', en: 'Unknown action.' },
  idempotency_mismatch: { ar: 'استُخدم مفتاح التكرار نفسه مع محتوى مختلف.', en: 'The same Idempotency-Key was used with a different body.' },
  idempotency_in_progress: { ar: 'ما زال طلب سابق بمفتاح التكرار نفسه قيد التنفيذ. حاول مرة أخرى بعد قليل.', en: 'An earlier request with the same Idempotency-Key is still running. Try again shortly.' },
  internal: { ar: 'حدث خطأ في الخادم. حاول مرة أخرى.', en: 'Something went wrong on the server. Please try again.' },
  too_deep: { ar: 'بنية الطلب متداخلة أكثر من المسموح به (الحد الأقصى {max} مستوى).', en: 'The request body is nested too deeply (at most {max} levels).' },
  shutting_down: { ar: 'الخادم يتوقف الآن. أعد المحاولة بعد قليل.', en: 'The server is shutting down. Please try again in a moment.' },
  unavailable: { ar: 'الخدمة غير متاحة مؤقتاً.', en: 'The service is temporarily unavailable.' },
  // field errors
  name_required: { ar: 'الرجاء إدخال اسمك.', en: 'Please enter your name.' },
  email_required: { ar: 'الرجاء إدخال بريدك الإلكتروني.', en: 'Please enter your email address.' },
  email_invalid: { ar: 'يرجى إدخال عنوان بريد إلكتروني صالح.', en: 'Please enter a valid email address.' },
  content_required: { ar: 'الرجاء كتابة نصّ تعليقك.', en: 'Please type your comment.' },
  // Latin inside Arabic in bidi isolates, or "https://" would display scrambled.
  url_invalid: { ar: 'يجب أن يكون عنوان الموقع رابطاً يبدأ بـ \u2066https://\u2069 أو \u2066http://\u2069.', en: 'The website must be a link starting with http:// or https://.' },
  // Worded so the number never needs the counted noun's plural form (٣ أحرف / ١١ حرفاً / ١٠٠ حرف).
  too_long: { ar: 'النص طويل جداً: الحد الأقصى لعدد الأحرف {max}.', en: 'Too long: at most {max} characters.' },
  too_short: { ar: 'النص قصير جداً: الحد الأدنى لعدد الأحرف {min}.', en: 'Too short: at least {min} characters.' },
  not_string: { ar: 'يجب أن تكون القيمة نصاً.', en: 'The value must be text.' },
  password_required: { ar: 'الرجاء إدخال كلمة المرور.', en: 'Please enter your password.' },
  bad_setting_range: { ar: 'يجب أن تكون القيمة عدداً صحيحاً من {min} إلى {max}.', en: 'Must be a whole number from {min} to {max}.' },
  bad_setting_bool: { ar: 'يجب أن تكون القيمة صحيحاً أو خطأً (true/false).', en: 'Must be true or false.' },
  bad_setting_list: { ar: 'يجب أن تكون قائمة كلمات (حتى ٥٠٠٠ كلمة، ٢٠٠ حرف لكل منها).', en: 'Must be a list of words (up to 5000, 200 characters each).' },
  bad_setting_min_max: { ar: 'يجب ألا يزيد الحد الأدنى للطول عن الحد الأقصى.', en: 'The minimum length must not exceed the maximum length.' },
  // [notify] issue 12
  not_boolean: { ar: 'يجب أن تكون القيمة صحيحاً أو خطأً (true/false).', en: 'The value must be true or false.' },
  bad_setting_enum: { ar: 'يجب أن تكون القيمة إحدى: \u2066{values}\u2069.', en: 'Must be one of: {values}.' },
  bad_setting_emails: { ar: 'يجب أن تكون قائمة عناوين بريد إلكتروني صالحة (حتى ٥٠ عنواناً).', en: 'Must be a list of valid email addresses (up to 50).' },
  webhook_url_invalid: { ar: 'يجب أن يكون عنوان الخطاف رابطاً يبدأ بـ \u2066http://\u2069 أو \u2066https://\u2069.', en: 'The webhook URL must be a link starting with http:// or https://.' },
  webhook_url_private: { ar: 'عنوان الخطاف يشير إلى عنوان داخلي أو خاص، وهذا غير مسموح.', en: 'The webhook URL points to a loopback, private or link-local address, which is not allowed.' },
  webhook_url_unresolved: { ar: 'تعذّر العثور على خادم الخطاف.', en: 'The webhook host could not be resolved.' },
  webhook_events_invalid: { ar: 'الأحداث المعروفة: \u2066{events}\u2069.', en: 'Known events: {events}.' },
  unknown_setting: { ar: 'إعداد غير معروف.', en: 'Unknown setting.' },
  // moderator tools (issue 13): moderators and sites, rules, search, edits, purge, privacy, audit
  ...MODTOOLS_MESSAGES,
  // readers' features (issue 14): edit window, likes, reports, sorting, featured
  ...READERS_MESSAGES,
} satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;
