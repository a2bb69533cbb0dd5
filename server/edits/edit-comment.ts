import type { Moderator, StoredComment } from '../domain/types.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { commentInScope } from '../moderators/scope.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError, moderateComment } from '../usecases/moderate-comment.js';
import { submitComment } from '../usecases/submit-comment.js';
import { parseCommentInput } from '../validation/comment-input.js';
import type { CommentPatch } from './types.js';
import { defaultModeratorName } from '../moderators/names.js';

/**
 * A moderator edits `{ content?, name?, url?, version }` (WordPress's edit_comment):
 * validated by the same rules as a new comment, compare-and-set on the version (409 with
 * the current comment when someone changed it first). The old values are kept, editedAt
 * is set, moderators get comment:updated and readers of the page comment:edited.
 */
export async function editCommentAsModerator(deps: Deps, id: string, body: unknown, by: Moderator): Promise<StoredComment> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(b.version)) throw badRequest('missing_param', { param: 'version' });
  if (b.content === undefined && b.name === undefined && b.url === undefined) throw badRequest('missing_param', { param: 'content' });
  const current = commentInScope(by, await deps.store.getComment(id));
  const site = await deps.store.getSite(current.site);
  if (!site) throw notFound();
  const input = parseCommentInput(
    {
      site: current.site,
      page: current.page,
      name: b.name ?? current.authorName,
      email: current.authorEmail,
      url: b.url === undefined ? (current.authorUrl ?? '') : (b.url ?? ''),
      content: b.content ?? current.content,
    },
    site.settings.maxLength,
  );
  const patch: CommentPatch = {};
  if (b.content !== undefined) patch.content = input.content;
  if (b.name !== undefined) patch.authorName = input.name;
  if (b.url !== undefined) patch.authorUrl = input.url;
  const out = await deps.store.editComment(id, b.version as number, patch, { at: deps.clock(), by: { id: by.id, name: by.name } });
  if (!out.ok) {
    if (!out.comment) throw notFound();
    throw new ConflictError(out.comment);
  }
  if (out.comment.version !== current.version) {
    deps.bus.publish('comment:edited', out.comment);
    deps.bus.publish('page:updated', { site: out.comment.site, page: out.comment.page });
  }
  return out.comment;
}

/** What readers see as the author of a moderator who never chose a name, per site language. */
const MODERATOR_WORD = { ar: 'المشرف', en: 'Moderator' } as const;

/**
 * The name a moderator's reply shows readers: their chosen name, or, when they never chose
 * one, the site-language word for moderator (MODERATOR_WORD). An account added without a
 * name is named after its email's mailbox (usecases/auth.ts addModerator, moderators/manage.ts),
 * and that mailbox is part of an email, which readers are never shown; such a name counts as
 * not chosen, so accounts made before this rule are covered too.
 */
export function publicModeratorName(by: Pick<Moderator, 'name' | 'email'>, language: 'ar' | 'en'): string {
  const name = by.name.trim();
  // exact: the default is the mailbox of the lowercased email as it is (a chosen "Admin" for admin@… stays)
  if (name === '' || name === defaultModeratorName(by.email) || name === by.email) return MODERATOR_WORD[language];
  return name;
}

/**
 * A moderator's reply from the dashboard: posted under their name (publicModeratorName) and email, approved at
 * once (the moderator shortcut of the pipeline). Replying to a pending comment approves it
 * first, as WordPress does when a moderator replies from the comments screen; a comment in
 * spam or trash cannot be answered (409).
 */
export async function replyAsModerator(deps: Deps, parentId: string, body: unknown, by: Moderator, poster: { ip: string; userAgent: string }): Promise<StoredComment> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  let parent = commentInScope(by, await deps.store.getComment(parentId));
  if (parent.status === 'spam' || parent.status === 'trash') throw new AppError('conflict', 409, 'reply_to_binned');
  const site = await deps.store.getSite(parent.site);
  if (!site) throw notFound();
  const input = parseCommentInput(
    { site: site.id, page: parent.page, name: publicModeratorName(by, site.settings.mailLanguage), email: by.email, content: b.content, parentId: parent.id, pageUrl: parent.pageUrl ?? '', pageTitle: parent.pageTitle ?? '' },
    site.settings.maxLength,
  );
  if (parent.status === 'pending') {
    try {
      parent = await moderateComment(deps, { id: parent.id, action: 'approve' }, by);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  const { comment } = await submitComment(deps, site, input, { ...poster, byModerator: true });
  return comment;
}
