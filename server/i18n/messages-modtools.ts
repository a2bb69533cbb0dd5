import type { Locale } from './locale.js';

/** Messages of the moderator tools (issue 13), Arabic first; merged into MESSAGES. */
export const MODTOOLS_MESSAGES = {
  sites_invalid: { ar: 'حدّد المواقع: قائمة بمعرّفات مواقع، أو ["*"] لكل المواقع.', en: 'Give the sites: a list of site ids, or ["*"] for every site.' },
  role_invalid: { ar: 'الدور يجب أن يكون admin أو moderator.', en: 'The role must be admin or moderator.' },
  moderator_name_invalid: { ar: 'الاسم مطلوب (حتى ١٠٠ حرف).', en: 'The name is required (up to 100 characters).' },
  password_short: { ar: 'كلمة المرور ٨ أحرف على الأقل.', en: 'The password must be at least 8 characters.' },
  email_taken: { ar: 'يوجد مشرف بهذا البريد الإلكتروني.', en: 'A moderator with this email address already exists.' },
  last_admin: { ar: 'هذا آخر مدير: أضف مديراً آخر أولاً.', en: 'This is the last admin: add another admin first.' },
  site_id_invalid: { ar: 'معرّف الموقع من ١ إلى ٦٤ حرفاً لاتينياً أو رقماً أو «-» أو «_».', en: 'A site id is 1–64 letters, digits, "-" or "_".' },
  site_exists: { ar: 'يوجد موقع بهذا المعرّف.', en: 'A site with this id already exists.' },
  origins_invalid: { ar: 'المصادر قائمة عناوين مثل \u2066https://news.example\u2069.', en: 'Origins are a list like https://news.example.' },
  rule_match_invalid: { ar: 'حدّد ما تطابقه القاعدة: ‏{ email } أو { ip } أو { domain } (واحد فقط).', en: 'Give what the rule matches: { email }, { ip } or { domain } (exactly one).' },
  rule_ip_invalid: { ar: 'عنوان IP أو نطاق CIDR غير صالح (مثل ⁦203.0.113.0/24⁩ أو ⁦2001:db8::/32⁩).', en: 'Not an IP address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).' },
  rule_domain_invalid: { ar: 'نطاق بريد غير صالح (مثل ⁦example.com⁩).', en: 'Not an email domain (such as example.com).' },
  rule_action_invalid: { ar: 'الإجراء يجب أن يكون trust أو hold أو block.', en: 'The action must be trust, hold or block.' },
  rule_expiry_invalid: { ar: 'تاريخ الانتهاء يجب أن يكون في المستقبل.', en: 'The expiry must be a date in the future.' },
  rule_common_domain: { ar: 'النطاق {domain} مزوّد بريد شائع يستخدمه كثيرون: أرسل confirm: true للتأكيد.', en: '{domain} is a common mail provider used by very many people: send confirm: true to confirm.' },
  rule_broad_domain: { ar: 'النطاق ⁦{domain}⁩ لاحقة تسجيل تضم نطاقات كثيرة لا حصر لها: أرسل confirm: true للتأكيد.', en: '{domain} is a registry suffix holding countless domains: send confirm: true to confirm.' },
  rule_broad_ip: { ar: 'النطاق ⁦{range}⁩ واسع جداً (⁦/{max}⁩ أو أوسع) ويشمل عدداً كبيراً جداً من المعلّقين: أرسل confirm: true للتأكيد.', en: '{range} is very wide (/{max} or wider) and covers a very large share of commenters: send confirm: true to confirm.' },
  rule_limit: { ar: 'بلغ الموقع الحد الأقصى للقواعد ({max}).', en: 'The site has reached the maximum number of rules ({max}).' },
  search_bad_operator: { ar: 'قيمة «{param}:» في البحث غير صالحة.', en: 'The search value of "{param}:" is not valid.' },
  search_too_many: { ar: 'البحث طويل: {max} كلمة على الأكثر.', en: 'The search is too long: at most {max} terms.' },
  delete_not_binned: { ar: 'لا يُحذف نهائياً إلا تعليق في المزعج أو المهملات.', en: 'Only a comment in spam or trash can be deleted for good.' },
  edit_conflict: { ar: 'عُدّل هذا التعليق أو تغيّرت حالته قبلك: راجع النسخة الحالية ثم أعد التعديل.', en: 'This comment was changed before your edit: review the current version and edit again.' },
  reply_to_binned: { ar: 'لا يمكن الرد على تعليق في المزعج أو المهملات.', en: 'A comment in spam or trash cannot be answered.' },
  erase_mode_invalid: { ar: 'الطريقة يجب أن تكون anonymize أو delete.', en: 'The mode must be anonymize or delete.' },
} satisfies Record<string, Record<Locale, string>>;
