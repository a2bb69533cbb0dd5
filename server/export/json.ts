/**
 * Majlis's own export, version 1: a documented, lossless JSON of one site.
 *
 *   { "format": "majlis-export", "version": 1,
 *     "site": { id, origins, settings, createdAt },
 *     "pages": [ { page, title, url, closed, createdAt } ],            ordered by page key
 *     "comments": [ { id, page, parentId, status, prevStatus, version,
 *                     author: { name, email, url }, ip, userAgent, content,
 *                     reasons: [{ code, params? }], history: [{ at, by, from, to }],
 *                     pageTitle, pageUrl, createdAt, editedAt,
 *                     source: { site, id } | null } ] }                 page by page (pages in key order), each oldest first
 *
 * Dates are ISO 8601 UTC strings. Every status is included, with emails, IPs and
 * user agents; moderators, passwords and sessions never are. The file carries no
 * export time, so exporting the same data twice gives the same bytes.
 */
import type { ExportedComment } from '../domain/import.js';
import type { PageInfo, Site } from '../domain/types.js';

export const EXPORT_FORMAT = 'majlis-export';
export const EXPORT_VERSION = 1;

const iso = (ms: number) => new Date(ms).toISOString();

/** A comment's history as the export writes it (times as ISO 8601 UTC); the WXR export's majlis_history too. */
export const historyJson = (history: ExportedComment['history']) => history.map((h) => ({ at: iso(h.at), by: h.by, from: h.from, to: h.to }));

export function exportedCommentJson(c: ExportedComment) {
  return {
    id: c.id,
    page: c.page,
    parentId: c.parentId,
    status: c.status,
    prevStatus: c.prevStatus,
    version: c.version,
    author: { name: c.authorName, email: c.authorEmail, url: c.authorUrl },
    ip: c.ip,
    userAgent: c.userAgent,
    content: c.content,
    reasons: c.reasons,
    history: historyJson(c.history),
    pageTitle: c.pageTitle,
    pageUrl: c.pageUrl,
    createdAt: iso(c.createdAt),
    editedAt: c.editedAt === null ? null : iso(c.editedAt),
    source: c.source,
  };
}

/** The export as text pieces, one page or comment per line, for streaming to a file or a response. */
export async function* writeJsonExport(site: Site, pages: PageInfo[], comments: AsyncIterable<ExportedComment>): AsyncGenerator<string> {
  const head = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    site: { id: site.id, origins: site.origins, settings: site.settings, createdAt: iso(site.createdAt) },
  };
  yield `${JSON.stringify(head).slice(0, -1)},\n"pages":[`;
  let first = true;
  for (const p of pages) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify({ page: p.page, title: p.title, url: p.url, closed: p.closed, createdAt: iso(p.createdAt) })}`;
    first = false;
  }
  yield '\n],\n"comments":[';
  first = true;
  let buffer: string[] = [];
  for await (const c of comments) {
    buffer.push(`${first ? '\n' : ',\n'}${JSON.stringify(exportedCommentJson(c))}`);
    first = false;
    if (buffer.length >= 200) {
      yield buffer.join('');
      buffer = [];
    }
  }
  yield `${buffer.join('')}\n]}\n`;
}
