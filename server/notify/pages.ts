import type { Locale } from '../i18n/locale.js';
import { escapeHtml, htmlDocument } from './html.js';

/**
 * A small page answering a link from a message: a heading, a paragraph, optional one-button
 * forms. Forms with `action: ''` post back to the link itself (whatever path a proxy adds).
 */
export function linkPage(
  locale: Locale,
  title: string,
  text: string,
  forms: Array<{ action: string; label: string; fields?: Record<string, string> }> = [],
): string {
  const body = `<h1 style="font-size:20px">${escapeHtml(title)}</h1>
<p>${text}</p>
${forms
  .map(
    (f) => `<form method="post" action="${escapeHtml(f.action)}" style="margin:8px 0">${Object.entries(f.fields ?? {})
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('')}<button type="submit" style="padding:8px 16px;font:inherit;cursor:pointer">${escapeHtml(f.label)}</button></form>`,
  )
  .join('\n')}`;
  return htmlDocument(locale, title, body);
}
