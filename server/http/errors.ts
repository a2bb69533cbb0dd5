import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { format, pickLocale, type Locale } from '../i18n/locale.js';
import { MESSAGES, type MessageKey } from '../i18n/messages.js';
import { tooDeep } from './json-depth.js';

export const localeOf = (req: Request): Locale => pickLocale(req.get('accept-language'));

export const t = (key: MessageKey, locale: Locale, params?: Record<string, string | number>) =>
  format(MESSAGES[key][locale], params, locale);

/** The JSON body of an error, in the request's language. */
export function errorBody(err: AppError, locale: Locale) {
  const body: Record<string, unknown> = { error: err.code, message: t(err.key, locale, err.params) };
  if (err.fields) {
    body.fields = Object.fromEntries(Object.entries(err.fields).map(([f, v]) => [f, t(v.key, locale, v.params)]));
  }
  if (err.extra?.data) Object.assign(body, err.extra.data);
  return body;
}

/** Turns body-parser failures into typed errors. */
function fromParserError(err: { type?: string; status?: number }): AppError | null {
  if (err.type === 'entity.too.large') return new AppError('too_large', 413, 'too_large');
  if (err.type === 'entity.too.deep') return tooDeep();
  if (err.type === 'entity.parse.failed') return new AppError('bad_request', 400, 'bad_json');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return new AppError('bad_request', 400, 'bad_request');
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return new AppError('bad_request', err.status, 'bad_request');
  return null;
}

/** The one place errors become JSON. Unknown errors are a 500 with no stack trace in the body. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // A response already sent (a 503 at the end of a shutdown, a client gone): nothing left to answer.
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    const appErr = err instanceof AppError ? err : fromParserError(err ?? {});
    const locale = localeOf(req);
    if (!appErr) {
      logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
      res.status(500).json({ error: 'internal', message: t('internal', locale) });
      return;
    }
    if (appErr.extra?.retryAfter) res.set('Retry-After', String(appErr.extra.retryAfter));
    res.status(appErr.status).json(errorBody(appErr, locale));
  };
}
