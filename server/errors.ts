import type { MessageKey } from './i18n/messages.js';

/** A typed error: stable code, HTTP status, message key. Turned into JSON in one middleware. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly key: MessageKey,
    readonly params?: Record<string, string | number>,
    /** field → message key (with params) for 422 validation errors */
    readonly fields?: Record<string, { key: MessageKey; params?: Record<string, string | number> }>,
    /** extra headers (Retry-After) and payload (the current comment on conflict) */
    readonly extra?: { retryAfter?: number; data?: Record<string, unknown> },
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const badRequest = (key: MessageKey = 'bad_request', params?: Record<string, string | number>) =>
  new AppError('bad_request', 400, key, params);
export const forbidden = (key: MessageKey) => new AppError('forbidden', 403, key);
export const notFound = (key: MessageKey = 'not_found') => new AppError('not_found', 404, key);
export const unauthorized = (key: MessageKey = 'login_required') => new AppError('unauthorized', 401, key);
export const rateLimited = (retryAfter: number, key: MessageKey = 'rate_limited') =>
  new AppError('rate_limited', 429, key, { seconds: retryAfter }, undefined, { retryAfter });
