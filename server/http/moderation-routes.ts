import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { clearedSessionCookie, sessionCookie } from '../auth/sessions.js';
import { STATUSES, type CommentStatus } from '../domain/types.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { canAccessSite, requireAdmin, siteInScope } from '../moderators/scope.js';
import { parseOriginList } from '../moderators/sites.js';
import { parseSearch } from '../search/query.js';
import { replyContexts } from '../edits/reply-context.js';
import { login, logout, publicModerator } from '../usecases/auth.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError, isAction, moderateComment } from '../usecases/moderate-comment.js';
import { mergeSettings, publicSite } from '../usecases/sites.js';
import { clientPageKey } from '../validation/page-key.js';
import { decidedMessage } from '../i18n/decided.js';
import { toModerator } from '../views.js';
import { isReaderAction, moderateReaderAction } from '../readers/moderate.js';
import type { Access } from './access.js';
import { parsePageName } from './page-name-input.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { localeOf } from './errors.js';
import { assertSameOrigin, clientIp, queryString, rateKey } from './request.js';

const QUEUE_PAGE = 50;

export function authRoutes(deps: Deps, access: Access): Router {
  const r = Router();
  r.post('/api/auth/login', async (req, res) => {
    assertSameOrigin(req); // no login CSRF: a foreign page cannot sign a victim into another account
    const { moderator, token } = await login(deps, req.body, rateKey(clientIp(req)));
    deps.logger.info({ moderator: moderator.id }, 'moderator signed in');
    res.set('Set-Cookie', sessionCookie(token, req.secure)).json({ moderator: publicModerator(moderator) });
  });
  r.post('/api/auth/logout', async (req, res) => {
    await access.moderatorOf(req);
    if (req.sessionId) await logout(deps, req.sessionId);
    res.set('Set-Cookie', clearedSessionCookie(req.secure)).status(204).end();
  });
  r.get('/api/auth/me', access.requireModerator.bind(access), (req, res) => {
    res.json({ moderator: publicModerator(req.moderator!) });
  });
  return r;
}

/** Routes under /api/moderation; app.ts puts access.requireModerator in front of them all. */
export function moderationRoutes(deps: Deps): Router {
  const r = Router();
  const { store } = deps;

  r.get('/api/moderation/sites', async (req, res) => {
    res.json({ sites: (await store.listSites()).filter((s) => canAccessSite(req.moderator!, s.id)).map(publicSite) });
  });

  r.get('/api/moderation/sites/:id', async (req, res) => {
    const id = req.params.id ?? '';
    const site = canAccessSite(req.moderator!, id) ? await store.getSite(id) : null;
    if (!site) throw notFound();
    res.json({ site: publicSite(site) });
  });

  r.patch('/api/moderation/sites/:id', async (req, res) => {
    requireAdmin(req.moderator);
    const site = await store.getSite(req.params.id ?? '');
    if (!site) throw notFound();
    const body = req.body as { settings?: unknown; origins?: unknown } | undefined;
    if (!body || typeof body !== 'object' || (body.settings === undefined && body.origins === undefined)) throw badRequest('missing_param', { param: 'settings' });
    // both checked before either is written
    const settings = body.settings === undefined ? null : mergeSettings(site.settings, body.settings);
    const origins = body.origins === undefined ? null : parseOriginList(body.origins);
    let updated = site;
    if (settings) updated = (await store.setSiteSettings(site.id, settings))!;
    if (origins) updated = (await store.setSiteOrigins(site.id, origins))!;
    await recordAudit(deps, req.moderator!, { site: site.id, action: 'site.change', target: site.id, before: publicSite(site), after: publicSite(updated) });
    res.json({ site: publicSite(updated) });
  });

  // Close or reopen a page's thread, and/or name it (title, url: page-name-input.ts).
  r.post('/api/moderation/pages', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const site = await siteInScope(store, req.moderator!, b.site);
    if (b.page === undefined || b.page === '') throw badRequest('missing_param', { param: 'page' });
    const key = clientPageKey(b.page);
    if (key === null) throw badRequest('bad_param', { param: 'page' });
    const naming = b.title !== undefined || b.url !== undefined;
    if ((b.closed !== undefined && typeof b.closed !== 'boolean') || (b.closed === undefined && !naming)) throw badRequest('bad_param', { param: 'closed' });
    const name = parsePageName(b);
    const now = deps.clock();
    const before = naming ? await store.getPage(site.id, key) : null;
    let page = typeof b.closed === 'boolean' ? await store.setPageClosed(site.id, key, b.closed, now) : null;
    if (naming) page = await store.namePage(site.id, key, name, now);
    deps.bus.publish('page:updated', { site: page!.site, page: page!.page });
    if (typeof b.closed === 'boolean') await recordAudit(deps, req.moderator!, { site: page!.site, action: b.closed ? 'page.close' : 'page.reopen', target: page!.page, before: null, after: { closed: b.closed } });
    if (naming) await recordAudit(deps, req.moderator!, { site: page!.site, action: 'page.name', target: page!.page, before: before && { title: before.title, url: before.url }, after: { title: page!.title, url: page!.url } });
    res.json({ page: { site: page!.site, page: page!.page, closed: page!.closed, title: page!.title, url: page!.url } });
  });

  r.get('/api/moderation/comments', async (req, res) => {
    const siteId = queryString(req, 'site', { required: true })!;
    const q = queryString(req, 'q', { max: 500 });
    const pageParam = queryString(req, 'page', { max: 500 });
    // A search as soon as `q` or `page` is in the query, even empty (`?q=` is "everything"):
    // without status, every status (issue 13 point 1). Only the plain queue defaults to pending.
    if (q !== undefined || pageParam !== undefined || req.query.q !== undefined || req.query.page !== undefined) {
      await siteInScope(store, req.moderator!, siteId);
      const query = parseSearch({ site: siteId, q: q ?? '', status: queryString(req, 'status'), page: pageParam, before: decodeCursor(queryString(req, 'cursor', { max: 200 })), limit: QUEUE_PAGE });
      const [found, snap] = await Promise.all([store.searchComments(query), store.countsSnapshot(siteId)]);
      const locale = localeOf(req);
      const context = await replyContexts(store, found.comments);
      res.json({ comments: found.comments.map((c) => ({ ...toModerator(c, locale), replyTo: context.get(c.id) ?? null })), nextCursor: encodeCursor(found.next), counts: snap.counts, countsVersion: snap.version });
      return;
    }
    const status = (queryString(req, 'status') ?? 'pending') as CommentStatus;
    if (!STATUSES.includes(status)) throw badRequest('bad_param', { param: 'status' });
    await siteInScope(store, req.moderator!, siteId);
    const before = decodeCursor(queryString(req, 'cursor', { max: 200 }));
    const locale = localeOf(req);
    const [list, snap] = await Promise.all([
      store.listByStatus({ site: siteId, status, before, limit: QUEUE_PAGE }),
      store.countsSnapshot(siteId),
    ]);
    // each reply carries what it answers (issue 13 point 4): «ردّ على سارة: …» with a link
    const context = await replyContexts(store, list.comments);
    // countsVersion: the dashboard keeps whichever counts are newer, these or a live `counts` event's
    res.json({ comments: list.comments.map((c) => ({ ...toModerator(c, locale), replyTo: context.get(c.id) ?? null })), nextCursor: encodeCursor(list.next), counts: snap.counts, countsVersion: snap.version });
  });

  r.post('/api/moderation/comments/:id/actions', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (!isAction(b.action) && !isReaderAction(b.action)) throw new AppError('validation', 422, 'bad_action', undefined, { action: { key: 'bad_action' } });
    if (b.version !== undefined && !Number.isSafeInteger(b.version)) throw badRequest('bad_param', { param: 'version' });
    const locale = localeOf(req);
    try {
      const one = { id: req.params.id ?? '', version: b.version as number | undefined };
      // [issue 14] feature / unfeature / dismiss_reports: server/readers/moderate.ts
      const comment = isReaderAction(b.action)
        ? await moderateReaderAction(deps, { ...one, action: b.action }, req.moderator!)
        : await moderateComment(deps, { ...one, action: b.action }, req.moderator!);
      res.json({ comment: toModerator(comment, locale) });
    } catch (e) {
      if (e instanceof ConflictError) {
        const detail = decidedMessage(e.current, locale, deps.clock());
        throw new AppError('conflict', 409, 'conflict_decided', { detail }, undefined, { data: { comment: toModerator(e.current, locale) } });
      }
      throw e;
    }
  });

  return r;
}
