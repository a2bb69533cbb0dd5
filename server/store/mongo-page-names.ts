import mongoose, { type ClientSession } from 'mongoose';
import type { CommentStatus, PageInfo } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import type { CommentDoc, Models, PageDoc } from './mongo-models.js';
import { toPage } from './mongo-docs.js';

// A page's public name in the MongoDB adapter, the twin of sqlite-page-names.ts (the rule is
// written there and on Store.namePage): the name given with authority (fixedTitle/fixedUrl),
// else the earliest approved, not author-deleted comment's own claim, else none. SQLite keeps
// it by triggers in the changing statement; here every write that can move it (insert, status
// change, author deletion, delete for good, import) names the page again right after, in the
// write's session where the server gives one (a transaction), else alone, as the counters are.
// Naming again reads the comments as they are then, so the last one of racing writers leaves
// the name their comments call for.

const { trusted } = mongoose;

/** Does this comment (as it was, or is now) name its page? Approved, not deleted, with a claim. */
export function namesPage(c: Pick<CommentDoc, 'status' | 'pageTitle' | 'pageUrl'> & { deletedAt?: number | null } | null | undefined): boolean {
  return !!c && c.status === ('approved' as CommentStatus) && (c.deletedAt ?? null) === null && (c.pageTitle != null || c.pageUrl != null);
}

async function earliestClaim(m: Models, site: string, page: string, field: 'pageTitle' | 'pageUrl', session?: ClientSession): Promise<string | null> {
  const doc = await m.Comment.findOne({ site, page, status: 'approved' as CommentStatus, deletedAt: null, [field]: trusted({ $type: 'string' }) }, { [field]: 1 }, session ? { session } : {})
    .sort({ createdAt: 1, _id: 1 })
    .lean<Pick<CommentDoc, 'pageTitle' | 'pageUrl'>>();
  return doc?.[field] ?? null;
}

/** Names one page again by the rule; a page never seen is left alone. */
export async function renamePage(m: Models, site: string, page: string, session?: ClientSession): Promise<void> {
  const opts = session ? { session } : {};
  const cur = await m.Page.findOne({ site, page }, { fixedTitle: 1, fixedUrl: 1 }, opts).lean<PageDoc>();
  if (!cur) return;
  const title = cur.fixedTitle ?? (await earliestClaim(m, site, page, 'pageTitle', session));
  const url = cur.fixedUrl ?? (await earliestClaim(m, site, page, 'pageUrl', session));
  await m.Page.updateOne({ site, page }, { $set: { title, url } }, opts);
}

/** Store.namePage: sets or clears the authoritative name (a field left out stays), then names the page. */
export async function namePage(m: Models, site: string, given: string, name: { title?: string | null; url?: string | null }, now: number): Promise<PageInfo> {
  const page = canonicalPageKey(given);
  const set: Record<string, string | null> = {};
  if (name.title !== undefined) set.fixedTitle = name.title;
  if (name.url !== undefined) set.fixedUrl = name.url;
  const insert = { title: null, url: null, closed: false, createdAt: now };
  try {
    await m.Page.updateOne({ site, page }, { $set: set, $setOnInsert: insert }, { upsert: true });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    await m.Page.updateOne({ site, page }, { $set: set }); // lost an upsert race: the page is there now
  }
  await renamePage(m, site, page);
  return toPage((await m.Page.findOne({ site, page }).lean<PageDoc>())!);
}

/**
 * Twin of SQLite migration 21's repair (sqlite-page-names.ts repairStoredNames): a stored name
 * no posted comment first carried came with authority and is kept as given; one first claimed
 * by a comment not approved now loses its copies on later comments; then every page is named.
 */
export async function repairStoredNames(m: Models): Promise<void> {
  const pages = await m.Page.find({ $or: [{ title: trusted({ $type: 'string' }) }, { url: trusted({ $type: 'string' }) }] }).lean<PageDoc[]>();
  for (const p of pages) {
    for (const [name, field, fixed] of [['title', 'pageTitle', 'fixedTitle'], ['url', 'pageUrl', 'fixedUrl']] as const) {
      const value = p[name];
      if (value === null || value === undefined) continue;
      const naming = await m.Comment.findOne({ site: p.site, page: p.page, [field]: trusted({ $type: 'string' }) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<CommentDoc>();
      if (!naming || naming[field] !== value || naming.source?.id) await m.Page.updateOne({ site: p.site, page: p.page }, { $set: { [fixed]: value } });
      else if (naming.status !== 'approved') await m.Comment.updateMany({ site: p.site, page: p.page, [field]: value, _id: trusted({ $ne: naming._id }) }, { $set: { [field]: null } });
    }
  }
  for (const p of await m.Page.find({}, { site: 1, page: 1 }).lean<PageDoc[]>()) await renamePage(m, p.site, p.page);
}
