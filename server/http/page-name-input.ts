import { badRequest } from '../errors.js';
import { isHttpUrl, LIMITS } from '../validation/comment-input.js';
import { cleanPageTitle, withoutControls } from '../validation/text-fields.js';

/**
 * A moderator's name for a page (POST /api/moderation/pages `title` / `url`): a string sets
 * it (it wins over every comment's claim), null hands the field back to the comments (the
 * earliest approved claim, Store.namePage), absent leaves it. Titles are single-line (no
 * controls or line breaks), without bidi controls, at most LIMITS.pageTitle (300) characters;
 * addresses without controls, http(s), at most LIMITS.pageUrl (2000). Anything else is 400
 * `bad_param` naming the field.
 */
export function parsePageName(b: Record<string, unknown>): { title?: string | null; url?: string | null } {
  const out: { title?: string | null; url?: string | null } = {};
  if (b.title !== undefined) {
    if (b.title !== null && typeof b.title !== 'string') throw badRequest('bad_param', { param: 'title' });
    // single-line as every stored title (validation/text-fields.ts): no controls, no line breaks, no bidi controls
    const title = b.title === null ? null : cleanPageTitle(b.title.slice(0, 4 * LIMITS.pageTitle));
    if (title !== null && (title === '' || title.length > LIMITS.pageTitle)) throw badRequest('bad_param', { param: 'title' });
    out.title = title;
  }
  if (b.url !== undefined) {
    const url = typeof b.url === 'string' ? withoutControls(b.url) : b.url;
    if (url !== null && (typeof url !== 'string' || url.length > LIMITS.pageUrl || !isHttpUrl(url))) throw badRequest('bad_param', { param: 'url' });
    out.url = url;
  }
  return out;
}
