import type { Locale } from '../i18n/locale.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** User text for the plain-text part: wrapped in FSI…PDI so a Latin name cannot reorder Arabic around it. */
export const isolate = (s: string) => `\u2068${s}\u2069`;

/** User text for HTML: escaped and isolated in <bdi>. */
export const bdi = (s: string) => `<bdi>${escapeHtml(s)}</bdi>`;

/** A comment's text as HTML paragraphs, each with its own direction (dir="auto"). */
export function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p dir="auto" style="margin:0 0 8px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A comment's text for the plain-text part: each paragraph isolated, quoted with "> ". */
export function quoteText(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${isolate(line)}`)
    .join('\n');
}

/** A link styled as a button (table-free: modern clients render inline styles on <a>). */
export function button(href: string, label: string, colour = '#0b5c8e'): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;padding:8px 16px;margin:4px;border-radius:4px;background:${colour};color:#fff;text-decoration:none;font-weight:bold">${escapeHtml(label)}</a>`;
}

/** The whole HTML document: `lang` and `dir` set for the message language. */
export function htmlDocument(locale: Locale, title: string, body: string): string {
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${locale}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body dir="${dir}" style="margin:0;padding:16px;font-family:Tahoma,Arial,sans-serif;line-height:1.6;color:#1a1a1a;background:#fff">
<div style="max-width:640px;margin:0 auto">
${body}
</div>
</body>
</html>`;
}
