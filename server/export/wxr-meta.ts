/**
 * What a Majlis WXR export carries beyond WXR 1.2's fields, as metadata WordPress keeps
 * (its importer stores every <wp:postmeta> and <wp:commentmeta>, and export_wp() writes them
 * out again), so that Majlis's importer (import/wxr-majlis.ts) reads the file back to the same
 * comments: WXR has no field for a thread key apart from the post's <link>, for an edit time,
 * reasons, history, version or user agent, and its dates stop at the second.
 *
 * Per <item> (page), `wp:postmeta`: majlis_page_key (the thread key, canonical), and the page
 * row as stored: majlis_page_title, majlis_page_url (each only when not null),
 * majlis_page_created_at (ISO 8601 UTC with ms). An item with majlis_page_key is a Majlis
 * item: a fact missing from it is null.
 * Per <wp:comment>, `wp:commentmeta` (besides majlis_id, majlis_source_site, majlis_source_id):
 * majlis_created_at, majlis_edited_at (ISO 8601 UTC with ms), majlis_prev_status (a status),
 * majlis_version (integer > 1), majlis_reasons and majlis_history (JSON, as in the JSON export:
 * export/json.ts), majlis_user_agent, majlis_page_title, majlis_page_url (the comment's own
 * page facts); each is written only when it holds something (not null, not empty, version > 1).
 */
import type { ExportedComment } from '../domain/import.js';
import type { PageInfo } from '../domain/types.js';
import { historyJson } from './json.js';

export const PAGE_META = { key: 'majlis_page_key', title: 'majlis_page_title', url: 'majlis_page_url', createdAt: 'majlis_page_created_at' } as const;

export const COMMENT_META = {
  createdAt: 'majlis_created_at',
  editedAt: 'majlis_edited_at',
  prevStatus: 'majlis_prev_status',
  version: 'majlis_version',
  reasons: 'majlis_reasons',
  history: 'majlis_history',
  userAgent: 'majlis_user_agent',
  pageTitle: 'majlis_page_title',
  pageUrl: 'majlis_page_url',
} as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** The page's meta, [key, value] in writing order; `info` null (no page row): the key alone. */
export function pageMeta(page: string, info: Pick<PageInfo, 'title' | 'url' | 'createdAt'> | null): Array<[string, string]> {
  const out: Array<[string, string]> = [[PAGE_META.key, page]];
  if (info?.title != null) out.push([PAGE_META.title, info.title]);
  if (info?.url != null) out.push([PAGE_META.url, info.url]);
  if (info) out.push([PAGE_META.createdAt, iso(info.createdAt)]);
  return out;
}

/** The comment's meta beyond its ids, [key, value] in writing order. */
export function commentMeta(c: ExportedComment): Array<[string, string]> {
  const out: Array<[string, string]> = [[COMMENT_META.createdAt, iso(c.createdAt)]];
  if (c.editedAt !== null) out.push([COMMENT_META.editedAt, iso(c.editedAt)]);
  if (c.prevStatus !== null) out.push([COMMENT_META.prevStatus, c.prevStatus]);
  if (c.version > 1) out.push([COMMENT_META.version, String(c.version)]);
  if (c.reasons.length > 0) out.push([COMMENT_META.reasons, JSON.stringify(c.reasons)]);
  if (c.history.length > 0) out.push([COMMENT_META.history, JSON.stringify(historyJson(c.history))]);
  if (c.userAgent !== '') out.push([COMMENT_META.userAgent, c.userAgent]);
  if (c.pageTitle !== null) out.push([COMMENT_META.pageTitle, c.pageTitle]);
  if (c.pageUrl !== null) out.push([COMMENT_META.pageUrl, c.pageUrl]);
  return out;
}
