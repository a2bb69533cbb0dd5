import { Router, type Request } from 'express';
import { recordAudit } from '../audit/record.js';
import { forbidden, notFound } from '../errors.js';
import type { Webhook } from '../store/notify-port.js';
import type { Deps } from '../usecases/context.js';
import { addWebhook, deliveryView, resendDelivery, webhookView } from './registry.js';

/**
 * Admins manage a site's webhooks; every moderator may ask whether email is set up.
 * Mounted behind access.requireModerator (app.ts), like every /api/moderation route.
 */
/**
 * A webhook as the audit log keeps it: the receiver's host only, since any moderator of the
 * site reads the site's audit and a URL may carry a token (never the signing secret either).
 */
const auditedWebhook = (w: Webhook) => ({ id: w.id, host: new URL(w.url).host, events: w.events, private: w.private });

export function webhookRoutes(deps: Deps): Router {
  const r = Router();
  const { store } = deps;
  const param = (req: Request, name: string) => String(req.params[name] ?? '');

  async function adminSite(req: Request) {
    if (req.moderator!.role !== 'admin') throw forbidden('admin_only');
    const site = await store.getSite(param(req, 'id'));
    if (!site) throw notFound();
    return site;
  }
  async function siteWebhook(req: Request) {
    const site = await adminSite(req);
    const wh = await store.notify.getWebhook(param(req, 'wid'));
    if (!wh || wh.site !== site.id) throw notFound();
    return wh;
  }

  r.get('/api/moderation/notify/status', (_req, res) => {
    res.json({ mail: { configured: deps.config.notify.smtpUrl !== null, from: deps.config.notify.smtpUrl ? deps.config.notify.mailFrom : null } });
  });

  r.post('/api/moderation/sites/:id/webhooks', async (req, res) => {
    const site = await adminSite(req);
    const wh = await addWebhook(store, site.id, req.body, { allowPrivate: deps.config.notify.webhookAllowPrivate, now: deps.clock() });
    deps.logger.info({ site: site.id, webhook: wh.id }, 'webhook added');
    await recordAudit(deps, req.moderator!, { site: site.id, action: 'webhook.add', target: wh.id, before: null, after: auditedWebhook(wh) });
    // The secret is shown this once; afterwards only its owner knows it.
    res.status(201).json({ webhook: { ...webhookView(wh), secret: wh.secret } });
  });

  r.get('/api/moderation/sites/:id/webhooks', async (req, res) => {
    const site = await adminSite(req);
    res.json({ webhooks: (await store.notify.listWebhooks(site.id)).map(webhookView) });
  });

  r.delete('/api/moderation/sites/:id/webhooks/:wid', async (req, res) => {
    const site = await adminSite(req);
    const existing = await store.notify.getWebhook(param(req, 'wid'));
    if (!(await store.notify.removeWebhook(site.id, param(req, 'wid')))) throw notFound();
    deps.logger.info({ site: site.id, webhook: param(req, 'wid') }, 'webhook removed');
    await recordAudit(deps, req.moderator!, { site: site.id, action: 'webhook.remove', target: param(req, 'wid'), before: existing && auditedWebhook(existing), after: null });
    res.status(204).end();
  });

  r.get('/api/moderation/sites/:id/webhooks/:wid/deliveries', async (req, res) => {
    const wh = await siteWebhook(req);
    res.json({ deliveries: (await store.notify.listDeliveries(wh.id, 50)).map(deliveryView) });
  });

  r.post('/api/moderation/sites/:id/webhooks/:wid/deliveries/:did/resend', async (req, res) => {
    const wh = await siteWebhook(req);
    const item = await resendDelivery(store, wh, param(req, 'did'), deps.clock());
    if (!item) throw notFound();
    res.json({ delivery: deliveryView(item) });
  });

  return r;
}
