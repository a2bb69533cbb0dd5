/**
 * MongoDB side of import and export (issue 11). MongoDB has no transaction
 * here (a standalone server has none), so an import is made re-runnable
 * instead: comments go in parent-first, in ordered chunks, each carrying its
 * source under a unique (site, source) index. A run that stops part-way leaves
 * whole threads down to some comment; running it again skips what is there and
 * writes the rest, linking replies to the parents the first run wrote.
 */
import mongoose from 'mongoose';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';
import type { PageInfo } from '../domain/types.js';
import { authorKey } from '../moderation/collate.js';
import { linkBatch, storeKeysOf, type LinkedComment, type LinkTarget } from './import-link.js';
import { renamePage } from './mongo-page-names.js';
import { dupKeyOf } from './mongo-comments.js';
import { rebuildCounters } from './mongo-counters.js';
import { toComment, toPage } from './mongo-docs.js';
import type { CommentDoc, Models, PageDoc } from './mongo-models.js';

const { trusted } = mongoose;
const CHUNK = 1000;
const EXPORT_PAGE = 1000;

type Found = Pick<CommentDoc, '_id' | 'site' | 'threadId' | 'page' | 'source'>;
const FOUND_FIELDS = { _id: 1, site: 1, threadId: 1, page: 1, source: 1 } as const;
const toTarget = (d: Found): LinkTarget => ({ id: d._id, threadId: d.threadId, page: d.page });

export async function importIntoMongo(m: Models, batch: ImportBatch): Promise<ImportWriteResult> {
  // The linker is synchronous, so everything it may ask about is fetched first.
  const { ids, sources: sourceIds } = storeKeysOf(batch.comments);
  const byId = new Map<string, Found>();
  for (const chunk of chunks([...ids])) {
    const docs = await m.Comment.find({ _id: trusted({ $in: chunk }) }, FOUND_FIELDS).lean<Found[]>();
    for (const d of docs) byId.set(d._id, d);
  }
  const bySource = new Map<string, Found>();
  for (const [site, set] of sourceIds) {
    for (const chunk of chunks([...set])) {
      const docs = await m.Comment.find({ site: batch.site, 'source.site': site, 'source.id': trusted({ $in: chunk }) }, FOUND_FIELDS).lean<Found[]>();
      for (const d of docs) bySource.set(`${site}\u0000${d.source!.id}`, d);
    }
  }
  const sameSite = (d: Found | undefined) => (d && d.site === batch.site ? toTarget(d) : null);
  const sourced = (site: string, id: string) => {
    const d = bySource.get(`${site}\u0000${id}`);
    return d ? toTarget(d) : null;
  };

  const { rows, result } = linkBatch(batch, {
    existing: (c) => (c.id !== null ? sameSite(byId.get(c.id)) : null) ?? (c.source ? sourced(c.source.site, c.source.id) : null),
    parentInStore: (c) => (c.id !== null ? sameSite(byId.get(c.parentKey!)) : c.source ? sourced(c.source.site, c.parentKey!) : null),
    idTaken: (id) => byId.has(id),
  });
  if (batch.dryRun) return result;

  if (batch.newSite) {
    const { id, ...fields } = batch.newSite;
    await ignoreDuplicate(m.Site.updateOne({ _id: id }, { $setOnInsert: fields }, { upsert: true }));
  }

  // A title or link the export gives (WordPress's post, Disqus's thread, Majlis's page) is the
  // site's own and wins over any comment's claim: the page's authoritative name (mongo-page-names.ts).
  for (const p of batch.pages) {
    const key = { site: batch.site, page: p.page };
    await ignoreDuplicate(m.Page.updateOne(key, { $setOnInsert: { title: null, url: null, closed: p.closed, createdAt: p.createdAt } }, { upsert: true }));
    const fixed = { ...(p.title !== null ? { fixedTitle: p.title } : {}), ...(p.url !== null ? { fixedUrl: p.url } : {}) };
    if (Object.keys(fixed).length) await m.Page.updateOne(key, { $set: fixed });
  }
  const raced = await insertImportedComments(m, batch.site, rows);
  // No transaction to count in: the site's counters are recounted once the comments are in,
  // and every page the import touched is named again.
  if (rows.length > 0) await rebuildCounters(m, batch.site);
  for (const page of new Set([...batch.pages.map((p) => p.page), ...rows.map((r) => r.c.page)])) await renamePage(m, batch.site, page);
  // A concurrent run of the same file wrote these first: they are skipped, not imported.
  if (raced > 0) {
    result.imported -= raced;
    result.skipped += raced;
  }
  return result;
}

/**
 * The bulk insert of an import, parent-first in ordered chunks, with the
 * collation keys insertCommentDoc writes (authorKey; dupKey unless in trash).
 * Returns how many rows another run had already written (duplicate source or
 * id). A twin of a stored comment (the unique dupKey) is stored without dupKey,
 * as the collation upgrade does: the export had both, the import keeps both.
 * It does not count: the caller recounts the site (mongo-counters.ts).
 */
export async function insertImportedComments(m: Models, site: string, rows: LinkedComment[]): Promise<number> {
  let duplicates = 0;
  for (const chunk of chunks(rows, CHUNK)) {
    const docs = chunk.map(({ c, id, parentId, threadId }) => ({
      _id: id,
      site,
      page: c.page,
      parentId,
      threadId,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      authorUrl: c.authorUrl,
      avatarKey: c.avatarKey,
      content: c.content,
      status: c.status,
      prevStatus: c.prevStatus,
      version: c.version,
      ip: c.ip,
      userAgent: c.userAgent,
      reasons: c.reasons,
      history: c.history,
      pageTitle: c.pageTitle,
      pageUrl: c.pageUrl,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      ...(c.source ? { source: c.source } : {}),
      authorKey: authorKey(c.authorName, c.authorEmail),
      ...(c.status !== 'trash' ? { dupKey: dupKeyOf({ site, page: c.page, parentId, authorName: c.authorName, authorEmail: c.authorEmail, content: c.content }) } : {}),
    }));
    try {
      await m.Comment.insertMany(docs, { ordered: true });
    } catch (err) {
      if ((err as { code?: unknown }).code !== 11000) throw err;
      // Ordered: the rows before the first write error were inserted by this run.
      const e = err as { writeErrors?: Array<{ index?: number }>; insertedDocs?: unknown[] };
      const inserted = e.writeErrors?.[0]?.index ?? e.insertedDocs?.length ?? 0;
      // Ordered: the first duplicate stopped the chunk. Insert the rest one by one.
      for (const doc of docs.slice(inserted)) {
        try {
          await m.Comment.create(doc);
        } catch (e) {
          if ((e as { code?: unknown }).code !== 11000) throw e;
          if (!isDupKeyClash(e)) {
            duplicates += 1;
            continue;
          }
          const { dupKey: _twin, ...alone } = doc;
          try {
            await m.Comment.create(alone);
          } catch (again) {
            if ((again as { code?: unknown }).code !== 11000) throw again;
            duplicates += 1;
          }
        }
      }
    }
  }
  return duplicates;
}

export async function listSitePages(m: Models, site: string): Promise<PageInfo[]> {
  const docs = await m.Page.find({ site }).sort({ page: 1 }).lean<PageDoc[]>();
  return docs.map(toPage);
}

export async function* exportFromMongo(m: Models, site: string, byPage: boolean): AsyncGenerator<ExportedComment> {
  if (!byPage) {
    yield* keyset(m, { site });
    return;
  }
  const pages = ((await m.Comment.distinct('page', { site })) as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const page of pages) yield* keyset(m, { site, page });
}

async function* keyset(m: Models, filter: Record<string, unknown>): AsyncGenerator<ExportedComment> {
  let last: { createdAt: number; id: string } | null = null;
  for (;;) {
    const after: Record<string, unknown> = last
      ? { $or: [{ createdAt: trusted({ $gt: last.createdAt }) }, { createdAt: last.createdAt, _id: trusted({ $gt: last.id }) }] }
      : {};
    const docs: CommentDoc[] = await m.Comment.find({ ...filter, ...after })
      .select('+authorEmail')
      .sort({ createdAt: 1, _id: 1 })
      .limit(EXPORT_PAGE)
      .lean<CommentDoc[]>();
    for (const d of docs) {
      const { avatarKey: _avatar, ...c } = toComment(d);
      yield { ...c, source: d.source ? { site: d.source.site, id: d.source.id } : null };
    }
    if (docs.length < EXPORT_PAGE) return;
    const tail: CommentDoc = docs[docs.length - 1]!;
    last = { createdAt: tail.createdAt, id: tail._id };
  }
}

function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Was this E11000 raised by the duplicate-comment key (not by the id or the import source)? */
function isDupKeyClash(err: unknown): boolean {
  const e = err as { keyPattern?: Record<string, unknown>; message?: string };
  return e.keyPattern ? 'dupKey' in e.keyPattern : /dupKey_1/.test(e.message ?? '');
}

async function ignoreDuplicate(op: PromiseLike<unknown>): Promise<void> {
  try {
    await op;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 11000) throw err;
  }
}
