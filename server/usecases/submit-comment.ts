import { createHmac, timingSafeEqual } from 'node:crypto';
import { avatarKey } from '../avatar.js';
import type { Site, StoredComment } from '../domain/types.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { duplicateError } from '../moderation/phases/duplicate.js';
import { floodError, floodWindowMs } from '../moderation/phases/flood.js';
import { runPipeline } from '../moderation/pipeline.js';
import type { Candidate } from '../moderation/types.js';
import { commentCreatedEvent } from '../outbox/events.js'; // [notify]
import { newId } from '../store/ids.js'; // [notify]
import type { CommentInput } from '../validation/comment-input.js';
import type { Deps } from './context.js';
import { verifiedPageUrl } from './origins.js';

export interface Poster {
  ip: string;
  userAgent: string;
  /** a signed-in moderator posting from the same browser */
  byModerator: boolean;
}

/** The edit token proves authorship of one comment (to see it while pending). Derived, so nothing extra is stored. */
export function editTokenFor(secret: string, commentId: string): string {
  return createHmac('sha256', secret).update(`edit:${commentId}`).digest('base64url').slice(0, 32);
}

export function checkEditToken(secret: string, commentId: string, token: string): boolean {
  const expected = Buffer.from(editTokenFor(secret, commentId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Submit a comment: the parent must be approved on the same page, the
 * moderation pipeline decides the status (or rejects), the store keeps it
 * unless a twin or a too-recent post beat it there (409 / 429), and a domain
 * event tells whoever listens.
 */
export async function submitComment(
  deps: Deps,
  site: Site,
  input: CommentInput,
  poster: Poster,
): Promise<{ comment: StoredComment; editToken: string }> {
  const { store, clock, bus, secret } = deps;
  const now = clock();

  if (input.parentId) {
    const parent = await store.getComment(input.parentId);
    if (!parent || parent.site !== site.id || parent.page !== input.page) throw notFound('parent_not_found');
    if (parent.status !== 'approved') throw forbidden('parent_unapproved');
  }

  const page = await store.getPage(site.id, input.page);
  const candidate: Candidate = {
    site,
    page,
    pageKey: input.page,
    parentId: input.parentId,
    name: input.name,
    email: input.email,
    url: input.url,
    content: input.content,
    ip: poster.ip,
    userAgent: poster.userAgent,
    formToken: input.formToken,
    honeypot: input.honeypot,
    byModerator: poster.byModerator,
  };
  const decision = await runPipeline({ candidate, store, now, secret });

  // The page address and title are the poster's claims, and anyone can forge them in a POST.
  // An address is kept only on an origin the site admits. Each comment keeps its own claims
  // (moderators see them); the page's public name is the store's to decide, from approved
  // comments only (Store.namePage), so a held or spam comment never names it.
  const pageUrl = verifiedPageUrl(site, input.pageUrl, deps.config.notify.publicUrl);
  if (!page) await store.touchPage({ site: site.id, page: input.page, createdAt: now });
  // The duplicate and flood rules are decided again by the store, atomically
  // with the insert: posts that passed the phases together cannot all be stored.
  const windowMs = floodWindowMs(candidate);
  // [notify] the id is chosen here so the outbox event written with the comment can name it;
  // the event is stored only if the comment is (a refused post notifies no one).
  const id = newId(now);
  const outcome = await store.insertComment(
    {
      id,
      site: site.id,
      page: input.page,
      parentId: input.parentId,
      authorName: input.name,
      authorEmail: input.email,
      authorUrl: input.url,
      avatarKey: avatarKey(secret, input.email),
      content: input.content,
      status: decision.status,
      ip: poster.ip,
      userAgent: poster.userAgent.slice(0, 254),
      reasons: decision.reasons,
      // a title travels with a verified address: a claim not even made from the site's page is dropped whole
      pageTitle: pageUrl !== null ? input.pageTitle : null,
      pageUrl,
      createdAt: now,
    },
    { duplicate: true, floodWindowMs: windowMs },
    { outbox: [commentCreatedEvent({ id, site: site.id, status: decision.status, createdAt: now }, input.notifyReplies === true)] },
  );
  if (!outcome.ok) throw outcome.refusal === 'duplicate' ? duplicateError() : floodError(windowMs, now, outcome.lastAt);
  const { comment } = outcome;
  bus.publish('comment:created', comment);
  return { comment, editToken: editTokenFor(secret, comment.id) };
}

/** Throws unless the site may receive posts from this Origin. */
export function assertOriginAllowed(allowed: (origin: string) => boolean, origin: string | undefined): void {
  if (origin === undefined) return; // non-browser clients (curl, server-side) send none
  if (!allowed(origin)) throw new AppError('forbidden', 403, 'origin_forbidden');
}
