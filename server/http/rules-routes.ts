import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { notFound } from '../errors.js';
import { canAccessSite, siteInScope } from '../moderators/scope.js';
import { addRule, parseRule, publicRule } from '../rules/manage.js';
import type { Deps } from '../usecases/context.js';
import { queryString } from './request.js';

/** Trust/hold/block rules of a site (any moderator of that site). */
export function rulesRoutes(deps: Deps): Router {
  const r = Router();
  const { store } = deps;

  r.get('/api/moderation/rules', async (req, res) => {
    const site = await siteInScope(store, req.moderator!, queryString(req, 'site'));
    res.json({ rules: (await store.listRules(site.id, deps.clock())).map(publicRule) });
  });

  r.post('/api/moderation/rules', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const site = await siteInScope(store, req.moderator!, b.site);
    const now = deps.clock();
    const rule = parseRule({ ...b, site: site.id }, req.moderator!, now);
    const saved = await addRule(store, rule, now);
    deps.logger.info({ rule: saved.rule.id, site: site.id, action: saved.rule.action, kind: saved.rule.kind, by: req.moderator!.id }, 'moderation rule saved');
    await recordAudit(deps, req.moderator!, { site: site.id, action: saved.created ? 'rule.add' : 'rule.change', target: saved.rule.id, before: null, after: publicRule(saved.rule) });
    res.status(saved.created ? 201 : 200).json({ rule: publicRule(saved.rule) });
  });

  r.delete('/api/moderation/rules/:id', async (req, res) => {
    const rule = await store.getRule(req.params.id ?? '');
    if (!rule || !canAccessSite(req.moderator!, rule.site)) throw notFound();
    await store.deleteRule(rule.id);
    await recordAudit(deps, req.moderator!, { site: rule.site, action: 'rule.remove', target: rule.id, before: publicRule(rule), after: null });
    deps.logger.info({ rule: rule.id, site: rule.site, by: req.moderator!.id }, 'moderation rule removed');
    res.status(204).end();
  });

  return r;
}
