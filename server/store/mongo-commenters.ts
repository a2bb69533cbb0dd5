import type { Model } from 'mongoose';
import { STATUSES, type StatusCounts } from '../domain/types.js';
import type { CommenterStats } from './sqlite-commenters.js';
import type { CommentDoc } from './mongo-models.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One aggregation over the commenter's comments (index { site, authorEmail, createdAt }). */
export async function commenterStats(M: Model<CommentDoc>, site: string, email: string): Promise<CommenterStats> {
  const match = { site, authorEmail: new RegExp(`^${escapeRegex(email.trim())}$`, 'i') };
  const [byStatus, names, ips, span] = await Promise.all([
    M.aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: '$status', n: { $sum: 1 } } }]),
    M.aggregate<{ _id: string }>([{ $match: match }, { $group: { _id: '$authorName', t: { $max: '$createdAt' } } }, { $sort: { t: -1 } }, { $limit: 50 }]),
    M.aggregate<{ _id: string }>([{ $match: { ...match, ip: { $ne: '' } } }, { $group: { _id: '$ip', t: { $max: '$createdAt' } } }, { $sort: { t: -1 } }, { $limit: 50 }]),
    M.aggregate<{ first: number; last: number }>([{ $match: match }, { $group: { _id: null, first: { $min: '$createdAt' }, last: { $max: '$createdAt' } } }]),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of byStatus) if (r._id in counts) counts[r._id as keyof StatusCounts] = r.n;
  return { names: names.map((r) => r._id), ips: ips.map((r) => r._id), firstAt: span[0]?.first ?? null, lastAt: span[0]?.last ?? null, counts };
}
