import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/port.js';
import { aComment, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

/** Delete for good and purge (issue 13 point 5), IP retention (point 7). */
export function describeDeletes(current: () => StoreHarness): void {
  describe('delete for good', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    it('when a trashed root with a reply chain is deleted, then the chain moves up, threads re-root and counters equal a recount', async () => {
      const a = await store.createComment(aComment({ page: '/x', status: 'trash', createdAt: T0 + 1 }));
      const b = await store.createComment(aComment({ page: '/x', parentId: a.id, status: 'approved', createdAt: T0 + 2 }));
      const c = await store.createComment(aComment({ page: '/x', parentId: b.id, status: 'approved', createdAt: T0 + 3 }));
      expect((await store.countVisible(SITE, ['/x']))['/x']).toBe(0);
      expect(await store.deleteComment(b.id, ['spam', 'trash'])).toMatchObject({ ok: false, comment: { id: b.id } });
      expect(await store.deleteComment('nope', ['spam', 'trash'])).toEqual({ ok: false, comment: null });
      const out = await store.deleteComment(a.id, ['spam', 'trash']);
      expect(out).toMatchObject({ ok: true, comment: { id: a.id } });
      expect(await store.getComment(a.id)).toBeNull();
      expect((await store.getComment(b.id))!.parentId).toBeNull();
      const listed = await store.listVisible({ site: SITE, page: '/x', after: null, limit: 10 });
      expect(listed.comments.map((x) => x.id)).toEqual([b.id, c.id]);
      const before = [await store.countByStatus(SITE), await store.countVisible(SITE, ['/x'])];
      await store.rebuildCounters(SITE);
      expect([await store.countByStatus(SITE), await store.countVisible(SITE, ['/x'])]).toEqual(before);
      expect(before[1]).toEqual({ '/x': 2 });
    });

    it('when a bin is purged, then only that status entered before the time goes, and IPs can be cleared by age', async () => {
      const old = await store.createComment(aComment({ status: 'spam', createdAt: T0 }));
      const fresh = await store.createComment(aComment({ status: 'spam', createdAt: T0 + 100 }));
      const trash = await store.createComment(aComment({ status: 'trash', createdAt: T0 }));
      const gone = await store.purgeComments(SITE, 'spam', T0 + 50);
      expect(gone).toEqual([{ id: old.id, page: old.page }]);
      expect(await store.getComment(fresh.id)).not.toBeNull();
      expect(await store.getComment(trash.id)).not.toBeNull();
      expect((await store.countByStatus(SITE)).spam).toBe(1);
      expect(await store.clearOldIps(SITE, T0 + 50)).toBe(1);
      expect((await store.getComment(trash.id))!).toMatchObject({ ip: '', userAgent: '' });
      expect((await store.getComment(fresh.id))!.ip).not.toBe('');
    });

    it('when a comment is edited with its version, then fields, version and editedAt change, old values are kept; a stale version changes nothing', async () => {
      const c = await store.createComment(aComment({ content: 'قديم', authorName: 'سارة', status: 'approved' }));
      const by = { id: 'm1', name: 'هدى' };
      const out = await store.editComment(c.id, c.version, { content: 'جديد', authorUrl: 'https://x.example' }, { at: T0 + 5, by });
      expect(out).toMatchObject({ ok: true, comment: { content: 'جديد', authorUrl: 'https://x.example', authorName: 'سارة', version: c.version + 1, editedAt: T0 + 5 } });
      expect(await store.listEdits(c.id)).toEqual([{ commentId: c.id, at: T0 + 5, by, before: { content: 'قديم', authorUrl: c.authorUrl } }]);
      const stale = await store.editComment(c.id, c.version, { content: 'آخر' }, { at: T0 + 6, by });
      expect(stale).toMatchObject({ ok: false, comment: { content: 'جديد' } });
      expect(await store.editComment('nope', 1, { content: 'x' }, { at: T0, by })).toEqual({ ok: false, comment: null });
      expect((await store.countVisible(SITE, [c.page]))[c.page]).toBe(1);
    });
  });
}
