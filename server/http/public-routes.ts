import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { identiconSvg } from '../avatar.js';
import type { Site } from '../domain/types.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { consume } from '../limits.js';
import { issueFormToken } from '../moderation/form-token.js';
import type { Deps } from '../usecases/context.js';
import { assertOriginAllowed, checkEditToken, submitComment } from '../usecases/submit-comment.js';
import { normalizePageKey, parseCommentInput } from '../validation/comment-input.js';
import { toPublic } from '../views.js';
import { canonicalJson } from './json-depth.js';
import { errorBody, localeOf } from './errors.js';
import { clientIp, queryPageKey, queryString, rateKey } from './request.js';
import type { Access } from './access.js';
import { sendPage, ThreadCache } from '../cache/thread-cache.js';
import type { IdempotentResult } from './idempotency.js';
import { MAX_OWN_CLAIMS, parseOwnClaims, threadInfo } from '../reader/thread-facts.js';
import { decodeSortCursor, parseSort } from '../readers/cursor.js';
import { editableUntil, ownAvatar, ownView, publicFor, threadPage, threadPageBytes } from '../readers/thread-page.js';

const MAX_COUNT_PAGES = 100;

/** The site named by a public request, or 400 missing_param / unknown_site. */
async function siteOr400Of(deps: Deps, id: unknown): Promise<Site> {
  if (typeof id !== 'string' || !id) throw badRequest('missing_param', { param: 'site' });
  const site = id.length <= 64 ? await deps.store.getSite(id) : null;
  if (!site) throw badRequest('unknown_site', { site: id.slice(0, 64) });
  return site;
}

/**
 * GET /api/comments, the readers' page of threads: mounted ahead of the body parser and the
 * compression middleware (app.ts), since it reads no body and sends its page's bytes as they
 * are cached, compressed by sendPage itself (issue 10: the hot path pays for no middleware it
 * does not use).
 */
export function threadRoutes(deps: Deps, threads: ThreadCache, access: Access): Router {
  const r = Router();
  const { store } = deps;
  r.get('/api/comments', async (req, res) => {
    const site = await siteOr400Of(deps, queryString(req, 'site', { required: true }));
    // A page on an origin this site does not allow learns so on load, as its post would (403
    // origin_forbidden), not after its reader has written a comment. Without an Origin (curl,
    // servers, same-origin reads) nothing is asked: the page is public.
    assertOriginAllowed((o) => access.originAllowed(site, o, req), req.get('origin'));
    const page = queryPageKey(req, { required: true })!;
    const limitRaw = queryString(req, 'limit');
    if (limitRaw !== undefined && !/^\d{1,4}$/.test(limitRaw)) throw badRequest('bad_param', { param: 'limit' });
    const limit = Math.min(200, Math.max(1, limitRaw ? Number(limitRaw) : site.settings.threadsPerPage));
    const cursorRaw = queryString(req, 'cursor', { max: 300 });
    // [issue 14] order, cursors both ways and permalinks (server/readers/thread-page.ts)
    const sort = parseSort(queryString(req, 'sort', { max: 20 }), site.settings.defaultSort);
    const cursor = decodeSortCursor(cursorRaw, sort);
    const around = queryString(req, 'around', { max: 64 });
    const { threadDepth, requireFormToken, closeAfterDays, minLength, maxLength, editWindowMinutes, reactions, reportThreshold } = site.settings;
    // [notify] the form offers "email me replies" only when the site can mail readers
    const replyNotifications = site.settings.replyNotifications && deps.config.notify.smtpUrl !== null;
    const cacheKey = ThreadCache.key(
      site.id,
      page,
      `${limit}|${sort}|${cursorRaw ?? ''}|${around ?? ''}|${threadDepth}|${requireFormToken}|${closeAfterDays}|${minLength}|${maxLength}|${replyNotifications}|${editWindowMinutes}|${reactions}|${reportThreshold}|${site.settings.defaultSort}`,
    );
    const build = async () => {
      const [list, pageInfo] = await Promise.all([threadPage(deps, { site, page, sort, cursor, around, limit }), store.getPage(site.id, page)]);
      return threadPageBytes(list, { ...threadInfo(site, pageInfo, deps.clock()), replyNotifications });
    };
    await sendPage(req, res, await threads.get(cacheKey, build));
  });

  return r;
}

export function publicRoutes(deps: Deps, access: Access): Router {
  const r = Router();
  const { store } = deps;

  const siteOr400 = (id: unknown) => siteOr400Of(deps, id);

  // Before /api/comments/:id, which would take "mine" for an id.
  r.get('/api/comments/mine', async (req, res) => {
    // More than MAX_OWN_CLAIMS is the client's to split, not a limit to wait out: 400 naming the
    // bound, never 429 (a Retry-After would have the client retry the same request forever).
    const raw = req.query.c;
    const asked = Array.isArray(raw) ? raw.length : raw === undefined || raw === '' ? 0 : 1;
    if (asked === 0) throw badRequest('missing_param', { param: 'c' });
    if (asked > MAX_OWN_CLAIMS) throw badRequest('too_many_claims', { max: MAX_OWN_CLAIMS });
    const claims = parseOwnClaims(raw);
    if (!claims) throw badRequest('bad_param', { param: 'c' });
    const found = await Promise.all(claims.map(({ id, token }) => (checkEditToken(deps.secret, id, token) ? store.getComment(id) : null)));
    const own = found.filter((c) => c !== null);
    // [issue 14] each with the end of its author's edit window, under its own site's setting
    const sites = new Map(await Promise.all([...new Set(own.map((c) => c.site))].map(async (id) => [id, await store.getSite(id)] as const)));
    res.set('Cache-Control', 'no-store').json({
      comments: own.map((c) => {
        const s = sites.get(c.site);
        return { ...ownView(s ? publicFor(s, c) : toPublic(c), c), editableUntil: s ? editableUntil(s, c) : null };
      }),
    });
  });

  r.get('/api/comments/:id', async (req, res) => {
    const token = queryString(req, 'token', { required: true, max: 100 })!;
    const comment = await store.getComment(req.params.id ?? '');
    if (!comment || !checkEditToken(deps.secret, comment.id, token)) throw notFound();
    // Spam and trash decided by the filters look held to their author, or the filters' verdicts would leak.
    const site = await store.getSite(comment.site);
    res.set('Cache-Control', 'no-store').json({ comment: { ...ownView(toPublic(comment), comment), editableUntil: site ? editableUntil(site, comment) : null } });
  });

  r.get('/api/counts', async (req, res) => {
    const site = await siteOr400(queryString(req, 'site', { required: true }));
    const raw = req.query.page;
    const pages = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 500);
    if (pages.length === 0) throw badRequest('missing_param', { param: 'page' });
    if (pages.length > MAX_COUNT_PAGES) throw badRequest('bad_param', { param: 'page' });
    const keys = pages.map(normalizePageKey);
    const counts = await store.countVisible(site.id, [...new Set(keys)]);
    // Answer under every spelling the client sent (two spellings of one page both get its count);
    // a null prototype keeps "__proto__" an ordinary page.
    const out: Record<string, number> = Object.create(null);
    pages.forEach((asSent, i) => (out[asSent] = counts[keys[i]!] ?? 0));
    res.json({ counts: out });
  });

  r.get('/api/form-token', async (req, res) => {
    const site = await siteOr400(queryString(req, 'site', { required: true }));
    assertOriginAllowed((o) => access.originAllowed(site, o, req), req.get('origin'));
    const page = queryPageKey(req, { required: true })!;
    res.set('Cache-Control', 'no-store').json({ token: issueFormToken(deps.secret, site.id, page, deps.clock()) });
  });

  r.get('/avatar/:file', (req, res) => {
    const m = /^([0-9a-f]{32})\.svg$/.exec(req.params.file ?? '');
    if (!m) throw notFound();
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=604800, immutable').send(identiconSvg(m[1]!));
  });

  return r;
}

/**
 * POST /api/comments: a reader's comment (issue 10: registered by app.ts ahead of the other
 * routers, with its JSON body parser, so a post does not walk every router to reach it).
 * `send` answers with JSON (app.ts gives it compression's rules, see http/compressed-json.ts).
 */
export function postComment(
  deps: Deps,
  access: Access,
  send: (req: Request, res: Response, status: number, body: unknown) => void,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const body: unknown = req.body;
    if (!req.is('application/json') || body === undefined) throw badRequest('unsupported_type');
    const site = await siteOr400Of(deps, (body as Record<string, unknown>)?.site);
    assertOriginAllowed((o) => access.originAllowed(site, o, req), req.get('origin'));

    const key = req.get('idempotency-key');
    if (key !== undefined && (key.length < 8 || key.length > 200)) throw badRequest('bad_param', { param: 'Idempotency-Key' });
    // Scoped to the client address too: a guessed key must not replay someone else's edit token.
    const idemKey = key ? createHash('sha256').update(`${site.id}\u0000${clientIp(req)}\u0000${key}`).digest('hex') : null;
    const run = async (): Promise<{ status: number; body: unknown; retryAfter?: number }> => {
      const ip = clientIp(req);
      const input = parseCommentInput(body, site.settings.maxLength);
      await consume(deps.limiters.postBurst, rateKey(ip));
      await consume(deps.limiters.postSustained, rateKey(ip));
      const moderator = await access.moderatorOf(req);
      const { comment, editToken } = await submitComment(deps, site, input, {
        ip,
        userAgent: req.get('user-agent') ?? '',
        byModerator: moderator !== null,
      });
      deps.logger.info({ id: comment.id, site: site.id, page: comment.page, status: comment.status }, 'comment submitted');
      // Spam is answered like a held comment: the poster learns nothing about the filter.
      const shownStatus = comment.status === 'approved' ? 'approved' : 'pending';
      return { status: 201, body: { comment: { ...ownAvatar(toPublic(comment), comment.status), status: shownStatus }, editToken, editableUntil: editableUntil(site, comment) } };
    };
    const result: IdempotentResult = idemKey
      ? await access.idempotency.once(idemKey, createHash('sha256').update(canonicalJson(body)).digest('hex'), () => run().catch((e) => asReplayable(e, req)))
      : await run();
    if (result.status === 429 && result.retryAfter) res.set('Retry-After', String(result.retryAfter));
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    send(req, res, result.status, result.body);
  };
}

/** Client errors are part of the idempotent answer; server errors are not (a retry may succeed). */
function asReplayable(e: unknown, req: Request): { status: number; body: unknown; retryAfter?: number } {
  if (e instanceof AppError && e.status < 500) {
    return { status: e.status, body: errorBody(e, localeOf(req)), retryAfter: e.extra?.retryAfter };
  }
  throw e;
}
