import { Router } from 'express';
import { recordAudit } from '../audit/record.js';
import { AppError } from '../errors.js';
import { editCommentAsModerator, replyAsModerator } from '../edits/edit-comment.js';
import { commentInScope } from '../moderators/scope.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError } from '../usecases/moderate-comment.js';
import { toModerator } from '../views.js';
import { localeOf } from './errors.js';
import { clientIp } from './request.js';

/** Moderators' edits and replies (any moderator of the comment's site). */
export function editRoutes(deps: Deps): Router {
  const r = Router();

  r.patch('/api/moderation/comments/:id', async (req, res) => {
    const locale = localeOf(req);
    try {
      const comment = await editCommentAsModerator(deps, req.params.id ?? '', req.body, req.moderator!);
      deps.logger.info({ id: comment.id, site: comment.site, by: req.moderator!.id }, 'comment edited');
      const last = (await deps.store.listEdits(comment.id)).at(-1);
      if (last && last.at === comment.editedAt) {
        const after = Object.fromEntries(Object.keys(last.before).map((k) => [k, comment[k as keyof typeof comment]]));
        await recordAudit(deps, req.moderator!, { site: comment.site, action: 'comment.edit', target: comment.id, before: last.before, after });
      }
      res.json({ comment: toModerator(comment, locale) });
    } catch (e) {
      if (e instanceof ConflictError) {
        throw new AppError('conflict', 409, 'edit_conflict', undefined, undefined, { data: { comment: toModerator(e.current, locale) } });
      }
      throw e;
    }
  });

  r.get('/api/moderation/comments/:id/edits', async (req, res) => {
    const c = commentInScope(req.moderator!, await deps.store.getComment(req.params.id ?? ''));
    res.json({ edits: await deps.store.listEdits(c.id) });
  });

  r.post('/api/moderation/comments/:id/replies', async (req, res) => {
    const comment = await replyAsModerator(deps, req.params.id ?? '', req.body, req.moderator!, { ip: clientIp(req), userAgent: req.get('user-agent') ?? '' });
    deps.logger.info({ id: comment.id, site: comment.site, by: req.moderator!.id }, 'moderator replied');
    await recordAudit(deps, req.moderator!, { site: comment.site, action: 'comment.reply', target: comment.id, before: null, after: { parentId: comment.parentId, content: comment.content } });
    res.status(201).json({ comment: toModerator(comment, localeOf(req)) });
  });

  return r;
}
