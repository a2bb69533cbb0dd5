/**
 * Strings of the import/export view (Arabic first), kept beside the main
 * catalogues so the view can be added without touching them. Filled and
 * isolated by the same rules as I18n.t.
 */
import type { I18n } from './i18n.js';

const ar = {
  nav: 'الاستيراد والتصدير',
  title: 'نقل التعليقات: استيراد وتصدير',
  importTitle: 'استيراد تعليقات من نظام آخر',
  importIntro: 'اختر ملف تصدير من ووردبريس (WXR) أو Disqus أو من مجلس نفسه. افحصه أولاً دون كتابة شيء، ثم استورده. يمكن تكرار الاستيراد بأمان: ما استُورد من قبل يُتخطّى.',
  format: 'نوع الملف',
  format_wordpress: 'ووردبريس (WXR)',
  format_disqus: 'Disqus (XML)',
  format_json: 'مجلس (JSON)',
  file: 'ملف التصدير',
  fileHint: 'حتى ٥١٢ ميغابايت.',
  withPings: 'استورد التنبيهات (pingback وtrackback) أيضاً',
  dryRun: 'فحص دون استيراد',
  import: 'استيراد',
  noFile: 'اختر ملفاً أولاً.',
  uploading: 'جارٍ رفع الملف: {percent}٪',
  processing: 'اكتمل الرفع، جارٍ قراءة الملف وكتابة التعليقات…',
  progressLabel: 'تقدّم الاستيراد',
  dryRunDone: 'نتيجة الفحص (لم يُكتب شيء):',
  importDone: 'اكتمل الاستيراد:',
  failed: 'تعذّرت قراءة الملف؛ لم يُستورد شيء.',
  summaryLabel: 'ملخص الاستيراد',
  imported: 'تعليقات جديدة',
  importedDry: 'تعليقات ستُستورد',
  skipped: 'متخطّاة (موجودة من قبل أو تنبيهات)',
  pages: 'صفحات',
  orphans: 'ردود بلا أصل في الملف (صارت تعليقات مستقلة)',
  status_approved: 'معتمدة',
  status_pending: 'قيد المراجعة',
  status_spam: 'مزعجة',
  status_trash: 'في المهملات',
  repaired: 'إصلاحات في الملف',
  errors: 'أخطاء',
  line: 'السطر {line}',
  parserDetail: 'تفصيل تقني من قارئ الملف (بالإنجليزية):',
  exportTitle: 'تصدير كل التعليقات',
  exportIntro: 'نسخة كاملة من تعليقات الموقع بكل حالاتها، مع البريد وعناوين IP: احفظها في مكان آمن.',
  exportJson: 'تنزيل بصيغة مجلس (JSON)',
  exportWxr: 'تنزيل بصيغة ووردبريس (WXR)',
  network: 'تعذّر الاتصال بالخادم. تحقّق من الشبكة ثم حاول مجدداً.',
  // A file that plainly is another format than the one chosen (server/shared/import-sniff.ts), said before uploading it
  file_is_json: 'هذا الملف JSON (ملف تصدير من مجلس) وليس XML: اختر «مجلس (JSON)» في «نوع الملف» ثم أعد المحاولة.',
  file_is_wxr: 'يبدو هذا الملف ملف تصدير من ووردبريس (XML يبدأ بـ rss): اختر «ووردبريس (WXR)» في «نوع الملف» ثم أعد المحاولة.',
  file_is_disqus: 'يبدو هذا الملف ملف تصدير من Disqus (XML يبدأ بـ disqus): اختر «Disqus (XML)» في «نوع الملف» ثم أعد المحاولة.',
  file_is_xml: 'هذا الملف XML (عنصره الجذر {root}) وليس JSON: ملفات تصدير مجلس JSON؛ إن كان تصديراً من ووردبريس أو Disqus فاختر صيغته في «نوع الملف».',
  file_is_text: 'هذا الملف ليس XML ولا JSON (يبدأ بـ {start}): ليس ملف تصدير من ووردبريس أو Disqus أو مجلس.',
};

const en: typeof ar = {
  nav: 'Import & export',
  title: 'Moving comments: import and export',
  importTitle: 'Import comments from another system',
  importIntro: 'Choose an export file from WordPress (WXR), Disqus or Majlis itself. Check it first without writing anything, then import it. Importing again is safe: what was imported before is skipped.',
  format: 'File type',
  format_wordpress: 'WordPress (WXR)',
  format_disqus: 'Disqus (XML)',
  format_json: 'Majlis (JSON)',
  file: 'Export file',
  fileHint: 'Up to 512 MB.',
  withPings: 'Also import pingbacks and trackbacks',
  dryRun: 'Check without importing',
  import: 'Import',
  noFile: 'Choose a file first.',
  uploading: 'Uploading the file: {percent}%',
  processing: 'Upload complete; reading the file and writing the comments…',
  progressLabel: 'Import progress',
  dryRunDone: 'Check result (nothing was written):',
  importDone: 'Import finished:',
  failed: 'The file could not be read; nothing was imported.',
  summaryLabel: 'Import summary',
  imported: 'New comments',
  importedDry: 'Comments to import',
  skipped: 'Skipped (already there, or pings)',
  pages: 'Pages',
  orphans: 'Replies whose parent is not in the file (now top-level)',
  status_approved: 'Approved',
  status_pending: 'Pending',
  status_spam: 'Spam',
  status_trash: 'Trash',
  repaired: 'Repairs made to the file',
  errors: 'Errors',
  line: 'line {line}',
  parserDetail: 'Technical detail from the file reader:',
  exportTitle: 'Export every comment',
  exportIntro: 'A complete copy of the site’s comments in every status, with emails and IP addresses: keep it somewhere safe.',
  exportJson: 'Download as Majlis (JSON)',
  exportWxr: 'Download as WordPress (WXR)',
  network: 'Could not reach the server. Check the network and try again.',
  file_is_json: 'This file is JSON (a Majlis export), not XML: choose “Majlis (JSON)” under “File type” and try again.',
  file_is_wxr: 'This file looks like a WordPress export (XML starting with <rss>): choose “WordPress (WXR)” under “File type” and try again.',
  file_is_disqus: 'This file looks like a Disqus export (XML starting with <disqus>): choose “Disqus (XML)” under “File type” and try again.',
  file_is_xml: 'This file is XML (its root is <{root}>), not JSON: a Majlis export is JSON; for a WordPress or Disqus export choose that format under “File type”.',
  file_is_text: 'This file is neither XML nor JSON (it starts with “{start}”): it is not an export WordPress, Disqus or Majlis writes.',
};

export type TransferKey = keyof typeof ar;
const CATALOGUES = { ar, en };

/** A string of the import/export view in the dashboard's language; numbers localised, text isolated. */
export function tt(i18n: I18n, key: TransferKey, params: Record<string, string | number> = {}): string {
  return CATALOGUES[i18n.lang][key].replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = params[name];
    if (v === undefined) return slot;
    return typeof v === 'number' ? i18n.num(v) : `\u2068${v}\u2069`;
  });
}
