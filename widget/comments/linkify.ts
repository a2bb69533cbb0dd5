import { html, type TemplateResult } from 'lit';
import type { PublicLink } from '../../server/domain/views.js';

export const REL = 'nofollow ugc noopener';

type Parts = Array<string | TemplateResult>;

/**
 * Comment text as nodes: plain text, with exactly the links the server
 * counted toward the site's link limit marked as links (`links` comes with
 * the comment; the one rule is server/shared/links.ts, WordPress's
 * make_clickable), and nothing else. A link with an http(s) `href` (also
 * `www.`/`ftp.` hosts, opened as http://) is `<a href rel="nofollow ugc
 * noopener">`; a counted link the widget will not open (irc:, gopher:, ftp://,
 * an email address, a typed anchor whose href is not http(s)) is an `<a>`
 * without href: in the link colour, not clickable. Never markup from the
 * comment: every piece goes through Lit bindings as text or an attribute.
 *
 * `from`/`to` render one part of the text, such as a line, with its share of
 * the links.
 */
export function linkify(text: string, links: readonly PublicLink[] | undefined, from = 0, to = text.length): Parts {
  const out: Parts = [];
  let at = from;
  for (const link of links ?? []) {
    const start = Math.max(link.start, at);
    const end = Math.min(link.end, to);
    if (start >= end) continue;
    const shown = text.slice(start, end);
    out.push(
      text.slice(at, start),
      link.href && isHttp(link.href)
        ? html`<a href=${link.href} rel=${REL} dir="ltr">${shown}</a>`
        : html`<a class="inert" dir="ltr">${shown}</a>`,
    );
    at = end;
  }
  out.push(text.slice(at, to));
  return out;
}

/** The text line by line (split at "\n"), each line with its share of the links. */
export function linkifyLines(text: string, links: readonly PublicLink[] | undefined): Parts[] {
  const lines: Parts[] = [];
  for (let from = 0; from <= text.length; ) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    lines.push(linkify(text, links, from, to));
    from = to + 1;
  }
  return lines;
}

/** Only http(s) addresses become clickable links. */
export const isHttp = (url: string | null | undefined): url is string => !!url && /^https?:\/\//i.test(url);
