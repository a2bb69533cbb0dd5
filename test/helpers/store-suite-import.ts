import { beforeEach, describe, expect, it } from 'vitest';
import type { ExportedComment, ImportBatch, ImportComment } from '../../server/domain/import.js';
import { STATUSES } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import { countVisibleByPage } from '../../server/store/threads.js';
import { aComment, aSite, anEntry, SITE, T0, type StoreHarness } from './store-fixtures.js';

const SOURCE = 'https://old-blog.example';

/** An imported comment with source `key`; override anything. */
export function anImported(key: string, over: Partial<ImportComment> = {}): ImportComment {
  return {
    key,
    parentKey: null,
    id: null,
    source: { site: SOURCE, id: key },
    page: '/2012/03/مقال/',
    authorName: 'أحمد',
    authorEmail: 'ahmed@example.com',
    authorUrl: null,
    avatarKey: 'avatar-key',
    content: `تعليق ${key}`,
    status: 'approved',
    prevStatus: null,
    version: 1,
    ip: '192.0.2.10',
    userAgent: '',
    reasons: [],
    history: [],
    pageTitle: 'مقال',
    pageUrl: 'https://old-blog.example/2012/03/%d9%85%d9%82%d8%a7%d9%84/',
    createdAt: T0 + Number(key.replace(/\D/g, '') || 0) * 1000,
    editedAt: null,
    ...over,
  };
}

const batchOf = (comments: ImportComment[], over: Partial<ImportBatch> = {}): ImportBatch => ({
  site: SITE,
  pages: [{ page: '/2012/03/مقال/', title: 'مقال', url: null, closed: false, createdAt: T0 }],
  comments,
  dryRun: false,
  ...over,
});

async function exported(store: Store, site = SITE): Promise<ExportedComment[]> {
  const out: ExportedComment[] = [];
  for await (const c of store.exportComments(site)) out.push(c);
  return out;
}

/** Import and export conformance (issue 11). */
export function describeImport(current: () => StoreHarness): void {
  describe('import', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    it('when replies come before their parents, then every reply links to its parent and thread, and the orphan becomes top-level', async () => {
      const res = await store.importComments(
        batchOf([
          anImported('3', { parentKey: '2' }),
          anImported('2', { parentKey: '1' }),
          anImported('1'),
          anImported('4', { parentKey: '99' }),
        ]),
      );
      expect(res).toMatchObject({ imported: 4, skipped: 0, orphans: 1, byStatus: { approved: 4, pending: 0, spam: 0, trash: 0 } });
      const all = await exported(store);
      const bySource = new Map(all.map((c) => [c.source!.id, c]));
      expect(bySource.get('2')!.parentId).toBe(bySource.get('1')!.id);
      expect(bySource.get('3')!.parentId).toBe(bySource.get('2')!.id);
      expect(bySource.get('4')!.parentId).toBeNull();
      const page = await store.listVisible({ site: SITE, page: '/2012/03/مقال/', after: null, limit: 10 });
      expect(page.comments.map((c) => c.content)).toEqual(['تعليق 1', 'تعليق 2', 'تعليق 3', 'تعليق 4']);
      expect(page.total).toBe(4);
    });

    it('when the same batch is imported again after a moderator decision, then nothing is imported and the decision stays', async () => {
      await store.importComments(batchOf([anImported('1'), anImported('2', { parentKey: '1' })]));
      const [first] = await exported(store);
      await store.setStatus(first!.id, undefined, anEntry('approved', 'spam'));
      const again = await store.importComments(batchOf([anImported('1'), anImported('2', { parentKey: '1' }), anImported('3', { parentKey: '2' })]));
      expect(again).toMatchObject({ imported: 1, skipped: 2, orphans: 0 });
      const all = await exported(store);
      expect(all).toHaveLength(3);
      expect(all.find((c) => c.source!.id === '1')!.status).toBe('spam');
      expect(all.find((c) => c.source!.id === '3')!.parentId).toBe(all.find((c) => c.source!.id === '2')!.id);
    });

    it('when a batch is a dry run, then the counts are those of the real run and nothing is written', async () => {
      const batch = batchOf([anImported('1'), anImported('2', { status: 'pending' })], {
        pages: [{ page: '/closed/', title: null, url: null, closed: true, createdAt: T0 }],
      });
      const dry = await store.importComments({ ...batch, dryRun: true });
      expect(await exported(store)).toEqual([]);
      expect(await store.getPage(SITE, '/closed/')).toBeNull();
      const real = await store.importComments(batch);
      expect(dry).toEqual(real);
    });

    it('when a batch names a page with a raw control character, then the store keeps it under the canonical key (escaped), as every other write', async () => {
      const page = '\u0001/imported';
      await store.importComments(batchOf([anImported('1', { page }), anImported('2', { page: '%01/imported', parentKey: '1' })], { pages: [{ page, title: 'ت', url: null, closed: true, createdAt: T0 }] }));
      expect((await store.listPages(SITE)).map((p) => p.page)).toEqual(['%01/imported']);
      expect((await exported(store)).map((c) => c.page)).toEqual(['%01/imported', '%01/imported']);
      expect(await store.countVisible(SITE, ['%01/imported'])).toEqual({ '%01/imported': 2 });
      expect(await store.getPage(SITE, page)).toMatchObject({ page: '%01/imported', closed: true });
    });

    it('when an import brings a closed page, then a new page is closed but an existing page keeps what a moderator set', async () => {
      await store.setPageClosed(SITE, '/open-by-hand/', false, T0);
      await store.importComments(
        batchOf([], {
          pages: [
            { page: '/open-by-hand/', title: 'T', url: 'https://x.example/a', closed: true, createdAt: T0 },
            { page: '/new/', title: 'جديد', url: null, closed: true, createdAt: T0 },
          ],
        }),
      );
      expect(await store.getPage(SITE, '/open-by-hand/')).toMatchObject({ closed: false, title: 'T', url: 'https://x.example/a' });
      expect(await store.getPage(SITE, '/new/')).toMatchObject({ closed: true, title: 'جديد' });
      expect((await store.listPages(SITE)).map((p) => p.page)).toEqual(['/new/', '/open-by-hand/']);
    });

    it('when Majlis comments with ids are imported, then ids, history and versions are kept; an id used by another site is replaced', async () => {
      await store.ensureSite(aSite({ id: 'other' }));
      const withId = (id: string, over: Partial<ImportComment> = {}) =>
        anImported(id, { id, source: null, version: 3, history: [anEntry('pending', 'approved', T0 + 1)], ...over });
      await store.importComments(batchOf([withId('000000000a0000000001')], { site: 'other' }));
      const res = await store.importComments(batchOf([withId('000000000a0000000001'), withId('000000000a0000000002', { parentKey: '000000000a0000000001' })]));
      expect(res.imported).toBe(2);
      const mine = await exported(store);
      expect(mine[0]!.id).not.toBe('000000000a0000000001');
      expect(mine[1]).toMatchObject({ id: '000000000a0000000002', parentId: mine[0]!.id, version: 3, history: [anEntry('pending', 'approved', T0 + 1)], source: null });
      const again = await store.importComments(batchOf([withId('000000000a0000000002')]));
      expect(again).toMatchObject({ imported: 0, skipped: 1 });
    });

    it('when two processes import the same file at once, then each comment lands once', async () => {
      const twin = await current().openTwin();
      await twin.ensureSite(aSite());
      const comments = Array.from({ length: 40 }, (_, i) => anImported(String(i + 1), i > 0 ? { parentKey: String(i) } : {}));
      const [a, b] = await Promise.all([store.importComments(batchOf(comments)), twin.importComments(batchOf(comments))]);
      expect(a.imported + b.imported).toBe(40);
      expect(a.skipped + b.skipped).toBe(40);
      expect(await exported(store)).toHaveLength(40);
      expect((await store.countByStatus(SITE)).approved).toBe(40);
    });

    it('when a site is exported, then every status comes oldest first with its source, and nothing of another site', async () => {
      await store.ensureSite(aSite({ id: 'other' }));
      await store.importComments(batchOf([anImported('2', { status: 'trash', prevStatus: 'approved' }), anImported('1', { status: 'spam' })]));
      await store.importComments(batchOf([anImported('5')], { site: 'other' }));
      const all = await exported(store);
      expect(all.map((c) => [c.source, c.status, c.prevStatus, c.authorEmail, c.ip])).toEqual([
        [{ site: SOURCE, id: '1' }, 'spam', null, 'ahmed@example.com', '192.0.2.10'],
        [{ site: SOURCE, id: '2' }, 'trash', 'approved', 'ahmed@example.com', '192.0.2.10'],
      ]);
    });

    it('when an import lands beside comments posted here, then counts and thread totals equal a full recount, imported authors count as approved and imported twins are duplicates', async () => {
      const page = '/2012/03/مقال/';
      const posted = await store.insertComment(aComment({ page, content: 'كتب هنا', createdAt: T0 + 500 }), { duplicate: true, floodWindowMs: 0 });
      const held = await store.insertComment(aComment({ page: '/other', status: 'pending', authorEmail: 'o@example.com', content: 'معلق', createdAt: T0 + 600 }), { duplicate: true, floodWindowMs: 0 });
      expect(posted.ok && held.ok).toBe(true);
      await store.importComments(
        batchOf([
          anImported('1', { authorName: 'Layla Hassan', authorEmail: 'Layla@Example.com', content: 'Hello There' }),
          anImported('2', { parentKey: '1' }),
          anImported('3', { status: 'pending' }),
          anImported('4', { parentKey: '3' }), // approved under a held parent: not visible
          anImported('5', { status: 'spam', page: '/other' }),
          anImported('6', { status: 'trash', prevStatus: 'approved' }),
          anImported('7', { parentKey: '99' }), // orphan, top-level
          anImported('8', { page: '/other' }),
        ]),
      );
      const all = await exported(store);
      expect(all).toHaveLength(10);
      const byStatus = Object.fromEntries(STATUSES.map((st) => [st, all.filter((c) => c.status === st).length]));
      const visible = countVisibleByPage(all.filter((c) => c.status === 'approved').map((c) => ({ page: c.page, id: c.id, parentId: c.parentId })));
      const pages = [page, '/other'];
      expect({ ...(await store.countByStatus(SITE)) }).toEqual(byStatus);
      expect({ ...(await store.countVisible(SITE, pages)) }).toEqual(Object.fromEntries(pages.map((p) => [p, visible.get(p) ?? 0])));
      for (const p of pages) {
        const list = await store.listVisible({ site: SITE, page: p, after: null, limit: 100 });
        expect(list.total).toBe(visible.get(p) ?? 0);
        expect(list.comments).toHaveLength(list.total);
      }
      expect(visible.get(page)).toBe(4); // posted, 1, 2, 7
      // Collation keys came with the rows: "previously approved" and the duplicate rule see imported comments.
      expect(await store.hasApproved(SITE, 'layla hassan', 'LAYLA@example.com')).toBe(true);
      const twin = await store.findDuplicate({ site: SITE, page, parentId: null, name: 'LAYLA HASSAN', email: 'layla@example.com', content: 'hello there' });
      expect(twin?.authorName).toBe('Layla Hassan');
      const again = await store.insertComment(aComment({ page, authorName: 'Layla Hassan', authorEmail: 'layla@example.com', content: 'Hello There', createdAt: T0 + 9_000 }), { duplicate: true, floodWindowMs: 0 });
      expect(again).toEqual({ ok: false, refusal: 'duplicate' });
    });
  });
}
