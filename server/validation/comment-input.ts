import validator from 'validator';
import { AppError, badRequest } from '../errors.js';
import type { MessageKey } from '../i18n/messages.js';
import { codePointLength } from './code-points.js';
import { isEmailAddress, normalizeEmail } from './email.js';
import { canonicalPageKey, clientPageKey, MAX_PAGE_KEY } from './page-key.js';
import { cleanDisplayName, cleanPageTitle, withoutControls } from './text-fields.js';

/** A comment submission after type checks and field validation. */
export interface CommentInput {
  site: string;
  page: string;
  name: string;
  email: string;
  url: string | null;
  content: string;
  parentId: string | null;
  pageTitle: string | null;
  pageUrl: string | null;
  formToken: string | null;
  honeypot: string;
  /** [notify] "email me replies to my comment" (issue 12) */
  notifyReplies?: boolean;
}

export const LIMITS = { name: 245, email: 100, url: 200, page: MAX_PAGE_KEY, pageTitle: 300, pageUrl: 2000 } as const;
const STRING_FIELDS = ['site', 'page', 'name', 'email', 'url', 'content', 'parentId', 'pageTitle', 'pageUrl', 'formToken', 'honeypot'] as const;
type FieldErrors = NonNullable<AppError['fields']>;

/** Lone surrogates (broken UTF-16) become U+FFFD, then NFC. */
const nfc = (s: string) => s.toWellFormed().normalize('NFC');

/** The one spelling of a thread key, used on every path that reads or writes one (see page-key.ts). */
export const normalizePageKey = canonicalPageKey;

/** http(s) only; anything else (javascript:, data:, relative) is refused. */
export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  return validator.isURL(s, { protocols: ['http', 'https'], require_protocol: true, require_tld: false });
}

/**
 * Type safety first: every field must be a string (or absent / null for optional
 * ones) before anything reaches a query. Objects such as {"$gt": ""} are refused.
 */
export function parseCommentInput(body: unknown, maxContent: number): CommentInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('bad_request');
  const raw = body as Record<string, unknown>;
  const typeErrors: FieldErrors = {};
  for (const key of STRING_FIELDS) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') typeErrors[key] = { key: 'not_string' };
  }
  // [notify] a boolean, when given
  if (raw.notifyReplies !== undefined && raw.notifyReplies !== null && typeof raw.notifyReplies !== 'boolean') typeErrors.notifyReplies = { key: 'not_boolean' };
  if (typeof raw.site !== 'string' || !raw.site.trim()) throw badRequest('missing_param', { param: 'site' });
  const page = clientPageKey(raw.page);
  if (page === null) throw badRequest('bad_param', { param: 'page' });
  // The contract: wrong types are a 400 bad_request (with the fields named), never a query.
  if (Object.keys(typeErrors).length) throw new AppError('bad_request', 400, 'bad_types', undefined, typeErrors);

  // Cut absurd lengths before any regex runs (the 32 KB body limit still allows big fields);
  // the length check below still reports them as too long.
  const str = (k: string, cap = 4 * LIMITS.url) => (typeof raw[k] === 'string' ? nfc((raw[k] as string).slice(0, cap).trim()) : '');
  // Single-line fields: no controls, no tags, no bidi controls (validation/text-fields.ts).
  const name = cleanDisplayName(str('name', 4 * LIMITS.name));
  const email = str('email');
  const url = withoutControls(str('url'));
  const content = str('content', Number.MAX_SAFE_INTEGER).replace(/\r\n?/g, '\n');

  const fields: FieldErrors = {};
  const tooLong = (max: number): { key: MessageKey; params: Record<string, number> } => ({ key: 'too_long', params: { max } });
  if (!name) fields.name = { key: 'name_required' };
  else if (codePointLength(name) > LIMITS.name) fields.name = tooLong(LIMITS.name);
  if (!email) fields.email = { key: 'email_required' };
  else if (email.length > LIMITS.email) fields.email = tooLong(LIMITS.email);
  else if (!isEmailAddress(email)) fields.email = { key: 'email_invalid' };
  if (url) {
    if (url.length > LIMITS.url) fields.url = tooLong(LIMITS.url);
    else if (!isHttpUrl(url)) fields.url = { key: 'url_invalid' };
  }
  // Invisible characters alone (zero-width spaces, joiners) are no comment either.
  if (/^[\p{Cf}\p{Z}\s]*$/u.test(content)) fields.content = { key: 'content_required' };
  else if (codePointLength(content) > maxContent) fields.content = tooLong(maxContent);
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);

  const pageUrl = withoutControls(str('pageUrl', LIMITS.pageUrl + 1));
  return {
    site: str('site'),
    page,
    name,
    // One spelling per address (validation/email.ts): matching (previously approved, duplicates, flood) must not depend on it.
    email: normalizeEmail(email),
    url: url || null,
    content,
    parentId: str('parentId') || null,
    // Shown in mails, the feed and the dashboard: bidi controls could reorder the text around it, as in names.
    pageTitle: cleanPageTitle(str('pageTitle')).slice(0, LIMITS.pageTitle).trim() || null,
    pageUrl: pageUrl && pageUrl.length <= LIMITS.pageUrl && isHttpUrl(pageUrl) ? pageUrl : null,
    formToken: str('formToken') || null,
    honeypot: str('honeypot'),
    notifyReplies: raw.notifyReplies === true,
  };
}
