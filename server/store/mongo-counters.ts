import mongoose from 'mongoose';
import type { CommentStatus } from '../domain/types.js';
import type { CommentDoc, Models } from './mongo-models.js';
import { countVisibleByPage } from './threads.js';

const { trusted } = mongoose;

/**
 * Counter upkeep for the MongoDB adapter, the twin of sqlite-counters.ts:
 * `counters` holds, per site, comments per status (kind 'status') and visible
 * comments per page (kind 'page': approved with every ancestor approved).
 *
 * THE RULE FOR EVERY WRITE: whatever inserts a comment calls `countInsert`, and
 * whatever changes a status calls `countStatusChange` with the status the
 * compare-and-set actually replaced. Without a replica set MongoDB has no
 * multi-document transactions, so the counter moves right after the write;
 * each transition is counted exactly once because only the winner of the
 * compare-and-set counts it. `rebuildCounters` recounts (upgrades, imports).
 *
 * Each of them also bumps the site's counts version (kind 'version'), after the
 * status counters moved; `readCountsVersion` read before the counters then gives
 * counts at least as new as the version (see the port's `countsSnapshot`).
 * Recounts never delete the version, so it only grows.
 */
export async function countInsert(m: Models, c: { site: string; page: string; status: CommentStatus; parentId: string | null }): Promise<void> {
  await bump(m, c.site, 'status', c.status, 1);
  await bumpCountsVersion(m, c.site);
  if (c.status === 'approved' && (await ancestorsApproved(m, c.parentId))) await bump(m, c.site, 'page', c.page, 1);
}

export async function countStatusChange(
  m: Models,
  c: { id: string; site: string; page: string; parentId: string | null; threadId: string },
  from: CommentStatus,
  to: CommentStatus,
): Promise<void> {
  if (from === to) return;
  await bump(m, c.site, 'status', from, -1);
  await bump(m, c.site, 'status', to, 1);
  await bumpCountsVersion(m, c.site);
  if (from !== 'approved' && to !== 'approved') return;
  if (!(await m.Comment.exists({ parentId: c.id }))) {
    // A leaf (the common case): only the comment itself appears or disappears.
    if (await ancestorsApproved(m, c.parentId)) await bump(m, c.site, 'page', c.page, to === 'approved' ? 1 : -1);
    return;
  }
  const after = (await m.Comment.find({ threadId: c.threadId, status: 'approved' as CommentStatus })
    .select({ _id: 1, parentId: 1, page: 1 })
    .lean<Array<{ _id: string; parentId: string | null; page: string }>>()).map((d) => ({ id: d._id, parentId: d.parentId ?? null, page: d.page }));
  const before = to === 'approved' ? after.filter((r) => r.id !== c.id) : [...after, { id: c.id, parentId: c.parentId, page: c.page }];
  const delta = visibleIn(after, c.page) - visibleIn(before, c.page);
  if (delta !== 0) await bump(m, c.site, 'page', c.page, delta);
}

/** Recounts every counter from the comments (optionally of one site). */
export async function rebuildCounters(m: Models, site?: string): Promise<void> {
  const scope = site === undefined ? {} : { site };
  // the versions stay: a recount is one more change of the counts, never a step back
  await m.Counter.deleteMany({ ...scope, kind: trusted({ $in: ['status', 'page'] }) });
  const byStatus = await m.Comment.aggregate<{ _id: { site: string; status: CommentStatus }; n: number }>([
    { $match: scope },
    { $group: { _id: { site: '$site', status: '$status' }, n: { $sum: 1 } } },
  ]);
  for (const r of byStatus) await bump(m, r._id.site, 'status', r._id.status, r.n);
  const recounted = site === undefined ? new Set([...byStatus.map((r) => r._id.site), ...(await m.Counter.distinct('site', { kind: 'version' }))]) : new Set([site]);
  for (const s of recounted) await bumpCountsVersion(m, s);
  const pages = await m.Comment.aggregate<{ _id: { site: string; page: string } }>([
    { $match: { ...scope, status: 'approved' } },
    { $group: { _id: { site: '$site', page: '$page' } } },
  ]);
  for (const { _id: p } of pages) {
    const docs = await m.Comment.find({ site: p.site, page: p.page, status: 'approved' as CommentStatus })
      .select({ _id: 1, parentId: 1, page: 1 })
      .lean<Array<{ _id: string; parentId: string | null; page: string }>>();
    const n = visibleIn(docs.map((d) => ({ id: d._id, parentId: d.parentId ?? null, page: d.page })), p.page);
    if (n) await bump(m, p.site, 'page', p.page, n);
  }
}

export async function readCounters(m: Models, site: string, kind: 'status' | 'page', names?: string[]): Promise<Map<string, number>> {
  const filter = names ? { site, kind, name: trusted({ $in: names }) } : { site, kind };
  const docs = await m.Counter.find(filter).select({ name: 1, n: 1 }).lean<Array<{ name: string; n: number }>>();
  return new Map(docs.map((d) => [d.name, d.n]));
}

/** The version of a site's status counts (0 before its first counted write). */
export async function readCountsVersion(m: Models, site: string): Promise<number> {
  const doc = await m.Counter.findById(`version\u0000${site}\u0000status`).select({ n: 1 }).lean<{ n: number }>();
  return doc?.n ?? 0;
}

async function bumpCountsVersion(m: Models, site: string): Promise<void> {
  await m.Counter.updateOne({ _id: `version\u0000${site}\u0000status` }, { $inc: { n: 1 }, $setOnInsert: { site, kind: 'version', name: 'status' } }, { upsert: true });
}

const visibleIn = (rows: Array<{ id: string; parentId: string | null; page: string }>, page: string) => countVisibleByPage(rows).get(page) ?? 0;

async function bump(m: Models, site: string, kind: 'status' | 'page', name: string, by: number): Promise<void> {
  await m.Counter.updateOne({ _id: `${kind}\u0000${site}\u0000${name}` }, { $inc: { n: by }, $setOnInsert: { site, kind, name } }, { upsert: true });
}

async function ancestorsApproved(m: Models, parentId: string | null): Promise<boolean> {
  const seen = new Set<string>();
  let id = parentId;
  while (id !== null) {
    if (seen.has(id)) return false;
    seen.add(id);
    const doc = await m.Comment.findById(id, { parentId: 1, status: 1 }).lean<Pick<CommentDoc, 'parentId' | 'status'>>();
    if (!doc || doc.status !== 'approved') return false;
    id = doc.parentId ?? null;
  }
  return true;
}
