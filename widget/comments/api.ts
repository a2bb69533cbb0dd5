/**
 * HTTP calls to the Majlis server. The server is wherever this script was
 * loaded from, so one <script> tag is all a site needs.
 */
import { ApiError } from '../shared/api-error.js';
import { noteServerDate } from '../shared/server-clock.js';
import type { CommentPage, OwnComment, PublicComment, Sort } from './types.js';

// This module may be bundled into widget.js or into a shared chunk under chunks/ (widget/build.mjs):
// either way the server is the folder widget.js was loaded from.
const here = new URL('./', import.meta.url);
export const serverBase = here.pathname.endsWith('/chunks/') ? new URL('../', here) : here;

export { ApiError };

/** One JSON call to the server; a non-2xx answer throws ApiError with the server's code and message. */
export async function call<T>(path: string, lang: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  const sentAt = Date.now();
  try {
    res = await fetch(new URL(path, serverBase), {
      ...init,
      // Server messages come back in the widget's language.
      headers: { 'Accept-Language': lang, ...init.headers },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  noteServerDate(res, sentAt);
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.ok && body) return body as T;
  throw new ApiError(
    res.status,
    typeof body?.error === 'string' ? body.error : 'internal',
    typeof body?.message === 'string' && res.status < 500 ? body.message : '',
    (body?.fields as Record<string, string>) ?? {},
    Number(res.headers.get('Retry-After')) || 0,
  );
}

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  return s.toString();
};

/** A page of threads: after `cursor`, or (`around`) the one holding that comment; `sort` empty = the site's default; `limit` threads (server cap 200; default the site's page). */
export const fetchComments = (site: string, page: string, lang: string, cursor?: string, sort?: Sort | '', around?: string, limit?: number) =>
  call<CommentPage>(`api/comments?${q({ site, page, cursor, sort, around, limit: limit ? String(limit) : undefined })}`, lang);

export const fetchFormToken = (site: string, page: string, lang: string) =>
  call<{ token: string }>(`api/form-token?${q({ site, page })}`, lang).then((r) => r.token);

/** The reader's own comments, proved by their edit tokens ("id:token" claims, at most 50). */
export const fetchOwnComments = (claims: string[], lang: string) =>
  call<{ comments: OwnComment[] }>(`api/comments/mine?${claims.map((c) => `c=${encodeURIComponent(c)}`).join('&')}`, lang).then(
    (r) => r.comments,
  );

export interface PostBody {
  site: string;
  page: string;
  name: string;
  email: string;
  url?: string;
  content: string;
  parentId?: string;
  pageTitle?: string;
  pageUrl?: string;
  formToken?: string;
  honeypot: string;
  /** [notify] email me replies to my comment */
  notifyReplies?: boolean;
}

/** `editableUntil`: ISO end of the author's edit window, null when the site allows none. */
export type Posted = { comment: PublicComment & { status: 'pending' | 'approved' }; editToken: string; editableUntil?: string | null };

/** The same key is reused while the body is unchanged, so a retry after a lost answer stores nothing twice. */
export const postComment = (body: PostBody, lang: string, idempotencyKey: string) =>
  call<Posted>('api/comments', lang, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(body),
  });

/** Random hex; crypto.randomUUID needs a secure context, getRandomValues does not. */
export const randomKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Avatars are server paths; make them absolute against the server. */
export const absolute = (path: string) => new URL(path, serverBase).href;
