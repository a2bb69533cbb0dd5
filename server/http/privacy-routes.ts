import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { requireAdmin } from '../moderators/scope.js';
import { erasePersonalData, exportPersonalData } from '../privacy/requests.js';
import type { Deps } from '../usecases/context.js';
import { localeOf } from './errors.js';
import { queryString } from './request.js';

/** Privacy requests (admins only): export and erase everything stored about an email. */
export function privacyRoutes(deps: Deps): Router {
  const r = Router();
  r.get('/api/moderation/privacy/export', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const data = await exportPersonalData(deps, queryString(req, 'email', { required: true, max: 254 }));
    // the address itself stays out of the log line (hidden emails are sacred)
    deps.logger.info({ by: by.id, comments: data.comments.length }, 'privacy export');
    // the address itself is not recorded: the log must not keep what an erase removes
    await recordAudit(deps, by, { site: null, action: 'privacy.export', target: null, before: null, after: { comments: data.comments.length } });
    res.set('Content-Disposition', 'attachment; filename="majlis-personal-data.json"').json(data);
  });
  r.post('/api/moderation/privacy/erase', async (req, res) => {
    const by = requireAdmin(req.moderator);
    const out = await erasePersonalData(deps, req.body, localeOf(req));
    deps.logger.info({ by: by.id, ...out }, 'privacy erase');
    await recordAudit(deps, by, { site: null, action: 'privacy.erase', target: null, before: null, after: out });
    res.json(out);
  });
  return r;
}
