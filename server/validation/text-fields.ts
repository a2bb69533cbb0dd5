/**
 * The one cleaning of short single-line fields (display names, page titles, addresses), shared
 * by every path that stores one: posting (comment-input.ts), a moderator's edit (which runs
 * the same parser), and the imports (import/text.ts for WordPress and Disqus, import/clean-fields.ts for all).
 */
import { stripBidiAndZeroWidth } from '../moderation/normalize.js';

/**
 * C0 and C1 controls and DEL (Unicode Cc: U+0000–U+001F, U+007F–U+009F). Bodies keep tab and
 * newline; a single-line field keeps none: its tab, CR and LF have become spaces first.
 */
const CONTROLS = /\p{Cc}/gu;
const TAG = /<[^<>]*>/g;

/**
 * `s` without anything that looks like a tag, removed until none is left: one pass over
 * "<<b>img src=x onerror=…>" removes "<b>" and so builds "<img …>" (issue: names carried
 * HTML into the feed). Each pass removes at least one tag, so the passes are bounded by the
 * input's length; callers cut their input to a few hundred characters first.
 */
export function stripTags(s: string): string {
  for (;;) {
    const next = s.replace(TAG, '');
    if (next === s) return s;
    s = next;
  }
}

/** Whitespace runs (tab, CR, LF included) become one space, then controls are dropped, then trimmed. */
export function singleLine(s: string): string {
  return s.replace(/\s+/g, ' ').replace(CONTROLS, '').trim();
}

/**
 * A display name as stored (posting, moderator edits, imports): single-line (singleLine),
 * bidi controls and invisible characters removed (stripBidiAndZeroWidth; ZWJ/ZWNJ stay) and
 * tags removed to a fixed point (stripTags). Entities are not decoded here: a submitted
 * "&lt;b&gt;" is a name shown as written; the WordPress and Disqus imports decode first.
 * Not cut to a length: the caller checks or cuts (LIMITS.name).
 */
export function cleanDisplayName(raw: string): string {
  return singleLine(stripTags(singleLine(stripBidiAndZeroWidth(raw))));
}

/** A page title as stored: single-line, bidi controls removed (it is shown in mails, the feed and the dashboard). */
export function cleanPageTitle(raw: string): string {
  return singleLine(stripBidiAndZeroWidth(raw));
}

/** An address as given, without controls (a URL parser drops tab and newline too, WHATWG URL §4.4). */
export const withoutControls = (s: string): string => s.replace(CONTROLS, '').trim();
