import cors, { type CorsOptions } from 'cors';
import type { Request, RequestHandler } from 'express';
import { corsDecisionCache } from '../cache/cors-cache.js';
import type { InvalidationChannel } from '../cache/invalidation.js';
import { AppError } from '../errors.js';
import type { Site } from '../domain/types.js';
import { isSameHost } from './request.js';

const BASE: CorsOptions = {
  methods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Accept-Language', 'Majlis-Reader'],
  exposedHeaders: ['Retry-After', 'Date'],
  maxAge: 600,
};

/** What decides: the sites (cached store) and the per-site rule (usecases/origins.ts). */
export interface PublicCorsDeps {
  listSites(): Promise<Site[]>;
  originAllowedForHost(site: Site, origin: string, host: string | undefined): boolean;
  channel: InvalidationChannel;
  /** SITE_CACHE_MS: how long a decision per (host, origin) is kept at most */
  ttlMs: number;
}

/**
 * CORS for the readers' API (/api/comments…, /api/counts, /api/form-token; mounted by app.ts).
 *
 * - No Origin (curl, servers, same-origin GETs): nothing added, nothing asked.
 * - An origin some site allows (or the server's own): its Origin reflected, no credentials,
 *   `Vary: Origin`; each route then checks the origin against its own site (403 origin_forbidden).
 * - An origin no site allows: every request is refused here with 403 `forbidden`
 *   (origin_forbidden, the message in the request's language), before any route runs, so it
 *   never gets a successful answer nor changes anything. The refusal carries the same CORS
 *   headers, and its preflight passes, so the page's script reads the server's reason
 *   (the widget shows it instead of "server unreachable"). The body holds only the error
 *   code and message.
 *
 * The "does some site allow it" decision is cached per (host, origin) (cache/cors-cache.ts),
 * so the hot cached GET pays one LRU lookup.
 */
export function publicCors(deps: PublicCorsDeps): RequestHandler {
  const decision = corsDecisionCache(deps.channel, deps.ttlMs, async (origin, host) =>
    (await deps.listSites()).some((s) => deps.originAllowedForHost(s, origin, host)),
  );
  const known = (origin: string, req: Request): Promise<boolean> | boolean => {
    const host = req.get('host');
    return isSameHost(origin, host) || decision(origin, host ?? '');
  };
  // Both kinds of answer carry the same headers; only whether the request goes on differs.
  const withHeaders = cors((req, cb) => cb(null, { ...BASE, origin: req.headers.origin! }));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    Promise.resolve(known(origin, req)).then(
      (ok) =>
        // A preflight is answered by cors itself (204) and never reaches `next`.
        withHeaders(req, res, (err?: unknown) => next(err ?? (ok ? undefined : new AppError('forbidden', 403, 'origin_forbidden')))),
      next,
    );
  };
}
