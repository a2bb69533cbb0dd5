import { findLinks } from '../shared/links.js';

/**
 * How many links the comment text holds, for comment_max_links: what
 * WordPress's check_comment counts (`<a … href` after kses and
 * make_clickable). The rule lives in server/shared/links.ts, which the widget
 * uses too, so every counted link is shown as a link and nothing else is. The
 * author's website field is never part of the content, so it never counts.
 */
export function countLinks(content: string): number {
  return findLinks(content).length;
}
