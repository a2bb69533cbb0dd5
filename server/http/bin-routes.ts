import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { commentInScope, siteInScope } from '../moderators/scope.js';
import type { Deps } from '../usecases/context.js';
import { announceDeleted } from '../privacy/retention.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deleting for good: one comment from spam or trash, or a whole bin (any moderator of the site). */
export function binRoutes(deps: Deps): Router {
  const r = Router();
  const { store, bus } = deps;

  r.delete('/api/moderation/comments/:id', async (req, res) => {
    const current = commentInScope(req.moderator!, await store.getComment(req.params.id ?? ''));
    const out = await store.deleteComment(current.id, ['spam', 'trash']);
    if (!out.ok) {
      if (!out.comment) throw notFound();
      throw new AppError('conflict', 409, 'delete_not_binned');
    }
    bus.publish('comments:deleted', out.comment.site, [out.comment.id]);
    // replies may have moved up into view: the page's cached answer and its readers must hear of it
    bus.publish('page:updated', { site: out.comment.site, page: out.comment.page });
    deps.logger.info({ id: out.comment.id, site: out.comment.site, by: req.moderator!.id }, 'comment deleted for good');
    await recordAudit(deps, req.moderator!, { site: out.comment.site, action: 'comment.delete', target: out.comment.id, before: { status: out.comment.status, page: out.comment.page, content: out.comment.content }, after: null });
    res.status(204).end();
  });

  r.post('/api/moderation/sites/:id/purge', async (req, res) => {
    const site = await siteInScope(store, req.moderator!, req.params.id ?? '');
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.status !== 'spam' && b.status !== 'trash') throw badRequest('bad_param', { param: 'status' });
    const days = b.olderThanDays ?? 0;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 36500) throw badRequest('bad_param', { param: 'olderThanDays' });
    const gone = await store.purgeComments(site.id, b.status, deps.clock() - days * DAY_MS + (days === 0 ? 1 : 0));
    announceDeleted(deps, site.id, gone);
    const ids = gone;
    deps.logger.info({ site: site.id, status: b.status, deleted: ids.length, by: req.moderator!.id }, 'bin purged');
    await recordAudit(deps, req.moderator!, { site: site.id, action: 'bin.purge', target: null, before: { status: b.status, olderThanDays: days }, after: { deleted: ids.length } });
    res.json({ deleted: ids.length });
  });

  return r;
}
