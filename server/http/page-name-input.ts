import { badRequest } from '../errors.js';
import { stripBidiAndZeroWidth } from '../moderation/normalize.js';
import { isHttpUrl, LIMITS } from '../validation/comment-input.js';

/**
 * A moderator's name for a page (POST /api/moderation/pages `title` / `url`): a string sets
 * it (it wins over every comment's claim), null hands the field back to the comments (the
 * earliest approved claim, Store.namePage), absent leaves it. Titles are trimmed, without
 * bidi controls, at most LIMITS.pageTitle (300) characters; addresses http(s), at most
 * LIMITS.pageUrl (2000). Anything else is 400 `bad_param` naming the field.
 */
export function parsePageName(b: Record<string, unknown>): { title?: string | null; url?: string | null } {
  const out: { title?: string | null; url?: string | null } = {};
  if (b.title !== undefined) {
    if (b.title !== null && typeof b.title !== 'string') throw badRequest('bad_param', { param: 'title' });
    const title = b.title === null ? null : stripBidiAndZeroWidth(b.title).trim();
    if (title !== null && (title === '' || title.length > LIMITS.pageTitle)) throw badRequest('bad_param', { param: 'title' });
    out.title = title;
  }
  if (b.url !== undefined) {
    if (b.url !== null && (typeof b.url !== 'string' || b.url.length > LIMITS.pageUrl || !isHttpUrl(b.url))) throw badRequest('bad_param', { param: 'url' });
    out.url = b.url;
  }
  return out;
}
