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
import { avatarKey } from '../avatar.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { fitContent, importedHistory, pageKeyOfUrl, restoreBreaks, type ParsedExport, type ParseOptions } from './common.js';
import { ImportFailure } from './failure.js';
import { cleanEmail, cleanIp, cleanName, cleanUrl, htmlToText } from './text.js';
import { own, readXml } from './xml.js';

const DISQUS_NS = /^https?:\/\/disqus\.com\/?$/;
const DSQ_NS = /^https?:\/\/disqus\.com\/disqus-internals\/?$/;

interface RawThread {
  dsqId: string;
  fields: Map<string, string>;
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
  const posts: RawPost[] = [];
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
        if (stack.length === 2 && local === 'thread') thread = { dsqId: dsqId(attr), fields: new Map() };
        else if (stack.length === 2 && local === 'post') post = { dsqId: dsqId(attr), line, fields: new Map(), author: new Map(), threadId: '', parentId: null };
        else if (post && stack.length === 3 && local === 'thread') post.threadId = dsqId(attr);
        else if (post && stack.length === 3 && local === 'parent') post.parentId = dsqId(attr) || null;
        else if (stack.length === 3 && local === 'author') inAuthor = true;
      },
      close(uri, local) {
        const value = own(text);
        text = '';
        stack.pop();
        if (DSQ_NS.test(uri)) return;
        if (stack.length === 1) {
          if (local === 'thread' && thread) {
            threads.set(thread.dsqId, thread);
            thread = null;
          } else if (local === 'post' && post) {
            posts.push(post);
            post = null;
            opts.onProgress?.(0, posts.length);
          }
        } else if (stack.length === 2) {
          if (local === 'author') inAuthor = false;
          else if (thread) thread.fields.set(local, value);
          else if (post) post.fields.set(local, value);
          else if (stack[1] === 'category' && local === 'forum' && !forum) forum = value.trim();
        } else if (stack.length === 3 && inAuthor) {
          (post?.author ?? thread?.fields)?.set(post ? local : `author.${local}`, value);
        }
      },
      text(t) {
        if (stack.length > 0) text += t;
      },
    },
    (chars) => opts.onProgress?.(chars, posts.length),
  );
  if (!rootSeen) throw new ImportFailure(1, 'empty');
  if (!forum) forum = [...threads.values()].find((t) => t.fields.get('forum'))?.fields.get('forum')?.trim() ?? 'unknown';
  return buildBatch(`disqus:${forum}`, threads, posts, repairs, opts);
}

function buildBatch(sourceSite: string, threads: Map<string, RawThread>, posts: RawPost[], repaired: Note[], opts: ParseOptions): ParsedExport {
  const pages = new Map<string, ImportPage>();
  const comments: ImportComment[] = [];
  const errors: Note[] = [];

  const pageOf = (t: RawThread): string | null => {
    if (opts.pageKey === 'identifier') {
      const ident = (t.fields.get('id') ?? '').trim();
      if (ident) return canonicalPageKey(ident);
    }
    return pageKeyOfUrl(t.fields.get('link') ?? '');
  };

  for (const p of posts) {
    const t = threads.get(p.threadId);
    if (!p.dsqId) {
      errors.push(note(p.line, 'disqus_no_id'));
      continue;
    }
    if (!t) {
      errors.push(note(p.line, 'disqus_no_thread', { post: p.dsqId, thread: p.threadId || '(none)' }));
      continue;
    }
    const page = pageOf(t);
    if (!page) {
      errors.push(note(p.line, 'disqus_no_link', { thread: t.dsqId, post: p.dsqId, what: opts.pageKey === 'identifier' ? '<id> or <link>' : '<link>' }));
      continue;
    }
    const createdAt = Date.parse((p.fields.get('createdAt') ?? '').trim());
    if (!Number.isFinite(createdAt)) {
      errors.push(note(p.line, 'disqus_no_date', { post: p.dsqId }));
      continue;
    }
    const status: CommentStatus = truthy(p.fields.get('isSpam')) ? 'spam' : truthy(p.fields.get('isDeleted')) ? 'trash' : 'approved';
    const prevStatus: CommentStatus | null = status === 'approved' ? null : 'approved';
    const email = cleanEmail(p.author.get('email') ?? '');
    const name = cleanName(restoreBreaks(p.author.get('name') ?? p.author.get('username') ?? ''));
    const title = decodeHTML(restoreBreaks(t.fields.get('title') ?? '')).trim() || null;
    const link = (t.fields.get('link') ?? '').trim();
    const url = /^https?:\/\//i.test(link) ? link : null;
    comments.push({
      key: p.dsqId,
      parentKey: p.parentId,
      id: null,
      source: { site: sourceSite, id: p.dsqId },
      page,
      authorName: name,
      authorEmail: email,
      authorUrl: cleanUrl(p.author.get('link') ?? p.author.get('url') ?? ''),
      // Newer Disqus exports carry no email: the username (or name) keeps one author one avatar.
      avatarKey: avatarKey(opts.secret, email || `disqus:${p.author.get('username') ?? name}`),
      content: fitContent(htmlToText(restoreBreaks(p.fields.get('message') ?? '')), p.line, repaired),
      status,
      // Disqus removed what it had published: restore brings it back approved.
      prevStatus,
      version: 1,
      ip: cleanIp(p.fields.get('ipAddress') ?? ''),
      userAgent: '',
      reasons: [],
      // Disqus does not say when: the bin counts from the import
      history: importedHistory({ status, prevStatus, createdAt }, [], opts.now),
      pageTitle: title,
      pageUrl: url,
      createdAt,
      editedAt: null,
    });
    if (!pages.has(page)) {
      const threadCreated = Date.parse((t.fields.get('createdAt') ?? '').trim());
      pages.set(page, { page, title, url, closed: truthy(t.fields.get('isClosed')), createdAt: Number.isFinite(threadCreated) ? threadCreated : createdAt });
    }
  }
  // Closed threads without posts still close their page.
  for (const t of threads.values()) {
    if (!truthy(t.fields.get('isClosed'))) continue;
    const page = pageOf(t);
    if (!page || pages.has(page)) continue;
    const created = Date.parse((t.fields.get('createdAt') ?? '').trim());
    const link = (t.fields.get('link') ?? '').trim();
    pages.set(page, {
      page,
      title: decodeHTML(t.fields.get('title') ?? '').trim() || null,
      url: /^https?:\/\//i.test(link) ? link : null,
      closed: true,
      createdAt: Number.isFinite(created) ? created : opts.now,
    });
  }
  return { pages: [...pages.values()], comments, skipped: 0, repaired, errors };
}
