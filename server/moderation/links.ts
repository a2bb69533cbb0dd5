/**
 * Link counting as WordPress does it for comment_max_links: the text is first
 * made clickable (bare URLs, www./ftp. hosts and email addresses become
 * links), then every `<a … href` is counted. The author's website field is
 * never part of the content, so it never counts.
 */

const ANCHOR_OPEN = /<a\s[^>]*href/gi;
// Whole anchors and any other tag: text inside them is not made clickable again.
const ANCHOR_ELEMENT = /<a\s[^>]*>[\s\S]*?<\/a\s*>/gi;
const TAG = /<[^>]*>/g;
// One alternation scanned left to right, so "https://www.x.com" or
// "http://user@host" is one link, not two. `\b` keeps "foohttp://" unlinked.
const BARE_LINK =
  /\b(?:(?:https?|ftps?):\/\/[^\s<>"']+|(?:www|ftp)\.[^\s<>"'.][^\s<>"']*|[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z0-9]{2,})/gi;

/** How many links the comment text holds, markup anchors and bare links alike. */
export function countLinks(content: string): number {
  const anchors = content.match(ANCHOR_OPEN)?.length ?? 0;
  const text = content.replace(ANCHOR_ELEMENT, ' ').replace(TAG, ' ');
  const bare = text.match(BARE_LINK)?.length ?? 0;
  return anchors + bare;
}
