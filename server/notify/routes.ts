import express, { Router, type Request, type Response } from 'express';
import type { CommentStatus, Moderator, StoredComment } from '../domain/types.js';
import { pickLocale, type Locale } from '../i18n/locale.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError, moderateComment } from '../usecases/moderate-comment.js';
import { canAccessSite } from '../moderators/scope.js';
import { bdi, escapeHtml } from './html.js';
import { linkPage } from './pages.js';
import { formatWhen, t, type NotifyKey } from './strings.js';
import { addressTag, verifyToken } from './tokens.js';
import { defaultModeratorName } from '../moderators/names.js';

const ACTIONS = { approve: 'approve', spam: 'spam', trash: 'trash' } as const;
type LinkAction = keyof typeof ACTIONS;

/** Link pages carry a token in their URL: never framed, cached or sent on as a Referer. */
function send(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .type('html')
    .send(html);
}

/** Form bodies (urlencoded, or multipart from some mail providers' one-click POST) as plain fields. */
function formFields(req: Request): Record<string, string> {
  const raw = typeof req.body === 'string' ? req.body : '';
  const type = req.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const out: Record<string, string> = {};
    for (const m of raw.matchAll(/name="([^"]+)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]*)/g)) out[m[1]!] = m[2]!;
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * The pages behind links in messages: moderator actions, reader confirmation,
 * unsubscribe. A GET only shows a page (mail scanners open links); the
 * signed token in the URL is the authority, and only a POST changes anything.
 */
export function notifyRoutes(deps: Deps): Router {
  const r = Router();
  const { store, secret } = deps;
  r.use('/notify', express.text({ type: () => true, limit: '4kb' }));

  const statusName = (locale: Locale, s: CommentStatus) => t(locale, `status_${s}` as NotifyKey);
  const bad = (req: Request, res: Response) => {
    const locale = pickLocale(req.get('accept-language'));
    send(res, 400, linkPage(locale, t(locale, 'page_bad_link'), escapeHtml(t(locale, 'page_bad_link'))));
  };
  const gone = (req: Request, res: Response) => {
    const locale = pickLocale(req.get('accept-language'));
    send(res, 404, linkPage(locale, t(locale, 'page_gone'), escapeHtml(t(locale, 'page_gone'))));
  };
  const localeOfSite = async (id: string): Promise<Locale> => (await store.getSite(id))?.settings.mailLanguage ?? 'ar';

  /** "Already decided by … on …" from the comment's last history entry. */
  function decided(locale: Locale, c: StoredComment): string {
    const last = c.history[c.history.length - 1];
    const who = last?.by?.name ?? t(locale, 'someone');
    return escapeHtml(t(locale, 'page_decided', { who: '\u0000', status: statusName(locale, c.status), when: formatWhen(locale, last?.at ?? c.createdAt) })).replace('\u0000', bdi(who));
  }

  async function moderationLink(req: Request) {
    const p = verifyToken(secret, 'moderate', String(req.params.token ?? ''), deps.clock());
    if (!p || typeof p.c !== 'string' || typeof p.a !== 'string' || !Object.hasOwn(ACTIONS, p.a) || typeof p.v !== 'number' || typeof p.r !== 'string') return null;
    const comment = await store.getComment(p.c);
    return { comment, action: p.a as LinkAction, version: p.v, tag: p.r };
  }

  r.get('/notify/moderate/:token', async (req, res) => {
    const link = await moderationLink(req);
    if (!link) return bad(req, res);
    if (!link.comment) return gone(req, res);
    // a moderator since removed from this site's moderators sees it as gone (issue 13: scoped in every route)
    const decider = await deciderOf(link.tag, link.comment.site);
    if (!decider || !canAccessSite(decider, link.comment.site)) return gone(req, res);
    const locale = await localeOfSite(link.comment.site);
    const title = t(locale, 'page_moderate_title');
    if (link.comment.version !== link.version) return send(res, 409, linkPage(locale, title, decided(locale, link.comment)));
    const summary = `${bdi(link.comment.authorName)}: <q dir="auto">${escapeHtml(link.comment.content.slice(0, 280))}</q>`;
    send(res, 200, linkPage(locale, title, `${escapeHtml(t(locale, 'page_moderate_ask', { action: t(locale, link.action) }))}<br>${summary}`, [{ action: '', label: t(locale, link.action) }]));
  });

  r.post('/notify/moderate/:token', async (req, res) => {
    const link = await moderationLink(req);
    if (!link) return bad(req, res);
    if (!link.comment) return gone(req, res);
    const locale = await localeOfSite(link.comment.site);
    const title = t(locale, 'page_moderate_title');
    const by = await deciderOf(link.tag, link.comment.site);
    if (!by || !canAccessSite(by, link.comment.site)) return gone(req, res);
    try {
      await moderateComment(deps, { id: link.comment.id, action: link.action, version: link.version }, by);
      deps.logger.info({ id: link.comment.id, action: link.action }, 'comment moderated from an email link');
      send(res, 200, linkPage(locale, title, escapeHtml(t(locale, 'page_moderate_done', { action: t(locale, link.action) }))));
    } catch (e) {
      if (e instanceof ConflictError) return send(res, 409, linkPage(locale, title, decided(locale, e.current)));
      throw e;
    }
  });

  /**
   * The moderator a link was mailed to (by the address tag in its token), or, for an
   * address the site's `notifyTo` still lists, a stand-in named by its mailbox. Null when the
   * address is neither any more (a moderator removed, an address taken off the list): the
   * link then leads nowhere, as a revoked grant should.
   */
  async function deciderOf(tag: string, siteId: string): Promise<Moderator | null> {
    const mods = await store.notify.moderatorRecipients();
    const mod = mods.find((m) => addressTag(secret, m.email) === tag);
    if (mod) return mod;
    const site = await store.getSite(siteId);
    const address = site?.settings.notifyTo.find((a) => addressTag(secret, a) === tag);
    if (!address) return null;
    // a stand-in acts on this site only (the link names one comment of it)
    return { id: `mail:${tag}`, email: '', name: defaultModeratorName(address), role: 'moderator', sites: [siteId], passwordHash: '', createdAt: 0 };
  }

  async function subscriberLink(req: Request, purpose: 'confirm' | 'unsubscribe') {
    const p = verifyToken(secret, purpose, String(req.params.token ?? ''), deps.clock());
    if (!p || typeof p.s !== 'string') return null;
    const sub = await store.notify.getSubscriber(p.s);
    return sub ? { sub, round: Number(p.n), thread: typeof p.t === 'string' ? p.t : '' } : null;
  }

  r.get('/notify/confirm/:token', async (req, res) => {
    const link = await subscriberLink(req, 'confirm');
    if (!link || link.round !== link.sub.round || link.sub.state === 'unsubscribed') return bad(req, res);
    const locale = await localeOfSite(link.sub.site);
    const title = t(locale, 'page_confirm_title');
    if (link.sub.state === 'confirmed') return send(res, 200, linkPage(locale, title, escapeHtml(t(locale, 'page_confirm_done'))));
    send(res, 200, linkPage(locale, title, escapeHtml(t(locale, 'page_confirm_ask')), [{ action: '', label: t(locale, 'confirm_button') }]));
  });

  r.post('/notify/confirm/:token', async (req, res) => {
    const link = await subscriberLink(req, 'confirm');
    if (!link || link.round !== link.sub.round || link.sub.state === 'unsubscribed') return bad(req, res);
    const locale = await localeOfSite(link.sub.site);
    await store.notify.confirmSubscriber(link.sub.id, deps.clock());
    deps.logger.info({ subscriber: link.sub.id }, 'reply notifications confirmed');
    send(res, 200, linkPage(locale, t(locale, 'page_confirm_title'), escapeHtml(t(locale, 'page_confirm_done'))));
  });

  r.get('/notify/unsubscribe/:token', async (req, res) => {
    const link = await subscriberLink(req, 'unsubscribe');
    if (!link) return bad(req, res);
    const locale = await localeOfSite(link.sub.site);
    const title = t(locale, 'page_unsub_title');
    if (link.sub.state === 'unsubscribed') return send(res, 200, linkPage(locale, title, escapeHtml(t(locale, 'page_unsub_done_site'))));
    const forms = [
      ...(link.thread ? [{ action: '', label: t(locale, 'page_unsub_thread'), fields: { scope: 'thread' } }] : []),
      { action: '', label: t(locale, 'page_unsub_site'), fields: { scope: 'site' } },
    ];
    send(res, 200, linkPage(locale, title, escapeHtml(t(locale, 'page_unsub_ask')), forms));
  });

  // RFC 8058: a POST of "List-Unsubscribe=One-Click" unsubscribes at once, with no page to click through.
  r.post('/notify/unsubscribe/:token', async (req, res) => {
    const link = await subscriberLink(req, 'unsubscribe');
    if (!link) return bad(req, res);
    const fields = formFields(req);
    const locale = await localeOfSite(link.sub.site);
    const now = deps.clock();
    if (fields['List-Unsubscribe'] === 'One-Click' || fields.scope !== 'thread' || !link.thread) {
      await store.notify.unsubscribe(link.sub.id, now);
      deps.logger.info({ subscriber: link.sub.id, oneClick: fields['List-Unsubscribe'] === 'One-Click' }, 'reader unsubscribed from the site');
      return send(res, 200, linkPage(locale, t(locale, 'page_unsub_title'), escapeHtml(t(locale, 'page_unsub_done_site'))));
    }
    await store.notify.muteThread(link.sub.id, link.thread, now);
    deps.logger.info({ subscriber: link.sub.id }, 'reader muted a thread');
    send(res, 200, linkPage(locale, t(locale, 'page_unsub_title'), escapeHtml(t(locale, 'page_unsub_done_thread'))));
  });

  return r;
}
