import validator from 'validator';
import { AppError, badRequest } from '../errors.js';
import type { MessageKey } from '../i18n/messages.js';
import { stripBidiAndZeroWidth } from '../moderation/normalize.js';

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
}

export const LIMITS = { name: 245, email: 100, url: 200, page: 500, pageTitle: 300, pageUrl: 2000 } as const;
const STRING_FIELDS = ['site', 'page', 'name', 'email', 'url', 'content', 'parentId', 'pageTitle', 'pageUrl', 'formToken', 'honeypot'] as const;
type FieldErrors = NonNullable<AppError['fields']>;

/** Lone surrogates (broken UTF-16) become U+FFFD, then NFC. */
const nfc = (s: string) => s.toWellFormed().normalize('NFC');

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
  if (typeof raw.site !== 'string' || !raw.site.trim()) throw badRequest('missing_param', { param: 'site' });
  if (typeof raw.page !== 'string' || !raw.page.trim() || raw.page.length > LIMITS.page) throw badRequest('bad_param', { param: 'page' });
  if (Object.keys(typeErrors).length) throw new AppError('validation', 422, 'bad_types', undefined, typeErrors);

  const str = (k: string) => (typeof raw[k] === 'string' ? nfc((raw[k] as string).trim()) : '');
  const name = stripBidiAndZeroWidth(str('name')).replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  const email = str('email');
  const url = str('url');
  const content = str('content').replace(/\r\n?/g, '\n');

  const fields: FieldErrors = {};
  const tooLong = (max: number): { key: MessageKey; params: Record<string, number> } => ({ key: 'too_long', params: { max } });
  if (!name) fields.name = { key: 'name_required' };
  else if ([...name].length > LIMITS.name) fields.name = tooLong(LIMITS.name);
  if (!email) fields.email = { key: 'email_required' };
  else if (email.length > LIMITS.email) fields.email = tooLong(LIMITS.email);
  else if (!validator.isEmail(email, { allow_utf8_local_part: false })) fields.email = { key: 'email_invalid' };
  if (url) {
    if (url.length > LIMITS.url) fields.url = tooLong(LIMITS.url);
    else if (!isHttpUrl(url)) fields.url = { key: 'url_invalid' };
  }
  if (!content) fields.content = { key: 'content_required' };
  else if ([...content].length > maxContent) fields.content = tooLong(maxContent);
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);

  const pageUrl = str('pageUrl');
  return {
    site: str('site'),
    page: str('page'),
    name,
    // Lowercased whole: matching (previously approved, duplicates, flood) must not depend on case.
    email: email.toLowerCase(),
    url: url || null,
    content,
    parentId: str('parentId') || null,
    pageTitle: str('pageTitle').slice(0, LIMITS.pageTitle) || null,
    pageUrl: pageUrl && pageUrl.length <= LIMITS.pageUrl && isHttpUrl(pageUrl) ? pageUrl : null,
    formToken: str('formToken') || null,
    honeypot: str('honeypot'),
  };
}
