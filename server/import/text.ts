/**
 * Turning the HTML of WordPress and Disqus comments into Majlis's plain text,
 * and cleaning the other imported fields the way a submitted comment is cleaned.
 */
import { decodeHTML } from 'entities';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import { isHttpUrl, LIMITS } from '../validation/comment-input.js';
import { normalizeEmail } from '../validation/email.js';
import { cleanDisplayName, stripTags, withoutControls } from '../validation/text-fields.js';

/** A real HTML tag or comment; anything else that starts with "<" ("<3", "< 4", "<![CDATA[") is text. */
const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->/i;
const NOT_A_TAG_START = /<(?!\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|!--)/gi;

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // WordPress shows a comment through wpautop: a newline is a line break, a blank line a paragraph.
  preserveNewlines: true,
  selectors: [
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/** Compiled once: compiling the selectors is most of html-to-text's cost per call. */
const convertHtml = compile(OPTIONS);

/**
 * Comment HTML → plain text: entities decoded, line and paragraph breaks kept,
 * link targets kept as visible URLs ("text (https://…)", or the URL alone when it
 * is the text), every other tag removed; script and style contents are dropped as
 * WordPress's wp_strip_all_tags does. Text without any tag is only entity-decoded
 * (and NFC-normalised), so its spacing survives exactly, trailing spaces included,
 * and an exported-then-imported text is unchanged.
 */
export function htmlToText(html: string): string {
  const src = html.replace(/\r\n?/g, '\n');
  if (!TAG.test(src)) return decodeHTML(src).normalize('NFC');
  // "<" that opens no tag is text; escape it so the HTML parser does not eat "<3" or "<![CDATA[".
  const text = convertHtml(src.replace(NOT_A_TAG_START, '&lt;'));
  return text.replace(/\n{3,}/g, '\n\n').normalize('NFC').trim();
}

/**
 * A display name as the submit path cleans it (validation/text-fields.ts cleanDisplayName:
 * controls, bidi controls and tags removed, tags to a fixed point, spaces collapsed), after
 * WordPress's and Disqus's entities are decoded (so "&lt;b&gt;" cannot become a tag after the
 * strip); cut to LIMITS.name. Only the first few times that length is read: the fixed-point
 * tag strip is quadratic in the worst case.
 */
export function cleanName(raw: string): string {
  const decoded = decodeHTML(stripTags(raw.slice(0, 8 * LIMITS.name)));
  const name = cleanDisplayName(decoded.toWellFormed().normalize('NFC'));
  return [...name].slice(0, LIMITS.name).join('');
}

/** Emails are stored as submitted ones are (validation/email.ts normalizeEmail); one too long to be real is dropped. */
export function cleanEmail(raw: string): string {
  const email = normalizeEmail(decodeHTML(raw));
  return email.length <= LIMITS.email ? email : '';
}

/** An http(s) website or null; entities such as "&amp;" that WordPress stored are decoded. */
export function cleanUrl(raw: string): string | null {
  const url = withoutControls(decodeHTML(raw));
  if (!url || url.length > LIMITS.url || !isHttpUrl(url)) return null;
  return url;
}

/** WordPress keeps only these characters of an IP address (wp_filter_comment's comment_author_IP rule). */
export function cleanIp(raw: string): string {
  return raw.replace(/[^0-9a-fA-F:., ]/g, '').trim().slice(0, 100);
}

/** The longest text the SQLite schema accepts (characters). */
export const MAX_IMPORTED_CONTENT = 50_000;
