/**
 * WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) → import batch, streaming.
 *
 * Follows what WordPress's exporter writes (export_wp() in wp-admin/includes/export.php):
 * one <item> per post with its <wp:comment>s; comment_approved "1"/"0"/"spam"/"trash";
 * dates both local (comment_date) and UTC (comment_date_gmt); trash and spam keep
 * the earlier status in the comment meta _wp_trash_meta_status (wp_trash_comment()).
 * A Majlis WXR export's items and comments also carry Majlis's own facts as post and comment
 * meta (export/wxr-meta.ts): the thread key, which is not always the <link>'s path, exact
 * times, edits, reasons, history and user agent. They are preferred when present
 * (wxr-majlis.ts); a WordPress file, which has none, imports from WXR's fields alone.
 */
import { decodeHTML } from 'entities';
import type { ImportComment, ImportPage } from '../domain/import.js';
import { note, type Note } from './notes.js';
import type { CommentStatus } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { avatarsOf, fitContent, importedHistory, NO_HISTORY, NO_REASONS, pageKeyOfUrl, restoreBreaks, secondsMeta, sourceSiteOf, type ParsedExport, type ParseOptions } from './common.js';
import { ImportFailure } from './failure.js';
import { cleanEmail, cleanIp, cleanName, cleanUrl, htmlToText } from './text.js';
import { own, readXml } from './xml.js';
import { PAGE_META } from '../export/wxr-meta.js';
import { majlisCommentOf, majlisPageOf } from './wxr-majlis.js';

const WP_NS = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/?$/;
const RSS = '';

interface RawComment {
  line: number;
  fields: Map<string, string>;
  meta: Map<string, string>;
}

interface RawItem {
  fields: Map<string, string>;
  /** <wp:postmeta> key → value */
  meta: Map<string, string>;
  comments: RawComment[];
}

/** WordPress's comment_approved → Majlis status; 'post-trashed' (its post is in the trash) → trash. */
function statusOf(approved: string): CommentStatus | null {
  switch (approved.trim()) {
    case '1':
    case 'approve':
      return 'approved';
    case '0':
    case 'hold':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'trash';
    default:
      return null;
  }
}

/** "2012-03-04 09:00:00" as UTC ms; null for WordPress's zero date or anything unreadable. */
function parseWpDate(s: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec((s ?? '').trim());
  if (!m || m[1] === '0000') return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isFinite(t) ? t : null;
}

export async function parseWxr(chunks: AsyncIterable<string>, opts: ParseOptions): Promise<ParsedExport> {
  const stack: Array<{ wp: boolean; local: string }> = [];
  let text = '';
  let channel: Map<string, string> | null = null;
  let item: RawItem | null = null;
  let comment: RawComment | null = null;
  let meta: { key: string; value: string } | null = null;
  let sawRss = false;
  let commentCount = 0;
  const repaired: Note[] = [];
  const builder = new BatchBuilder(repaired, opts);
  /** The export's site, from the channel's elements, which WordPress writes before any item. */
  const siteOf = (ch: Map<string, string> | null) => {
    const url = ch?.get('wp:base_blog_url') || ch?.get('wp:base_site_url') || ch?.get('link') || '';
    return url.trim() ? sourceSiteOf(url) : null;
  };

  const { repairs } = await readXml(
    chunks,
    {
      open(uri, local, _attr, line) {
        const wp = WP_NS.test(uri);
        if (stack.length === 0 && (uri !== RSS || local !== 'rss')) {
          throw new ImportFailure(line, 'not_wxr', { root: local });
        }
        sawRss = true;
        stack.push({ wp, local });
        text = '';
        if (!wp && local === 'channel') channel = new Map();
        else if (!wp && local === 'item') item = { fields: new Map(), meta: new Map(), comments: [] };
        else if (wp && local === 'comment' && item) comment = { line, fields: new Map(), meta: new Map() };
        else if (wp && local === 'commentmeta' && comment) meta = { key: '', value: '' };
        else if (wp && local === 'postmeta' && item && !comment && stack.length >= 2 && stack[stack.length - 2]!.local === 'item') meta = { key: '', value: '' };
      },
      close(uri, local) {
        const wp = WP_NS.test(uri);
        stack.pop();
        const value = text;
        text = '';
        const parent = stack[stack.length - 1];
        if (!parent) return;
        if (meta && wp && (parent.local === 'commentmeta' || parent.local === 'postmeta')) {
          if (local === 'meta_key') meta.key = own(value);
          else if (local === 'meta_value') meta.value = own(value);
        } else if (wp && local === 'commentmeta' && comment && meta) {
          comment.meta.set(meta.key, meta.value);
          meta = null;
        } else if (wp && local === 'postmeta' && item && meta) {
          item.meta.set(meta.key, meta.value);
          meta = null;
        } else if (comment && parent.wp && parent.local === 'comment') {
          if (wp) comment.fields.set(local, own(value));
        } else if (wp && local === 'comment' && comment && item) {
          item.comments.push(comment);
          comment = null;
          commentCount += 1;
        } else if (item && !parent.wp && parent.local === 'item') {
          // Post bodies are not kept past the item; what is kept (title, link) owns its text.
          if (local !== 'encoded') item.fields.set(wp ? `wp:${local}` : local, own(value));
        } else if (!wp && local === 'item' && item) {
          // Each post is turned into comments as soon as it is read: only the batch grows, not the raw XML.
          if (item.comments.length > 0 || item.fields.get('wp:comment_status') === 'closed' || item.meta.has(PAGE_META.key)) builder.addItem(item, siteOf(channel));
          item = null;
        } else if (channel && !parent.wp && parent.local === 'channel') {
          channel.set(wp ? `wp:${local}` : local, value);
        }
      },
      text(t) {
        // Only leaf values are kept; post bodies are read and dropped element by element.
        if (stack.length > 0) text += t;
      },
    },
    (chars) => opts.onProgress?.(chars, commentCount),
  );
  if (!sawRss) throw new ImportFailure(1, 'empty');
  if (!channel) throw new ImportFailure(null, 'no_channel');
  const site = siteOf(channel);
  if (!site) throw new ImportFailure(null, 'no_site');
  return builder.finish(site, [...repairs, ...repaired].sort((a, b) => a.line - b.line));
}

const PENDING_SITE = '\u0000pending';

/** Turns each post, as soon as it is read, into pages and comments ready for the store. */
/** What a Majlis id looks like (store/ids.ts: base-36, time first), as a WXR export's majlis_id meta carries it. */
const MAJLIS_ID = /^[0-9a-z]{8,40}$/;

class BatchBuilder {
  private readonly pages = new Map<string, ImportPage>();
  private readonly comments: ImportComment[] = [];
  private readonly errors: Note[] = [];
  private skipped = 0;
  private lastOffset: number | null = null;

  /** One avatar key per author (common.ts avatarsOf). */
  private readonly avatar: (key: string) => string;

  constructor(
    private readonly repaired: Note[],
    private readonly opts: ParseOptions,
  ) {
    this.avatar = avatarsOf(opts.secret);
  }

  /** The file's comments; the site names their source (known late only in odd files). */
  finish(site: string, repaired: Note[]): ParsedExport {
    for (const c of this.comments) if (c.source && c.source.site === PENDING_SITE) c.source.site = site;
    return { pages: [...this.pages.values()], comments: this.comments, skipped: this.skipped, repaired, errors: this.errors };
  }

  addItem(item: RawItem, site: string | null): void {
    const { pages, comments, errors, repaired, opts } = this;
    const sourceSite = site ?? PENDING_SITE;
    const f = item.fields;
    const postId = (f.get('wp:post_id') ?? '').trim();
    const link = f.get('link') || f.get('guid') || '';
    // A Majlis item names its thread key; the <link> is the page's URL, whose path may be another.
    const majlisPage = majlisPageOf(item.meta);
    const page = majlisPage?.page ?? pageKeyOfUrl(link) ?? (postId ? canonicalPageKey(`/?p=${postId}`) : null);
    if (!page) {
      for (const c of item.comments) errors.push(note(c.line, 'no_post_link'));
      return;
    }
    const postLocal = parseWpDate(f.get('wp:post_date'));
    const postGmt = parseWpDate(f.get('wp:post_date_gmt'));
    // The site's UTC offset at the time of the post, for comments whose UTC date WordPress left empty.
    const itemOffset = postLocal !== null && postGmt !== null ? postLocal - postGmt : null;
    const title = majlisPage ? majlisPage.title : decodeHTML(restoreBreaks(f.get('title') ?? '')).trim() || null;
    const url = majlisPage ? majlisPage.url : /^https?:\/\//i.test(link.trim()) ? link.trim() : null;
    let pageUsed = false;

    // A Majlis WXR export names each comment's Majlis id (and import source) in commentmeta: such
    // comments import as a Majlis JSON export's do, by id, so importing the file back adds nothing.
    const majlisIds = new Map<string, string>();
    for (const raw of item.comments) {
      const mid = raw.meta.get('majlis_id')?.trim() ?? '';
      if (MAJLIS_ID.test(mid)) majlisIds.set((raw.fields.get('comment_id') ?? '').trim(), mid);
    }
    for (const raw of item.comments) {
      const c = raw.fields;
      const type = (c.get('comment_type') ?? '').trim();
      const isPing = type === 'pingback' || type === 'trackback';
      if ((isPing && !opts.withPings) || !(isPing || type === '' || type === 'comment' || type === 'review')) {
        this.skipped += 1;
        continue;
      }
      const id = (c.get('comment_id') ?? '').trim();
      if (!id) {
        errors.push(note(raw.line, 'no_comment_id'));
        continue;
      }
      const approved = c.get('comment_approved') ?? '';
      let status = statusOf(approved);
      if (!status) {
        repaired.push(note(raw.line, 'unknown_approved', { value: approved.slice(0, 40) }));
        status = 'pending';
      }
      const local = parseWpDate(c.get('comment_date'));
      const gmt = parseWpDate(c.get('comment_date_gmt'));
      let createdAt: number;
      if (gmt !== null) {
        createdAt = gmt;
        if (local !== null) this.lastOffset = local - gmt;
      } else if (local !== null) {
        const offset = itemOffset ?? this.lastOffset;
        createdAt = local - (offset ?? 0);
        repaired.push(offset === null ? note(raw.line, 'gmt_as_utc') : note(raw.line, 'gmt_from_offset', { offset: formatOffset(offset) }));
      } else {
        errors.push(note(raw.line, 'no_date'));
        continue;
      }
      const parent = (c.get('comment_parent') ?? '0').trim();
      const email = cleanEmail(restoreBreaks(c.get('comment_author_email') ?? ''));
      const name = cleanName(restoreBreaks(c.get('comment_author') ?? '').replace(/\n/g, ' '));
      const parentKey = parent && parent !== '0' ? parent : null;
      const mid = majlisIds.get(id);
      // Majlis's own comment (in a Majlis item): its facts as Majlis stored them.
      const majlis = majlisPage && mid ? majlisCommentOf(raw.meta, createdAt) : null;
      const trashMeta = statusOf(raw.meta.get('_wp_trash_meta_status') ?? '');
      const prevStatus = majlis ? majlis.prevStatus : (status === 'trash' || status === 'spam') && trashMeta && trashMeta !== 'trash' && trashMeta !== 'spam' ? trashMeta : null;
      if (majlis) createdAt = majlis.createdAt;
      const srcSite = raw.meta.get('majlis_source_site')?.trim();
      const srcId = raw.meta.get('majlis_source_id')?.trim();
      comments.push({
        key: mid ?? id,
        parentKey: mid && parentKey ? (majlisIds.get(parentKey) ?? parentKey) : parentKey,
        id: mid ?? null,
        source: mid ? (srcSite && srcId ? { site: srcSite, id: srcId } : null) : { site: sourceSite, id },
        page,
        authorName: name,
        authorEmail: email,
        authorUrl: cleanUrl(c.get('comment_author_url') ?? ''),
        avatarKey: this.avatar(email || `name:${name}`),
        content: fitContent(htmlToText(restoreBreaks(c.get('comment_content') ?? '')), raw.line, repaired),
        status,
        prevStatus,
        version: majlis?.version ?? 1,
        ip: cleanIp(c.get('comment_author_IP') ?? ''),
        userAgent: majlis ? majlis.userAgent : (c.get('comment_agent') ?? '').slice(0, 254),
        reasons: majlis?.reasons ?? NO_REASONS,
        // WordPress records when it binned a comment in _wp_trash_meta_time (seconds)
        history: importedHistory({ status, prevStatus, createdAt }, majlis?.history ?? NO_HISTORY, opts.now, secondsMeta(raw.meta.get('_wp_trash_meta_time'))),
        pageTitle: majlis ? majlis.pageTitle : title,
        pageUrl: majlis ? majlis.pageUrl : url,
        createdAt,
        editedAt: majlis?.editedAt ?? null,
      });
      pageUsed = true;
    }
    const closed = (f.get('wp:comment_status') ?? '').trim() === 'closed';
    const type = (f.get('wp:post_type') ?? 'post').trim();
    if (pageUsed || majlisPage || (closed && (type === 'post' || type === 'page'))) {
      const known = pages.get(page);
      pages.set(page, {
        page,
        title: known?.title ?? title,
        url: known?.url ?? url,
        closed: (known?.closed ?? false) || closed,
        createdAt: known?.createdAt ?? majlisPage?.createdAt ?? postGmt ?? postLocal ?? opts.now,
      });
    }
  }
}

function formatOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
