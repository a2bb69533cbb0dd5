import { Router, type Request } from 'express';
import { Feed } from 'feed';
import type { PageInfo, Site, StoredComment } from '../domain/types.js';
import { badRequest } from '../errors.js';
import { escapeHtml, isolate } from '../notify/html.js';
import { queryPageKey, queryString } from '../http/request.js';
import type { Locale } from '../i18n/locale.js';
import type { Deps } from '../usecases/context.js';

/** Entries in one feed: the newest approved comments. */
export const FEED_SIZE = 50;

// Titles are plain text: a site id, page title or name in them is isolated (FSI…PDI, notify/html.ts) so it cannot reorder the sentence.
const WORDS: Record<Locale, { site: (s: string) => string; page: (p: string) => string; entry: (name: string) => string }> = {
  ar: { site: (s) => `تعليقات ${isolate(s)}`, page: (p) => `تعليقات ${isolate(p)}`, entry: (n) => `تعليق من ${isolate(n)}` },
  en: { site: (s) => `Comments on ${isolate(s)}`, page: (p) => `Comments on ${isolate(p)}`, entry: (n) => `Comment by ${isolate(n)}` },
};


/**
 * Drops what XML 1.0 does not allow (§2.2 Char: controls other than tab/LF/CR, U+FFFE/U+FFFF,
 * lone surrogates): one such character in a name or text would make the whole feed unreadable.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlSafe = (s: string) => s.replace(NOT_XML, '');
const safeComment = (c: StoredComment): StoredComment => ({
  ...c,
  authorName: xmlSafe(c.authorName),
  content: xmlSafe(c.content),
  pageUrl: c.pageUrl === null ? null : xmlSafe(c.pageUrl),
  pageTitle: c.pageTitle === null ? null : xmlSafe(c.pageTitle),
  authorUrl: c.authorUrl === null ? null : xmlSafe(c.authorUrl),
});

/** The site's home: its first allowed origin (the site has no address setting of its own); null without one. */
const siteHome = (site: Site): string | null => (site.origins[0] ? `${xmlSafe(site.origins[0])}/` : null);

/** A page key that is a path (the widget's default, location.pathname) read on the site's origin. */
function pageOnSite(site: Site, page: string): string | null {
  if (!site.origins[0] || !page.startsWith('/') || page.startsWith('//')) return null;
  try {
    return xmlSafe(new URL(page, site.origins[0]).href);
  } catch {
    return null;
  }
}

/**
 * Where a comment is read: its page's address with `#comment-<id>` (the widget's permalink).
 * Without a stored address, its page on the site, never another comment's article.
 */
function permalink(site: Site, c: StoredComment, fallback: string): string {
  const base = (c.pageUrl ?? '').split('#')[0] || pageOnSite(site, c.page) || fallback;
  return `${base}#comment-${c.id}`;
}

/**
 * The Atom 1.0 document of a site's (or one page's) newest approved comments, built with the
 * `feed` package: per entry the author's name (never an email, IP or user agent), the text,
 * the date and the permalink. Words in the site's `mailLanguage` (the language it speaks to readers).
 * `info`: the page's stored facts when `page` is given (its title names the feed, its url links it).
 */
export function atomFeed(site: Site, page: string | null, given: StoredComment[], selfUrl: string | null, info: PageInfo | null = null): string {
  const comments = given.map(safeComment);
  // Ids are tag: URIs (RFC 4151), stable whatever address the feed was fetched from. Built from
  // the key itself, not its XML-safe text: encodeURIComponent of well-formed text (page keys
  // are) is ASCII XML allows and distinct for distinct keys, where xmlSafe dropped U+FFFE,
  // U+FFFF and controls, so "/x\uFFFF" claimed the id of "/x".
  const id = `tag:majlis,2026:${encodeURIComponent(site.id)}${page === null ? '' : `/${encodeURIComponent(page)}`}`;
  page = page === null ? null : xmlSafe(page);
  selfUrl = selfUrl === null ? null : xmlSafe(selfUrl);
  const locale = site.settings.mailLanguage;
  const words = WORDS[locale];
  // The feed's alternate link is what it stands for (RFC 4287 §4.2.7.2): the site for the site's
  // feed, not the article of its newest comment; a page's feed is linked by the page (its first
  // verified comment's claims, see usecases/submit-comment.ts), not by whatever its newest
  // comment said. None rather than a wrong one.
  const home =
    page === null
      ? siteHome(site)
      : ((info?.url ? xmlSafe(info.url) : null) ?? comments.find((c) => c.pageUrl)?.pageUrl?.split('#')[0] ?? pageOnSite(site, page));
  const feed = new Feed({
    id,
    title: page === null ? words.site(xmlSafe(site.id)) : words.page(info?.title ? xmlSafe(info.title) : page),
    ...(home ? { link: home } : {}),
    language: locale,
    updated: new Date(comments[0]?.createdAt ?? site.createdAt),
    generator: 'Majlis',
    ...(selfUrl ? { feedLinks: { atom: selfUrl } } : {}),
  });
  for (const c of comments) {
    const link = permalink(site, c, home ?? selfUrl ?? id);
    feed.addItem({
      id: `tag:majlis,2026:comment/${c.id}`,
      // The feed package writes entry titles as type="html" (a CDATA section): escaped, so a reader shows
      // the name exactly as the widget does ("&lt;b&gt;" as written, never a tag). The feed's own title
      // and the author's <name> are plain-text elements the package escapes itself.
      title: escapeHtml(words.entry(c.authorName)),
      link,
      date: new Date(c.editedAt ?? c.createdAt),
      published: new Date(c.createdAt),
      // the text as readers see it: plain, escaped, line breaks kept, each paragraph in its own direction
      content: c.content
        .split(/(?:\r?\n){2,}/)
        .map((p) => `<p dir="auto">${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
        .join(''),
      author: [{ name: c.authorName, ...(c.authorUrl ? { link: c.authorUrl } : {}) }],
    });
  }
  return feed.atom1();
}

/** GET /feed/comments.atom?site=S[&page=P]: 400 for a missing or unknown site. */
export function feedRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/feed/comments.atom', async (req: Request, res) => {
    const siteId = queryString(req, 'site', { required: true, max: 64 })!;
    const site = await deps.store.getSite(siteId);
    if (!site) throw badRequest('unknown_site', { site: siteId });
    const page = queryPageKey(req) ?? null;
    const [comments, info] = await Promise.all([deps.store.readers.listRecent(site.id, page, FEED_SIZE), page === null ? null : deps.store.getPage(site.id, page)]);
    // The self link only from the configured public address (PUBLIC_URL), never from request headers.
    const base = deps.config.notify.publicUrl?.replace(/\/$/, '');
    const self = base ? `${base}${req.originalUrl}` : null;
    res.type('application/atom+xml; charset=utf-8').set('Cache-Control', 'public, max-age=60').send(atomFeed(site, page, comments, self, info));
  });
  return r;
}
