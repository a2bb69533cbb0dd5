import mongoose, { type AnyBulkWriteOperation } from 'mongoose';
import { authorKey } from '../moderation/collate.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { dupKeyOf } from './mongo-comments.js';
import { rebuildCounters } from './mongo-counters.js';
import { repairStoredNames } from './mongo-page-names.js';
import type { CommentDoc, Models, PageDoc } from './mongo-models.js';

/**
 * Upgrades of existing MongoDB data, the twins of SQLite migrations 2–4, 12, 17, 18, 21 and 22, run
 * at open in order; the `meta` document 'schema' records how many were applied.
 */
const UPGRADES: Array<(m: Models) => Promise<unknown>> = [
  canonicalPageKeys,
  fillCollationKeys,
  rebuildCounters,
  readersFields,
  escapedControlPageKeys,
  importedBinHistory,
  repairStoredNames,
  unfeatureAuthorDeleted,
];

/** Issue 14 (twin of SQLite migration 12): every comment gets likes 0, so the popular order and its keyset see them. */
async function readersFields(m: Models): Promise<void> {
  await m.Comment.updateMany({ likes: mongoose.trusted({ $exists: false }) }, { $set: { likes: 0 } });
}

/**
 * Twin of SQLite migration 18: imported comments in a bin without history say they entered it
 * now, so retention counts from the upgrade and not from their dates (import/common.ts importedHistory).
 */
async function importedBinHistory(m: Models): Promise<void> {
  const at = Date.now();
  for (const prev of [null, 'pending', 'approved', 'spam', 'trash'] as const) {
    for (const status of ['spam', 'trash'] as const) {
      await m.Comment.updateMany(
        { status, prevStatus: prev, history: mongoose.trusted({ $size: 0 }), 'source.id': mongoose.trusted({ $exists: true }) },
        { $set: { history: [{ at, by: null, from: prev ?? 'pending', to: status }] } },
      );
    }
  }
}

/** Twin of SQLite migration 22: a comment its author deleted is featured no more. */
async function unfeatureAuthorDeleted(m: Models): Promise<void> {
  const filter: Record<string, unknown> = { deletedAt: mongoose.trusted({ $type: 'number' }), featuredAt: mongoose.trusted({ $type: 'number' }) };
  await m.Comment.updateMany(filter, { $set: { featuredAt: null } });
}

export async function upgrade(m: Models): Promise<void> {
  const meta = await m.Meta.findById('schema').lean<{ version: number }>();
  for (let v = meta?.version ?? 0; v < UPGRADES.length; v++) {
    await UPGRADES[v]!(m);
    await m.Meta.updateOne({ _id: 'schema' }, { $set: { version: v + 1 } }, { upsert: true });
  }
}

/** One key per page (twin of SQLite migration 2); returns the keys comments moved to, per site. */
async function canonicalPageKeys(m: Models): Promise<Array<{ site: string; page: string }>> {
  const spellings = await m.Comment.aggregate<{ _id: { site: string; page: string } }>([{ $group: { _id: { site: '$site', page: '$page' } } }]);
  const moved: Array<{ site: string; page: string }> = [];
  for (const { _id: s } of spellings) {
    const key = canonicalPageKey(s.page);
    if (key === s.page) continue;
    await m.Comment.updateMany({ site: s.site, page: s.page }, { $set: { page: key } });
    moved.push({ site: s.site, page: key });
  }
  for (const p of await m.Page.find().lean<PageDoc[]>()) {
    const key = canonicalPageKey(p.page);
    if (key === p.page) continue;
    const target = await m.Page.findOne({ site: p.site, page: key }).lean<PageDoc>();
    if (target) {
      await m.Page.updateOne(
        { site: p.site, page: key },
        { $set: { title: target.title ?? p.title, url: target.url ?? p.url, closed: target.closed || p.closed, createdAt: Math.min(target.createdAt, p.createdAt) } },
      );
      await m.Page.deleteOne({ site: p.site, page: p.page });
    } else await m.Page.updateOne({ site: p.site, page: p.page }, { $set: { page: key } });
  }
  return moved;
}

/**
 * Twin of SQLite migration 17: raw control characters in page keys escaped ("\u0001/x" →
 * "%01/x"), the two spellings' threads merged; moved comments' duplicate keys recomputed
 * (one that now equals a twin's is dropped, as fillCollationKeys leaves a twin without one)
 * and the touched sites' counters rebuilt.
 */
async function escapedControlPageKeys(m: Models): Promise<void> {
  const moved = await canonicalPageKeys(m);
  for (const { site, page } of moved) {
    const docs = m.Comment.find({ site, page, dupKey: mongoose.trusted({ $exists: true }) }).select('+authorEmail').sort({ createdAt: 1 }).lean<CommentDoc>().cursor();
    for await (const d of docs) {
      const doc = d as unknown as CommentDoc;
      const dupKey = dupKeyOf({ ...doc, parentId: doc.parentId ?? null });
      await m.Comment.updateOne({ _id: doc._id }, { $set: { dupKey } }).catch(async (err: { code?: number }) => {
        if (err.code !== 11000) throw err;
        await m.Comment.updateOne({ _id: doc._id }, { $unset: { dupKey: 1 } });
      });
    }
  }
  for (const site of new Set(moved.map((x) => x.site))) await rebuildCounters(m, site);
}

async function fillCollationKeys(m: Models): Promise<void> {
  await m.Comment.collection.dropIndex('site_1_authorName_1_authorEmail_1_status_1').catch(() => undefined);
  await m.Comment.collection.dropIndex('site_1_page_1_parentId_1_authorEmail_1').catch(() => undefined);
  let batch: AnyBulkWriteOperation<CommentDoc>[] = [];
  const flush = async () => {
    // Unordered: a twin stored before the unique index existed keeps no key, the rest go through.
    if (batch.length) await m.Comment.bulkWrite(batch, { ordered: false }).catch((err: { code?: number; writeErrors?: unknown }) => {
      if (err.code !== 11000 && !err.writeErrors) throw err;
    });
    batch = [];
  };
  for await (const d of m.Comment.find().select('+authorEmail').sort({ createdAt: 1 }).lean<CommentDoc>().cursor()) {
    const doc = d as unknown as CommentDoc;
    batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { authorKey: authorKey(doc.authorName, doc.authorEmail) } } } });
    // Its own operation, so a refused twin key does not undo the author key.
    if (doc.status !== 'trash') batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { dupKey: dupKeyOf({ ...doc, parentId: doc.parentId ?? null }) } } } });
    if (batch.length >= 1000) await flush();
  }
  await flush();
}
