import { Router, type Request } from 'express';
import { notFound } from '../errors.js';
import { consume } from '../limits.js';
import type { Deps } from '../usecases/context.js';
import { assertOriginAllowed } from '../usecases/submit-comment.js';
import type { Access } from '../http/access.js';
import { clientIp, rateKey } from '../http/request.js';
import { deleteAsAuthor, editAsAuthor } from './author.js';
import { react, readerIdOf, report } from './reactions.js';
import { voterOf } from './voter.js';

/**
 * Readers' write routes of issue 14: the author's edit and delete (edit token in the JSON body),
 * likes and reports (the `Majlis-Reader` header). Each checks the Origin against the comment's
 * site as POST /api/comments does, and counts against a per-IP limit shared like the others.
 */
export function readerRoutes(deps: Deps, access: Access): Router {
  const r = Router();
  const { store } = deps;

  /**
   * The origin check, then the limiter (a refused origin neither spends nor learns of the
   * limit), then 404 for an unknown comment: an id that does not exist is only told so
   * within the limit, so ids cannot be probed faster than it allows. Returns the id.
   */
  async function admit(req: Request, limited: () => Promise<void>): Promise<string> {
    const raw: unknown = req.params.id;
    const id = typeof raw === 'string' ? raw : '';
    const c = id.length <= 64 ? await store.getComment(id) : null;
    const site = c ? await store.getSite(c.site) : null;
    if (site) assertOriginAllowed((o) => access.originAllowed(site, o, req), req.get('origin'));
    await limited();
    if (!c || !site) throw notFound();
    return id;
  }
  const perIp = (limiter: keyof Deps['limiters'], req: Request) => () => consume(deps.limiters[limiter], rateKey(clientIp(req)));

  r.patch('/api/comments/:id', async (req, res) => {
    const id = await admit(req, perIp('postBurst', req));
    res.set('Cache-Control', 'no-store').json(await editAsAuthor(deps, id, req.body));
  });

  r.delete('/api/comments/:id', async (req, res) => {
    const id = await admit(req, perIp('postBurst', req));
    await deleteAsAuthor(deps, id, req.body);
    res.set('Cache-Control', 'no-store').json({ ok: true });
  });

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    r[method]('/api/comments/:id/reactions', async (req, res) => {
      const reader = readerIdOf(req);
      const id = await admit(req, perIp('reactions', req));
      // one network cannot pile likes on one comment with made-up reader ids (unlikes are free)
      if (on) await consume(deps.limiters.likesPerComment, `${rateKey(clientIp(req))}|${id}`);
      res.set('Cache-Control', 'no-store').json(await react(deps, id, reader, req.body, on));
    });
  }

  r.post('/api/comments/:id/reports', async (req, res) => {
    const reader = readerIdOf(req);
    const id = await admit(req, perIp('reports', req));
    await report(deps, id, reader, voterOf(deps.secret, clientIp(req)), req.body);
    res.status(202).json({ ok: true });
  });

  return r;
}
