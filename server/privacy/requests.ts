import { avatarKey } from '../avatar.js';
import { STATUSES, type StoredComment } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/locale.js';
import { publicRule } from '../rules/manage.js';
import { parseSearch } from '../search/query.js';
import { publicModerator } from '../usecases/auth.js';
import type { Deps } from '../usecases/context.js';
import { announceDeleted } from './retention.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';

export const ANONYMOUS: Record<Locale, string> = { ar: 'مجهول', en: 'Anonymous' };

function emailOf(v: unknown): string {
  const e = typeof v === 'string' ? normalizeEmail(v) : '';
  if (!e || e.length > 254 || !isEmailAddress(e)) throw new AppError('validation', 422, 'validation', undefined, { email: { key: 'email_invalid' } });
  return e;
}

/** Every comment written with this email (any case) on every site, newest first per site. */
async function commentsOf(deps: Pick<Deps, 'store'>, email: string): Promise<StoredComment[]> {
  const out: StoredComment[] = [];
  for (const site of await deps.store.listSites()) {
    let before = null;
    for (;;) {
      const page = await deps.store.searchComments({ ...parseSearch({ site: site.id, q: '', before, limit: 500 }), emails: [email] });
      out.push(...page.comments);
      if (!page.next) break;
      before = page.next;
    }
  }
  return out;
}

/** The site's rules that name this email (an email rule), on every site. */
async function rulesOf(deps: Pick<Deps, 'store' | 'clock'>, email: string) {
  const all = [];
  for (const site of await deps.store.listSites()) all.push(...(await deps.store.listRules(site.id, 0)).filter((r) => r.kind === 'email' && r.value === email));
  return all;
}

/**
 * Everything stored about an email address (WordPress's personal-data exporter): its
 * comments on every site with every stored field (IP, user agent, status history, edits),
 * the rules naming it, and the moderator account with that email if there is one.
 */
export async function exportPersonalData(deps: Pick<Deps, 'store' | 'clock'>, rawEmail: unknown) {
  const email = emailOf(rawEmail);
  const comments = await commentsOf(deps, email);
  const moderator = await deps.store.findModeratorByEmail(email);
  return {
    email,
    exportedAt: new Date(deps.clock()).toISOString(),
    comments: await Promise.all(
      comments.map(async (c) => ({
        id: c.id,
        site: c.site,
        page: c.page,
        pageUrl: c.pageUrl,
        pageTitle: c.pageTitle,
        parentId: c.parentId,
        name: c.authorName,
        email: c.authorEmail,
        url: c.authorUrl,
        content: c.content,
        status: c.status,
        ip: c.ip,
        userAgent: c.userAgent,
        createdAt: new Date(c.createdAt).toISOString(),
        editedAt: c.editedAt === null ? null : new Date(c.editedAt).toISOString(),
        history: c.history,
        edits: await deps.store.listEdits(c.id),
      })),
    ),
    rules: (await rulesOf(deps, email)).map(publicRule),
    subscriptions: (await subscriptionsOf(deps, email)).map((s) => ({
      site: s.site,
      state: s.state,
      createdAt: new Date(s.createdAt).toISOString(),
      confirmedAt: s.confirmedAt === null ? null : new Date(s.confirmedAt).toISOString(),
      unsubscribedAt: s.unsubscribedAt === null ? null : new Date(s.unsubscribedAt).toISOString(),
    })),
    moderator: moderator ? publicModerator(moderator) : null,
  };
}

/** The address's reply-notification subscriptions (issue 12), one per site at most. */
async function subscriptionsOf(deps: Pick<Deps, 'store'>, email: string) {
  const out = [];
  for (const site of await deps.store.listSites()) {
    const sub = await deps.store.notify.findSubscriber(site.id, email);
    if (sub) out.push(sub);
  }
  return out;
}

/**
 * Erases an email's comments (WordPress's personal-data eraser): `anonymize` keeps the
 * text under the name «مجهول» / "Anonymous" (the request's language) with email, website,
 * IP and user agent removed; `delete` deletes the comments for good (replies move up).
 * Rules naming the email go in both modes, and its reply-notification subscriptions
 * are ended (unsubscribed). Outbox items holding the address (mail to it, moderator mail and
 * private webhook bodies about its comments, in any status) and its reply watches are deleted.
 * Returns how many of each.
 */
export async function erasePersonalData(deps: Deps, body: unknown, locale: Locale): Promise<{ comments: number; rules: number; subscriptions: number; outbox: number; watches: number; mode: 'anonymize' | 'delete' }> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const email = emailOf(b.email);
  if (b.mode !== 'anonymize' && b.mode !== 'delete') throw new AppError('validation', 422, 'validation', undefined, { mode: { key: 'erase_mode_invalid' } });
  const comments = await commentsOf(deps, email);
  let n = 0;
  for (const c of comments) {
    if (b.mode === 'delete') {
      const out = await deps.store.deleteComment(c.id, STATUSES);
      if (out.ok) {
        n++;
        announceDeleted(deps, c.site, [{ id: c.id, page: c.page }]);
      }
    } else if (await deps.store.anonymizeComment(c.id, ANONYMOUS[locale], avatarKey(deps.secret, `anonymous:${c.id}`))) {
      n++;
      const after = await deps.store.getComment(c.id);
      if (after) deps.bus.publish('comment:edited', after);
      deps.bus.publish('page:updated', { site: c.site, page: c.page });
    }
  }
  const rules = await rulesOf(deps, email);
  for (const r of rules) await deps.store.deleteRule(r.id);
  // Reply notifications (issue 12) end: the subscriber stays only as "unsubscribed", so nothing more is mailed to the address.
  let subscriptions = 0;
  for (const sub of await subscriptionsOf(deps, email)) {
    if (sub.state === 'unsubscribed') continue;
    if (await deps.store.notify.unsubscribe(sub.id, deps.clock())) subscriptions++;
  }
  // after the comments: deleting them may have queued mail naming the address
  const forgotten = await deps.store.notify.forgetAddress(email);
  return { comments: n, rules: rules.length, subscriptions, outbox: forgotten.outbox, watches: forgotten.watches, mode: b.mode };
}
