/**
 * The comment form's words (ar, the reference, and en), shipped in the form's
 * chunk rather than with first paint. `{x}` marks a value filled in at render;
 * plural sentences get `{n}` in the locale's digits.
 */
const ar = {
  leave: 'اترك تعليقاً',
  leaveReply: 'اترك رداً على {name}',
  cancelReply: 'إلغاء الرد',
  emailNote: 'لن يتم نشر عنوان بريدك الإلكتروني.',
  requiredNote: 'الحقول الإلزامية مشار إليها بـ {star}',
  content: 'التعليق',
  name: 'الاسم',
  email: 'البريد الإلكتروني',
  url: 'الموقع الإلكتروني',
  remember: 'تذكّر اسمي وبريدي الإلكتروني وموقعي في هذا المتصفح حتى لا أكتبها مجدداً عند تعليقي القادم.',
  notifyReplies: 'أعلمني بالردود على تعليقي عبر البريد الإلكتروني',
  honeypot: 'لا تكتب شيئاً في هذا الحقل',
  submit: 'إرسال التعليق',
  sending: 'جارٍ الإرسال…',
  fixFields: 'يرجى تصحيح الحقول المشار إليها.',
  required: {
    content: 'الرجاء كتابة نصّ تعليقك.',
    name: 'الرجاء كتابة اسمك.',
    email: 'الرجاء كتابة بريدك الإلكتروني.',
  },
  badEmail: 'يرجى إدخال عنوان بريد إلكتروني صالح، مثل \u2066name@example.com\u2069.',
  // The Latin parts sit in bidi isolates (U+2066…U+2069) so "https://" reads as written inside Arabic.
  badUrl: 'اكتب رابطاً كاملاً يبدأ بـ \u2066https://\u2069 أو \u2066http://\u2069.',
  network: 'تعذّر الوصول إلى الخادم فلم يُرسل تعليقك. نصّك ما زال هنا؛ تحقّق من اتصالك ثم أعد الإرسال.',
  failed: 'لم يُرسل تعليقك بسبب خطأ في الخادم. نصّك ما زال هنا؛ أعد المحاولة بعد قليل.',
  rateLimited: 'أرسلت تعليقات كثيرة في وقت قصير. أعد الإرسال {when}؛ نصّك محفوظ هنا.',
  // Plural sentences: `{n}` is filled with the locale's digits.
  remaining: {
    zero: 'لم يبقَ أي حرف',
    one: 'بقي حرف واحد',
    two: 'بقي حرفان',
    few: 'بقيت {n} أحرف',
    many: 'بقي {n} حرفاً',
    other: 'بقي {n} حرف',
  },
  overBy: {
    one: 'التعليق أطول من المسموح بحرف واحد؛ احذفه ثم أرسل.',
    two: 'التعليق أطول من المسموح بحرفين؛ احذفهما ثم أرسل.',
    few: 'التعليق أطول من المسموح بـ{n} أحرف؛ احذفها ثم أرسل.',
    many: 'التعليق أطول من المسموح بـ{n} حرفاً؛ احذفها ثم أرسل.',
    other: 'التعليق أطول من المسموح بـ{n} حرف؛ احذفها ثم أرسل.',
  },
  tooShort: {
    one: 'اكتب حرفاً واحداً على الأقل.',
    two: 'اكتب حرفين على الأقل.',
    few: 'اكتب {n} أحرف على الأقل.',
    many: 'اكتب {n} حرفاً على الأقل.',
    other: 'اكتب {n} حرف على الأقل.',
  },
  tooLong: {
    one: 'اكتب حرفاً واحداً على الأكثر.',
    two: 'اكتب حرفين على الأكثر.',
    few: 'اكتب {n} أحرف على الأكثر.',
    many: 'اكتب {n} حرفاً على الأكثر.',
    other: 'اكتب {n} حرف على الأكثر.',
  },
};

export type FormStrings = typeof ar;

const en: FormStrings = {
  leave: 'Leave a comment',
  leaveReply: 'Leave a reply to {name}',
  cancelReply: 'Cancel reply',
  emailNote: 'Your email address will not be shown to anyone.',
  requiredNote: 'Required fields are marked {star}',
  content: 'Comment',
  name: 'Name',
  email: 'Email',
  url: 'Website',
  remember: 'Remember my name, email and website in this browser so I need not type them next time I comment.',
  notifyReplies: 'Email me replies to my comment',
  honeypot: 'Leave this field empty',
  submit: 'Post comment',
  sending: 'Sending…',
  fixFields: 'Please correct the highlighted fields.',
  required: {
    content: 'Please type your comment.',
    name: 'Please enter your name.',
    email: 'Please enter your email address.',
  },
  badEmail: 'Please enter a valid email address, such as name@example.com.',
  badUrl: 'Enter a full link starting with http:// or https://.',
  network: 'The server could not be reached, so your comment was not sent. Your text is still here; check your connection and send again.',
  failed: 'Your comment was not sent because of a server error. Your text is still here; try again in a moment.',
  rateLimited: 'You sent too many comments in a short time. Send again {when}; your text is kept here.',
  remaining: { zero: 'No characters left', one: '{n} character left', two: '{n} characters left', few: '{n} characters left', many: '{n} characters left', other: '{n} characters left' },
  overBy: { one: 'The comment is {n} character too long; shorten it, then send.', two: '', few: '', many: '', other: 'The comment is {n} characters too long; shorten it, then send.' },
  tooShort: { one: 'Write at least {n} character.', two: '', few: '', many: '', other: 'Write at least {n} characters.' },
  tooLong: { one: 'Write at most {n} character.', two: '', few: '', many: '', other: 'Write at most {n} characters.' },
};

export const formStrings = (locale: string): FormStrings => (/^en\b/i.test(locale) ? en : ar);
