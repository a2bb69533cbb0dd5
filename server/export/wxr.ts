/**
 * WXR 1.2 export, as WordPress's export_wp() writes it, so a site can take its
 * comments to any tool that reads WordPress exports (and back into Majlis).
 * One <item> per page; comment ids are numbered 1, 2, … in date order with
 * parents mapped; trash and spam carry _wp_trash_meta_status for untrash and
 * _wp_trash_meta_time (when they entered the bin) for retention.
 * Majlis text is plain, WordPress's is HTML, so text is HTML-escaped in CDATA.
 * Dates are UTC (comment_date and comment_date_gmt alike), to the second.
 * What WXR has no field for (the thread key, which the <link> is not when the widget names
 * its page; exact times, edits, reasons, history, user agent) rides along as post and comment
 * meta (wxr-meta.ts), which WordPress keeps and Majlis's importer prefers.
 */
import { escapeUTF8 } from 'entities';
import type { ExportedComment } from '../domain/import.js';
import type { CommentStatus, PageInfo, Site } from '../domain/types.js';
import { commentMeta, pageMeta } from './wxr-meta.js';

const WP_STATUS: Record<CommentStatus, string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' };

/** CDATA that survives "]]>" in the text, as WordPress's wxr_cdata() does. */
const cdata = (s: string) => `<![CDATA[${s.toWellFormed().replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
/** Text as WordPress stores it: HTML, so "<" and "&" are entities. */
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Characters XML 1.0 forbids cannot be written at all. */
const xmlSafe = (s: string) => s.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '');
const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const rfc822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

/** The export's own address: the site's first origin, else a placeholder host. */
export function exportBaseUrl(site: Site): string {
  return site.origins[0] ?? `https://${site.id}.majlis.invalid`;
}

function pageLink(base: string, p: { page: string; url: string | null }): string {
  if (p.url && /^https?:\/\//i.test(p.url)) return p.url;
  const path = p.page.startsWith('/') ? p.page : `/${p.page}`;
  // A canonical key's "%" is an escape kept on purpose (%01, %2F) or a bare "%" that starts
  // none (page-key.ts): both stay as they are, so the importer reads the link back as the key.
  return base + path.split('%').map((s) => encodeURI(s)).join('%');
}

/**
 * Writes the WXR, one <item> per page as the comments arrive grouped by page
 * (`comments` must come page by page, each page oldest first): memory holds one
 * page's item text and the map from Majlis ids to WXR numbers, not the export.
 */
export async function* writeWxrExport(site: Site, pages: PageInfo[], comments: AsyncIterable<ExportedComment>): AsyncGenerator<string> {
  const base = exportBaseUrl(site);
  const numbers = new Map<string, number>();
  const numberOf = (id: string) => {
    let n = numbers.get(id);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(id, n);
    }
    return n;
  };
  const pageInfo = new Map(pages.map((p) => [p.page, p]));

  yield `<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS (WXR 1.2) export of the Majlis site "${xmlSafe(site.id).replace(/--/g, '- -')}". -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>${cdata(site.id)}</title>
	<link>${escapeUTF8(base)}</link>
	<description></description>
	<language>ar</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${escapeUTF8(base)}</wp:base_site_url>
	<wp:base_blog_url>${escapeUTF8(base)}</wp:base_blog_url>
	<generator>Majlis</generator>
`;
  let postId = 0;
  const metaXml = (tag: 'postmeta' | 'commentmeta', key: string, value: string) => `
			<wp:${tag}>
				<wp:meta_key>${cdata(key)}</wp:meta_key>
				<wp:meta_value>${cdata(xmlSafe(value))}</wp:meta_value>
			</wp:${tag}>`;
  const itemHead = (key: string, first: ExportedComment | undefined) => {
    const info = pageInfo.get(key);
    // The page's public name (Store.namePage), else an approved comment's claim: never a held or spam one's.
    const claim = first?.status === 'approved' ? first : undefined;
    const title = info?.title ?? claim?.pageTitle ?? key;
    const link = pageLink(base, { page: key, url: info?.url ?? claim?.pageUrl ?? null });
    const created = info?.createdAt ?? first?.createdAt ?? site.createdAt;
    postId += 1;
    return `	<item>
		<title>${cdata(xmlSafe(html(title)))}</title>
		<link>${escapeUTF8(link)}</link>
		<pubDate>${rfc822(created)}</pubDate>
		<guid isPermaLink="false">${escapeUTF8(link)}</guid>
		<wp:post_id>${postId}</wp:post_id>
		<wp:post_date>${cdata(wpDate(created))}</wp:post_date>
		<wp:post_date_gmt>${cdata(wpDate(created))}</wp:post_date_gmt>
		<wp:comment_status>${cdata(info?.closed ? 'closed' : 'open')}</wp:comment_status>
		<wp:ping_status>${cdata('closed')}</wp:ping_status>
		<wp:status>${cdata('publish')}</wp:status>
		<wp:post_type>${cdata('post')}</wp:post_type>${pageMeta(key, info ?? null)
      .map(([k, v]) => metaXml('postmeta', k, v))
      .join('')}
`;
  };
  const commentXml = (c: ExportedComment) => {
    const binned = c.status === 'trash' || c.status === 'spam';
    // When it entered the bin, as wp_trash_comment() records it (seconds): retention counts from it.
    const last = c.history[c.history.length - 1];
    // Majlis's own id (and the comment's import source) ride along, so importing this file back
    // finds each comment again instead of adding it twice (import/wxr.ts); WordPress keeps them as metadata.
    const cm = (key: string, value: string) => metaXml('commentmeta', key, value);
    const meta =
      cm('majlis_id', c.id) +
      (c.source ? cm('majlis_source_site', c.source.site) + cm('majlis_source_id', c.source.id) : '') +
      (binned && c.prevStatus && c.prevStatus !== 'trash' && c.prevStatus !== 'spam' ? cm('_wp_trash_meta_status', WP_STATUS[c.prevStatus]) : '') +
      (binned && last?.to === c.status ? cm('_wp_trash_meta_time', String(Math.floor(last.at / 1000))) : '') +
      commentMeta(c)
        .map(([k, v]) => cm(k, v))
        .join('');
    return `		<wp:comment>
			<wp:comment_id>${numberOf(c.id)}</wp:comment_id>
			<wp:comment_author>${cdata(xmlSafe(html(c.authorName)))}</wp:comment_author>
			<wp:comment_author_email>${cdata(xmlSafe(c.authorEmail))}</wp:comment_author_email>
			<wp:comment_author_url>${escapeUTF8(xmlSafe(c.authorUrl ?? ''))}</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(xmlSafe(c.ip))}</wp:comment_author_IP>
			<wp:comment_date>${cdata(wpDate(c.createdAt))}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(wpDate(c.createdAt))}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(xmlSafe(html(c.content)))}</wp:comment_content>
			<wp:comment_approved>${cdata(WP_STATUS[c.status])}</wp:comment_approved>
			<wp:comment_type>${cdata('comment')}</wp:comment_type>
			<wp:comment_parent>${c.parentId ? numberOf(c.parentId) : 0}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>${meta}
		</wp:comment>
`;
  };

  let current: string | null = null;
  let parts: string[] = [];
  const done = new Set<string>();
  for await (const c of comments) {
    if (c.page !== current) {
      if (current !== null) yield `${parts.join('')}	</item>\n`;
      current = c.page;
      done.add(current);
      parts = [itemHead(current, c)];
    }
    parts.push(commentXml(c));
    if (parts.length >= 200) {
      yield parts.join('');
      parts = [];
    }
  }
  if (current !== null) yield `${parts.join('')}	</item>\n`;
  // Pages without comments still carry their title and closed state.
  for (const key of pageInfo.keys()) if (!done.has(key)) yield `${itemHead(key, undefined)}	</item>\n`;
  yield '</channel>\n</rss>\n';
}
