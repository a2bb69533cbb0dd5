import { Router } from 'express';
import { requireAdmin, siteInScope } from '../moderators/scope.js';
import type { Deps } from '../usecases/context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { queryString } from './request.js';

/**
 * `GET /api/moderation/audit?site=S[&cursor=C]`: one site's audit entries, newest first,
 * 50 a page, for any moderator of the site. Without `site`: every entry (moderator and
 * site changes included), admins only.
 */
export function auditRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/api/moderation/audit', async (req, res) => {
    const siteId = queryString(req, 'site');
    if (siteId === undefined) requireAdmin(req.moderator);
    else await siteInScope(deps.store, req.moderator!, siteId);
    const page = await deps.store.listAudit({ site: siteId, before: decodeCursor(queryString(req, 'cursor', { max: 200 })), limit: 50 });
    res.json({ entries: page.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })), nextCursor: encodeCursor(page.next) });
  });
  return r;
}
