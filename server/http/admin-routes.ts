import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { notFound } from '../errors.js';
import { publicModerator } from '../usecases/auth.js';
import type { Deps } from '../usecases/context.js';
import { publicSite } from '../usecases/sites.js';
import { createModeratorAccount, removeModeratorAccount, updateModeratorAccount } from '../moderators/manage.js';
import { requireAdmin } from '../moderators/scope.js';
import { createSiteFromApi } from '../moderators/sites.js';

/**
 * Admins' routes under /api/moderation (app.ts requires a session first):
 * moderators (list, add, change, remove) and adding sites. Every one answers 403
 * admin_only to a moderator.
 */
export function adminRoutes(deps: Deps): Router {
  const r = Router();
  const { store } = deps;

  r.get('/api/moderation/moderators', async (req, res) => {
    requireAdmin(req.moderator);
    res.json({ moderators: (await store.listModerators()).map(publicModerator) });
  });

  r.get('/api/moderation/moderators/:id', async (req, res) => {
    requireAdmin(req.moderator);
    const m = await store.getModerator(req.params.id ?? '');
    if (!m) throw notFound();
    res.json({ moderator: publicModerator(m) });
  });

  r.post('/api/moderation/moderators', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const m = await createModeratorAccount(deps, req.body);
    deps.logger.info({ moderator: m.id, by: by.id }, 'moderator added');
    await recordAudit(deps, by, { site: null, action: 'moderator.add', target: m.id, before: null, after: publicModerator(m) });
    res.status(201).json({ moderator: publicModerator(m) });
  });

  r.patch('/api/moderation/moderators/:id', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const before = await store.getModerator(req.params.id ?? '');
    const m = await updateModeratorAccount(deps, req.params.id ?? '', req.body);
    deps.logger.info({ moderator: m.id, by: by.id }, 'moderator changed');
    const passwordChanged = typeof (req.body as { password?: unknown } | undefined)?.password === 'string';
    await recordAudit(deps, by, { site: null, action: 'moderator.change', target: m.id, before: before && publicModerator(before), after: { ...publicModerator(m), ...(passwordChanged ? { password: 'changed' } : {}) } });
    res.json({ moderator: publicModerator(m) });
  });

  r.delete('/api/moderation/moderators/:id', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const m = await removeModeratorAccount(deps, req.params.id ?? '');
    deps.logger.info({ moderator: m.id, by: by.id }, 'moderator removed');
    await recordAudit(deps, by, { site: null, action: 'moderator.remove', target: m.id, before: publicModerator(m), after: null });
    res.status(204).end();
  });

  r.post('/api/moderation/sites', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const site = await createSiteFromApi(deps, req.body);
    await recordAudit(deps, by, { site: site.id, action: 'site.add', target: site.id, before: null, after: publicSite(site) });
    res.status(201).json({ site: publicSite(site) });
  });

  return r;
}
