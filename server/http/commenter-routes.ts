import { Router } from 'express';
import { AppError } from '../errors.js';
import { siteInScope } from '../moderators/scope.js';
import { domainOfEmail, parseIpOrCidr, plainIp } from '../rules/match.js';
import { publicRule } from '../rules/manage.js';
import { ipMatches } from '../search/match.js';
import { parseSearch } from '../search/query.js';
import type { Deps } from '../usecases/context.js';
import { toModerator } from '../views.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { localeOf } from './errors.js';
import { queryString } from './request.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';

const PAGE = 50;

/**
 * One commenter's history on a site, by email (any case):
 * `{ commenter: { email, names, firstAt, lastAt, counts, ips, rules }, comments, nextCursor }`;
 * `rules` are the site's rules that apply to them (their email, its domain, any of their IPs).
 */
export function commenterRoutes(deps: Deps): Router {
  const r = Router();
  const { store } = deps;

  r.get('/api/moderation/commenters', async (req, res) => {
    const site = await siteInScope(store, req.moderator!, queryString(req, 'site', { required: true })!);
    const raw = queryString(req, 'email', { required: true, max: 254 })!;
    const email = normalizeEmail(raw);
    if (!isEmailAddress(email)) throw new AppError('validation', 422, 'validation', undefined, { email: { key: 'email_invalid' } });
    const before = decodeCursor(queryString(req, 'cursor', { max: 200 }));
    const now = deps.clock();
    const [stats, list, rules] = await Promise.all([
      store.commenterStats(site.id, email),
      store.searchComments({ ...parseSearch({ site: site.id, q: '', before, limit: PAGE }), emails: [email] }),
      store.listRules(site.id, now),
    ]);
    const domain = domainOfEmail(email);
    const theirIps = stats.ips.map(plainIp);
    const applying = rules.filter((rule) => {
      if (rule.kind === 'email') return rule.value === email;
      if (rule.kind === 'domain') return domain === rule.value || domain.endsWith(`.${rule.value}`);
      const range = parseIpOrCidr(rule.value);
      return range !== null && theirIps.some((ip) => ipMatches({ ips: [range] }, ip));
    });
    const locale = localeOf(req);
    res.json({
      commenter: { email, names: stats.names, firstAt: stats.firstAt, lastAt: stats.lastAt, counts: stats.counts, ips: stats.ips, rules: applying.map(publicRule) },
      comments: list.comments.map((c) => toModerator(c, locale)),
      nextCursor: encodeCursor(list.next),
    });
  });

  return r;
}
