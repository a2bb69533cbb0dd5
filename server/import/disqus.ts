/**
 * Disqus XML export → import batch, streaming.
 *
 * Disqus's documented export format (help.disqus.com, "Comments Export"): a
 * <disqus> root (namespace http://disqus.com, internals http://disqus.com/disqus-internals)
 * holding <category>s, then every <thread dsq:id> (with <id> = the site's
 * disqus_identifier, <link>, <title>, <isClosed>), then every <post dsq:id> with
 * <message> (HTML), <createdAt> (ISO 8601, UTC), <isDeleted>, <isSpam>, <author>
 * (<name>, <email>, <username>), <ipAddress>, <thread dsq:id/> and an optional
 * <parent dsq:id/>. Disqus exports only what it published or removed, so a post
 * that is neither spam nor deleted was approved.
 */
import { decodeHTML } from 'entities';
import type { ImportComment, ImportPage } from '../domain/import.js';
import { note, type Note } from './notes.js';
import type { CommentStatus } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { avatarsOf, fitContent, importedHistory, NO_HISTORY, NO_REASONS, pageKeyOfUrl, restoreBreaks, type ParsedExport, type ParseOptions } from './common.js';
import { ImportFailure } from './failure.js';
import { cleanEmail, cleanIp, cleanName, cleanUrl, htmlToText } from './text.js';
import { own, readXml } from './xml.js';

const DISQUS_NS = /^https?:\/\/disqus\.com\/?$/;
const DSQ_NS = /^https?:\/\/disqus\.com\/disqus-internals\/?$/;

interface RawThread {
  dsqId: string;
  fields: Map<string, string>;
  /** worked out at its first post (null: the thread has no usable page key) */
  page: ThreadPage | null | undefined;
}

interface RawPost {
  dsqId: string;
  line: number;
  fields: Map<string, string>;
  author: Map<string, string>;
  threadId: string;
  parentId: string | null;
}

const truthy = (v: string | undefined) => (v ?? '').trim().toLowerCase() === 'true';

export async function parseDisqus(chunks: AsyncIterable<string>, opts: ParseOptions): Promise<ParsedExport> {
  const stack: string[] = [];
  let text = '';
  let thread: RawThread | null = null;
  let post: RawPost | null = null;
  let inAuthor = false;
  let forum = '';
  const threads = new Map<string, RawThread>();
  const builder = new DisqusBatch(threads, opts);
  let rootSeen = false;

  const dsqId = (attr: (uri: string, local: string) => string | undefined) => {
    for (const uri of ['http://disqus.com/disqus-internals', 'https://disqus.com/disqus-internals']) {
      const v = attr(uri, 'id');
      if (v !== undefined) return v;
    }
    return attr('', 'id') ?? '';
  };

  const { repairs } = await readXml(
    chunks,
    {
      open(uri, local, attr, line) {
        if (stack.length === 0) {
          if (local !== 'disqus' || !DISQUS_NS.test(uri)) throw new ImportFailure(line, 'not_disqus', { root: local });
          rootSeen = true;
        }
        stack.push(local);
        text = '';
        if (stack.length === 2 && local === 'thread') thread = { dsqId: dsqId(attr), fields: new Map(), page: undefined };
        else if (stack.length === 2 && local === 'post') post = { dsqId: dsqId(attr), line, fields: new Map(), author: new Map(), threadId: '', parentId: null };
        else if (post && stack.length === 3 && local === 'thread') post.threadId = dsqId(attr);
        else if (post && stack.length === 3 && local === 'parent') post.parentId = dsqId(attr) || null;
        else if (stack.length === 3 && local === 'author') inAuthor = true;
      },
      close(uri, local) {
        const value = text;
        text = '';
        stack.pop();
        if (DSQ_NS.test(uri)) return;
        if (stack.length === 1) {
          if (local === 'thread' && thread) {
            threads.set(thread.dsqId, thread);
            thread = null;
          } else if (local === 'post' && post) {
            // Each post becomes a comment as soon as it is read (Disqus writes every thread
            // before the posts): only the batch grows, not the raw posts with their fields.
            builder.addPost(post, forum);
            post = null;
            opts.onProgress?.(0, builder.postsRead);
          }
        } else if (stack.length === 2) {
          if (local === 'author') inAuthor = false;
          else if (thread) thread.fields.set(local, own(value));
          else if (post) post.fields.set(local, own(value));
          else if (stack[1] === 'category' && local === 'forum' && !forum) forum = own(value.trim());
        } else if (stack.length === 3 && inAuthor) {
          (post?.author ?? thread?.fields)?.set(post ? local : `author.${local}`, own(value));
        }
      },
      text(t) {
        if (stack.length > 0) text += t;
      },
    },
    (chars) => opts.onProgress?.(chars, builder.postsRead),
  );
  if (!rootSeen) throw new ImportFailure(1, 'empty');
  if (!forum) forum = [...threads.values()].find((t) => t.fields.get('forum'))?.fields.get('forum')?.trim() ?? 'unknown';
  return builder.finish(`disqus:${forum}`, repairs);
}

/** A thread as its comments see it, worked out once per thread. */
interface ThreadPage {
  page: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: number;
}

const PENDING_SITE = '\u0000pending';

/** Turns each post, as soon as it is read, into a comment ready for the store. */
class DisqusBatch {
  postsRead = 0;
  private readonly pages = new Map<string, ImportPage>();
  private readonly comments: ImportComment[] = [];
  private readonly errors: Note[] = [];
  private readonly cuts: Note[] = [];
  /** posts read before their thread (not how Disqus writes files), placed at the end */
  private readonly waiting: RawPost[] = [];
  private sourcePending = false;

  /** One avatar key per author (common.ts avatarsOf). */
  private readonly avatar: (key: string) => string;

  constructor(
    private readonly threads: Map<string, RawThread>,
    private readonly opts: ParseOptions,
  ) {
    this.avatar = avatarsOf(opts.secret);
  }

  /** `forum`: the export's forum as far as it is known yet ('' when not). */
  addPost(p: RawPost, forum: string): void {
    this.postsRead += 1;
    if (p.dsqId && !this.threads.has(p.threadId)) this.waiting.push(p);
    else this.build(p, forum ? `disqus:${forum}` : PENDING_SITE);
  }

  /** The file's comments; the source site is the forum (known late only in odd files). */
  finish(sourceSite: string, repairs: Note[]): ParsedExport {
    for (const p of this.waiting) this.build(p, sourceSite);
    if (this.sourcePending) for (const c of this.comments) if (c.source!.site === PENDING_SITE) c.source!.site = sourceSite;
    // Closed threads without posts still close their page.
    for (const t of this.threads.values()) {
      if (!truthy(t.fields.get('isClosed'))) continue;
      const page = this.pageOf(t);
      if (!page || this.pages.has(page)) continue;
      const created = Date.parse((t.fields.get('createdAt') ?? '').trim());
      const link = (t.fields.get('link') ?? '').trim();
      this.pages.set(page, {
        page,
        title: decodeHTML(t.fields.get('title') ?? '').trim() || null,
        url: /^https?:\/\//i.test(link) ? link : null,
        closed: true,
        createdAt: Number.isFinite(created) ? created : this.opts.now,
      });
    }
    // In the file's order (posts that waited for their thread included).
    const byLine = (a: Note, b: Note) => a.line - b.line;
    return { pages: [...this.pages.values()], comments: this.comments, skipped: 0, repaired: [...repairs, ...this.cuts.sort(byLine)], errors: this.errors.sort(byLine) };
  }

  private pageOf(t: RawThread): string | null {
    if (this.opts.pageKey === 'identifier') {
      const ident = (t.fields.get('id') ?? '').trim();
      if (ident) return canonicalPageKey(ident);
    }
    return pageKeyOfUrl(t.fields.get('link') ?? '');
  }

  /** The thread's page, title and URL, shared by all its comments. */
  private threadPage(t: RawThread): ThreadPage | null {
    if (t.page !== undefined) return t.page;
    const page = this.pageOf(t);
    const link = (t.fields.get('link') ?? '').trim();
    const created = Date.parse((t.fields.get('createdAt') ?? '').trim());
    t.page = page
      ? {
          page,
          title: decodeHTML(restoreBreaks(t.fields.get('title') ?? '')).trim() || null,
          url: /^https?:\/\//i.test(link) ? link : null,
          closed: truthy(t.fields.get('isClosed')),
          createdAt: created,
        }
      : null;
    return t.page;
  }

  private build(p: RawPost, sourceSite: string): void {
    const { errors, opts } = this;
    const t = this.threads.get(p.threadId);
    if (!p.dsqId) {
      errors.push(note(p.line, 'disqus_no_id'));
      return;
    }
    if (!t) {
      errors.push(note(p.line, 'disqus_no_thread', { post: p.dsqId, thread: p.threadId || '(none)' }));
      return;
    }
    const tp = this.threadPage(t);
    if (!tp) {
      errors.push(note(p.line, 'disqus_no_link', { thread: t.dsqId, post: p.dsqId, what: opts.pageKey === 'identifier' ? '<id> or <link>' : '<link>' }));
      return;
    }
    const createdAt = Date.parse((p.fields.get('createdAt') ?? '').trim());
    if (!Number.isFinite(createdAt)) {
      errors.push(note(p.line, 'disqus_no_date', { post: p.dsqId }));
      return;
    }
    if (sourceSite === PENDING_SITE) this.sourcePending = true;
    const status: CommentStatus = truthy(p.fields.get('isSpam')) ? 'spam' : truthy(p.fields.get('isDeleted')) ? 'trash' : 'approved';
    const prevStatus: CommentStatus | null = status === 'approved' ? null : 'approved';
    const email = cleanEmail(p.author.get('email') ?? '');
    const name = cleanName(restoreBreaks(p.author.get('name') ?? p.author.get('username') ?? ''));
    this.comments.push({
      key: p.dsqId,
      parentKey: p.parentId,
      id: null,
      source: { site: sourceSite, id: p.dsqId },
      page: tp.page,
      authorName: name,
      authorEmail: email,
      authorUrl: cleanUrl(p.author.get('link') ?? p.author.get('url') ?? ''),
      // Newer Disqus exports carry no email: the username (or name) keeps one author one avatar.
      avatarKey: this.avatar(email || `disqus:${p.author.get('username') ?? name}`),
      content: fitContent(htmlToText(restoreBreaks(p.fields.get('message') ?? '')), p.line, this.cuts),
      status,
      // Disqus removed what it had published: restore brings it back approved.
      prevStatus,
      version: 1,
      ip: cleanIp(p.fields.get('ipAddress') ?? ''),
      userAgent: '',
      reasons: NO_REASONS,
      // Disqus does not say when: the bin counts from the import
      history: importedHistory({ status, prevStatus, createdAt }, NO_HISTORY, this.opts.now),
      pageTitle: tp.title,
      pageUrl: tp.url,
      createdAt,
      editedAt: null,
    });
    if (!this.pages.has(tp.page)) {
      this.pages.set(tp.page, { page: tp.page, title: tp.title, url: tp.url, closed: tp.closed, createdAt: Number.isFinite(tp.createdAt) ? tp.createdAt : createdAt });
    }
  }
}
