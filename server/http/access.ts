import type { NextFunction, Request, Response } from 'express';
import { resolveSession } from '../auth/sessions.js';
import type { Moderator, Site } from '../domain/types.js';
import { badRequest, unauthorized } from '../errors.js';
import type { Deps } from '../usecases/context.js';
import { siteAdmitsOrigin } from '../usecases/origins.js';
import { assertSameOrigin } from './request.js';

import { createIdempotency, type IdempotentResult } from './idempotency.js';

/** Who may do what: origins per site, moderator sessions, idempotent replays. */
export interface Access {
  originAllowed(site: Site, origin: string, req: Request): boolean;
  /** The same rule, for a Host header value (the CORS decision cache keys by it). */
  originAllowedForHost(site: Site, origin: string, host: string | undefined): boolean;
  moderatorOf(req: Request): Promise<Moderator | null>;
  requireModerator(req: Request, res: Response, next: NextFunction): void;
  idempotency: {
    /** Runs `fn` once per key and body; see idempotency.ts. */
    once(key: string, bodyHash: string, fn: () => Promise<IdempotentResult>): Promise<IdempotentResult>;
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    moderator?: Moderator;
    sessionId?: string;
  }
}

export function createAccess(deps: Deps): Access {
  return {
    originAllowed(site, origin, req) {
      return this.originAllowedForHost(site, origin, req.get('host'));
    },

    originAllowedForHost(site, origin, host) {
      return siteAdmitsOrigin(site, origin, host);
    },

    async moderatorOf(req) {
      if (req.moderator) return req.moderator;
      const found = await resolveSession(deps.store, req.get('cookie'), deps.clock());
      if (!found) return null;
      req.moderator = found.moderator;
      req.sessionId = found.sessionId;
      return found.moderator;
    },

    requireModerator(req, _res, next) {
      this.moderatorOf(req)
        .then((m) => {
          if (!m) return next(unauthorized());
          // CSRF: SameSite=Strict keeps the cookie home; an Origin from elsewhere is refused too.
          if (req.method !== 'GET' && req.method !== 'HEAD') assertSameOrigin(req);
          next();
        })
        .catch(next);
    },

    idempotency: createIdempotency(deps.store, deps.clock),
  };
}

/** Rejects JSON routes that were not sent as JSON (a cheap CSRF and confusion guard). */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if ((req.get('content-length') ?? '0') === '0' && !req.get('transfer-encoding')) return next();
  if (!req.is('application/json')) return next(badRequest('unsupported_type'));
  next();
}
