/**
 * What an import reports about a file (repairs, comments left out, why a file
 * cannot be read), as stable keys with parameters, rendered at the edge in the
 * reader's language: Arabic by default over HTTP, English in the CLI.
 */
import { format, type Locale } from '../i18n/locale.js';

/** Technical tokens (entities, element names, ids) in Arabic text sit in left-to-right isolates. */
const ltr = (slot: string) => `\u2066{${slot}}\u2069`;

export const NOTES = {
  raw_amp: { en: 'raw "&" escaped as "&amp;"', ar: 'حرف «&» غير مُهرَّب: صار «&amp;»' },
  html_entity: { en: 'HTML entity {entity} replaced by its character', ar: `كيان HTML ${ltr('entity')} استُبدل بحرفه` },
  forbidden_char_ref: { en: 'reference to a character XML forbids ({ref}) removed', ar: `حُذفت إشارة إلى حرف لا يسمح به XML ${ltr('ref')}` },
  unknown_entity: { en: 'unknown entity {entity} kept as text', ar: `كيان غير معروف ${ltr('entity')} بقي نصاً` },
  control_break: { en: 'control character {char} replaced by a line break', ar: `حرف التحكم ${ltr('char')} صار سطراً جديداً` },
  control_removed: { en: 'control character {char} removed', ar: `حُذف حرف التحكم ${ltr('char')}` },
  gmt_from_offset: {
    en: "comment_date_gmt is empty: UTC taken from the local date with the export's offset ({offset})",
    ar: `comment_date_gmt فارغ: حُسب التوقيت العالمي من التاريخ المحلي بفارق الملف ${ltr('offset')}`,
  },
  gmt_as_utc: {
    en: 'comment_date_gmt is empty and the time zone is unknown: the local date was taken as UTC',
    ar: 'comment_date_gmt فارغ والمنطقة الزمنية غير معروفة: اعتُبر التاريخ المحلي توقيتاً عالمياً',
  },
  unknown_approved: { en: 'unknown comment_approved "{value}": held as pending', ar: `قيمة comment_approved غير معروفة ${ltr('value')}: وُضع التعليق قيد المراجعة` },
  content_cut: { en: 'comment text cut to {max} characters (it had {had})', ar: 'قُصّ نص التعليق إلى {max} حرفاً (كان {had})' },
  decl_not_first: {
    en: 'text before the XML declaration (often blank lines printed by a plugin): the declaration was dropped',
    ar: 'نص قبل إعلان XML (غالباً أسطر فارغة طبعتها إضافة): حُذف الإعلان',
  },
  bad_settings: { en: 'the site settings in the file are not valid: defaults used', ar: 'إعدادات الموقع في الملف غير صالحة: استُخدمت الإعدادات الافتراضية' },
  no_post_link: { en: 'the post of this comment has no link or id: not imported', ar: 'مقال هذا التعليق بلا رابط ولا رقم: لم يُستورد' },
  no_comment_id: { en: 'comment without <wp:comment_id>: not imported', ar: 'تعليق بلا <wp:comment_id>: لم يُستورد' },
  no_date: { en: 'comment without a readable date: not imported', ar: 'تعليق بلا تاريخ مقروء: لم يُستورد' },
  disqus_no_id: { en: 'post without dsq:id: not imported', ar: 'مشاركة بلا dsq:id: لم تُستورد' },
  disqus_no_thread: {
    en: 'post {post} names thread {thread}, which the file does not have: not imported',
    ar: `المشاركة ${ltr('post')} تشير إلى النقاش ${ltr('thread')} وهو ليس في الملف: لم تُستورد`,
  },
  disqus_no_link: { en: 'thread {thread} has no usable {what}: post {post} not imported', ar: `النقاش ${ltr('thread')} بلا ${ltr('what')} صالح: لم تُستورد المشاركة ${ltr('post')}` },
  disqus_no_date: { en: 'post {post} has no readable <createdAt>: not imported', ar: `المشاركة ${ltr('post')} بلا <createdAt> مقروء: لم تُستورد` },
  json_no_id: { en: 'comment {n} has no id or page: not imported', ar: 'التعليق رقم {n} بلا معرّف أو صفحة: لم يُستورد' },
  json_bad_comment: { en: 'comment {id} has no valid createdAt or status: not imported', ar: `التعليق ${ltr('id')} بلا createdAt أو حالة صالحة: لم يُستورد` },
  // Why a file cannot be read (nothing is imported)
  // The parser's own words ({detail}, English) are not in these sentences: renderNote gives them apart, as `detail`.
  xml_unreadable: {
    en: 'the XML cannot be read: the file is not well-formed (often a tag left open or a file cut short)',
    ar: 'تعذّرت قراءة XML: بنية الملف غير سليمة (غالباً وسم لم يُغلق أو ملف انقطع أثناء التنزيل)',
  },
  json_unreadable: {
    en: 'not valid JSON: the file is not well-formed (often a missing comma or bracket, or a file cut short)',
    ar: 'ليس JSON صالحاً: بنية الملف غير سليمة (غالباً فاصلة أو قوس ناقص، أو ملف انقطع أثناء التنزيل)',
  },
  json_too_deep: { en: 'JSON nested too deeply (more than {max} levels); a Majlis export has fewer than 10', ar: 'بيانات JSON متداخلة أكثر مما ينبغي (أكثر من {max} مستوى)؛ ملف تصدير مجلس أقل من 10 مستويات' },
  empty: { en: 'the file is empty', ar: 'الملف فارغ' },
  // A file of another format than the one chosen (import/sniff.ts): what it looks like, and which choice to make.
  file_is_json: {
    en: 'this file is JSON (it starts with "{"), not XML: a Majlis export is JSON — choose the format "Majlis (JSON)" (json) and import it again',
    ar: 'هذا الملف JSON (يبدأ بـ «{») وليس XML: ملفات تصدير مجلس JSON — اختر الصيغة «مجلس (JSON)» (json) ثم أعد الاستيراد',
  },
  file_is_wxr: {
    en: 'this file looks like a WordPress export (XML starting with <rss>), not the format chosen: choose "WordPress (WXR)" (wordpress) and import it again',
    ar: 'يبدو هذا الملف ملف تصدير من ووردبريس (XML يبدأ بـ rss) لا الصيغة المختارة: اختر «ووردبريس (WXR)» (wordpress) ثم أعد الاستيراد',
  },
  file_is_disqus: {
    en: 'this file looks like a Disqus export (XML starting with <disqus>), not the format chosen: choose "Disqus (XML)" (disqus) and import it again',
    ar: 'يبدو هذا الملف ملف تصدير من Disqus (XML يبدأ بـ disqus) لا الصيغة المختارة: اختر «Disqus (XML)» (disqus) ثم أعد الاستيراد',
  },
  file_is_xml: {
    en: 'this file is XML (its root is <{root}>), not JSON: a Majlis export is JSON; for a WordPress or Disqus export choose that format instead',
    ar: `هذا الملف XML (عنصره الجذر ${ltr('root')}) وليس JSON: ملفات تصدير مجلس JSON؛ إن كان تصديراً من ووردبريس أو Disqus فاختر صيغته`,
  },
  file_is_text: {
    en: 'this file is neither XML nor JSON (it starts with "{start}"): it is not an export WordPress, Disqus or Majlis writes',
    ar: `هذا الملف ليس XML ولا JSON (يبدأ بـ ${ltr('start')}): ليس ملف تصدير من ووردبريس أو Disqus أو مجلس`,
  },
  not_wxr: { en: 'not a WordPress export: the document starts with <{root}>, not <rss>', ar: `ليس ملف تصدير من ووردبريس: يبدأ المستند بـ ${ltr('root')} لا بـ rss` },
  no_channel: { en: 'not a WordPress export: no <channel>', ar: 'ليس ملف تصدير من ووردبريس: لا يوجد <channel>' },
  no_site: { en: 'the export names no site (no <wp:base_blog_url> or <link>)', ar: 'لا يذكر الملف موقعه (لا <wp:base_blog_url> ولا <link>)' },
  not_disqus: { en: 'not a Disqus export: the document starts with <{root}>, not <disqus>', ar: `ليس ملف تصدير من Disqus: يبدأ المستند بـ ${ltr('root')} لا بـ disqus` },
  not_majlis: { en: 'not a Majlis export (no "format": "majlis-export")', ar: 'ليس ملف تصدير من مجلس (لا يوجد "format": "majlis-export")' },
  majlis_version: { en: 'Majlis export version {version} is not supported (this Majlis reads version {supported})', ar: `إصدار ملف مجلس ${ltr('version')} غير مدعوم (هذه النسخة تقرأ الإصدار {supported})` },
} satisfies Record<string, Record<Locale, string>>;

export type NoteKey = keyof typeof NOTES;
export type NoteParams = Record<string, string | number>;

/** One thing an import says about a comment of a file (a repair, one left out), at its line (1-based). */
export interface Note {
  line: number;
  key: NoteKey;
  params?: NoteParams;
}

/** Why a whole file cannot be read: at its line (1-based), or null when no line applies — never 0. */
export type FailureNote = Omit<Note, 'line'> & { line: number | null };

export const note = <L extends number | null>(line: L, key: NoteKey, params?: NoteParams): { line: L; key: NoteKey; params?: NoteParams } => (params ? { line, key, params } : { line, key });

/**
 * A note in the reader's language. A parser's own message (the `detail` parameter, in
 * English whatever the locale) is never part of `what`: it comes apart as `detail`, for a
 * technical line the reader may skip.
 */
export function renderNote(n: Note | FailureNote, locale: Locale): { line: number | null; what: string; detail?: string } {
  const what = format(NOTES[n.key][locale], n.params, locale);
  const detail = n.params?.detail;
  return detail === undefined || detail === '' ? { line: n.line, what } : { line: n.line, what, detail: String(detail) };
}
