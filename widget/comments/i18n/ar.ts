/** The reader widget's words in Arabic (the reference catalogue; en.ts follows its shape). `{x}` marks a value filled in at render. */
const ar = {
  count: {
    zero: 'لا توجد تعليقات',
    one: 'تعليق واحد',
    two: 'تعليقان',
    few: '{n} تعليقات',
    many: '{n} تعليقاً',
    other: '{n} تعليق',
  },
  reply: 'رد',
  replyTo: 'رد على {name}',
  awaiting: 'تعليقك في انتظار المراجعة.',
  published: 'نُشر تعليقك.',
  approvedNow: 'وافق المشرف على تعليقك وأصبح منشوراً.',
  newComment: 'تعليق جديد من {name}.',
  loadMore: 'عرض المزيد من التعليقات',
  loading: 'جارٍ تحميل التعليقات…',
  loadError: 'تعذّر تحميل التعليقات: الخادم لا يستجيب أو الاتصال مقطوع.',
  /** the server refused the request: its own reason (already in this language) */
  refused: 'تعذّر تحميل التعليقات: {message}',
  retry: 'إعادة المحاولة',
  closed: 'التعليقات مغلقة على هذه الصفحة.',
  edited: '(معدّل)',
  deleted: 'تعليق محذوف',
  older: 'تعليقات أقدم',
  newer: 'تعليقات أحدث',
  linkMissing: 'التعليق الذي يشير إليه الرابط غير متاح.',
};

export type Strings = typeof ar;
export default ar;
