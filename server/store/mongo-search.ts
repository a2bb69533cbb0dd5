import mongoose, { type Model } from 'mongoose';
import type { CursorPos, StoredComment } from '../domain/types.js';
import { commentMatches } from '../search/match.js';
import type { SearchQuery } from '../search/query.js';
import { toComment } from './mongo-docs.js';
import type { CommentDoc } from './mongo-models.js';

const { trusted } = mongoose;
const BATCH = 500;
const MAX_SCAN = 20_000;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * MongoDB search: site, statuses, emails, pages, exact IPs and URLs narrow the query
 * through the comment indexes ({ site, status, createdAt }, { site, authorEmail, createdAt },
 * { site, ip, createdAt }, { site, page, … }); folded words, names and CIDR ranges are
 * checked in code (search/match.ts, the same rules as the SQLite adapter) over at most
 * MAX_SCAN comments a request, newest first, after which the cursor continues the scan.
 */
export async function searchComments(M: Model<CommentDoc>, q: SearchQuery): Promise<{ comments: StoredComment[]; next: CursorPos | null }> {
  const filter: Record<string, unknown> = { site: q.site };
  if (q.statuses.length) filter.status = trusted({ $in: q.statuses });
  if (q.emails.length) filter.authorEmail = trusted({ $in: q.emails.map((e) => new RegExp(`^${escapeRegex(e)}$`, 'i')) });
  if (q.pages.length) filter.page = trusted({ $in: q.pages });
  const out: StoredComment[] = [];
  let pos: CursorPos | null = q.before;
  let scanned = 0;
  for (;;) {
    const before = pos ? { $or: [{ createdAt: trusted({ $lt: pos.createdAt }) }, { createdAt: pos.createdAt, _id: trusted({ $lt: pos.id }) }] } : {};
    const docs = await M.find({ ...filter, ...before })
      .select('+authorEmail')
      .sort({ createdAt: -1, _id: -1 })
      .limit(BATCH)
      .lean<CommentDoc[]>();
    for (const d of docs) {
      const c = toComment(d);
      scanned++;
      pos = { createdAt: c.createdAt, id: c.id };
      if (commentMatches(q, c)) out.push(c);
      if (out.length > q.limit) break;
    }
    if (out.length > q.limit || docs.length < BATCH) break;
    if (scanned >= MAX_SCAN) return { comments: out, next: pos };
  }
  const more = out.length > q.limit;
  if (more) out.length = q.limit;
  const last = out[out.length - 1];
  return { comments: out, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}
