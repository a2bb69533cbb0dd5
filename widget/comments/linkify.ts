import { html, type TemplateResult } from 'lit';

const URL_RE = /\bhttps?:\/\/[^\s<>"'«»]+/gi;
// Punctuation that usually ends the sentence, not the link (Arabic comma and full stop included).
const TRAILING = /[.,;:!?،؛۔…)\]}]+$/;

export const REL = 'nofollow ugc noopener';

/**
 * Comment text as nodes: plain text, with http(s) addresses turned into links.
 * Never markup: every piece goes through Lit bindings as text or an attribute.
 */
export function linkify(text: string): Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = TRAILING.exec(url)?.[0] ?? '';
    // Keep a closing bracket that belongs to the address, as in Wikipedia links.
    const keepParen = trail.startsWith(')') && url.includes('(') ? 1 : 0;
    url = url.slice(0, url.length - trail.length + keepParen);
    const start = m.index ?? 0;
    out.push(text.slice(last, start), html`<a href=${url} rel=${REL} dir="ltr">${url}</a>`);
    last = start + url.length;
  }
  out.push(text.slice(last));
  return out;
}

/** Only http(s) author addresses become links. */
export const isHttp = (url: string | null | undefined): url is string => !!url && /^https?:\/\//i.test(url);
