import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportBatch } from '../../server/domain/import.js';
import type { Store } from '../../server/store/port.js';
import { aComment, anEntry, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

const GUARDS = { duplicate: false, floodWindowMs: 0 };
const name = async (store: Store, page: string) => {
  const p = await store.getPage(SITE, page);
  return p && { title: p.title, url: p.url };
};

/**
 * A page's public name (title and url): set by an import or an admin (namePage), else the
 * claims of its earliest approved comment that made them; never a held, spam or trashed one's.
 */
export function describePageNames(current: () => StoreHarness): void {
  describe('page names', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    it('when a page’s only comments are held or spam, then it has no name; each comment keeps its own claim', async () => {
      await store.touchPage({ site: SITE, page: '/p', createdAt: T0 });
      const out = await store.insertComment(aComment({ page: '/p', status: 'pending', pageTitle: 'Spam', pageUrl: 'https://blog.example/phish', createdAt: T0 + 1 }), GUARDS);
      await store.createComment(aComment({ page: '/p', status: 'spam', pageTitle: 'Spam 2', pageUrl: 'https://blog.example/phish2', createdAt: T0 + 2 }));
      expect(await name(store, '/p')).toEqual({ title: null, url: null });
      expect(out.ok && out.comment).toMatchObject({ pageTitle: 'Spam', pageUrl: 'https://blog.example/phish' });
      // the first approved one, later than both, names it in the insert itself
      const approved = await store.insertComment(aComment({ page: '/p', status: 'approved', pageTitle: 'Real', pageUrl: 'https://blog.example/p', createdAt: T0 + 3 }), GUARDS);
      expect(approved.ok).toBe(true);
      expect(await name(store, '/p')).toEqual({ title: 'Real', url: 'https://blog.example/p' });
    });

    it('when the naming comment goes to spam, is deleted, or an earlier one is approved, then the name follows in the same write', async () => {
      const spam = await store.createComment(aComment({ page: '/p', status: 'pending', pageTitle: 'Spam', pageUrl: 'https://blog.example/phish', createdAt: T0 + 1 }));
      const real = await store.createComment(aComment({ page: '/p', status: 'approved', pageTitle: 'Real', pageUrl: 'https://blog.example/p', createdAt: T0 + 2 }));
      const later = await store.createComment(aComment({ page: '/p', status: 'approved', pageTitle: 'Later', pageUrl: null, createdAt: T0 + 3 }));
      expect(await name(store, '/p')).toEqual({ title: 'Real', url: 'https://blog.example/p' });
      // an earlier approved claim wins over a later one: names do not flip with each new comment
      await store.setStatus(spam.id, undefined, anEntry('pending', 'approved'));
      expect(await name(store, '/p')).toEqual({ title: 'Spam', url: 'https://blog.example/phish' });
      await store.setStatus(spam.id, undefined, anEntry('approved', 'spam'));
      expect(await name(store, '/p')).toEqual({ title: 'Real', url: 'https://blog.example/p' });
      await store.setStatus(real.id, undefined, anEntry('approved', 'trash'));
      expect(await name(store, '/p')).toEqual({ title: 'Later', url: null });
      await store.deleteComment(real.id, ['trash']);
      await store.setStatus(later.id, undefined, anEntry('approved', 'trash'));
      expect(await name(store, '/p')).toEqual({ title: null, url: null });
      expect(await store.purgeComments(SITE, 'trash', T0 + 1e12)).toHaveLength(1);
      expect(await name(store, '/p')).toEqual({ title: null, url: null });
    });

    it('when an author deletes the naming comment (to trash, or as a placeholder kept for its replies), then the next approved one names the page', async () => {
      const a = await store.createComment(aComment({ page: '/p', pageTitle: 'A', createdAt: T0 + 1 }));
      const b = await store.createComment(aComment({ page: '/p', pageTitle: 'B', createdAt: T0 + 2 }));
      await store.createComment(aComment({ page: '/p', parentId: b.id, pageTitle: 'C', createdAt: T0 + 3 }));
      expect((await name(store, '/p'))?.title).toBe('A');
      const gone = { at: T0 + 5, entry: anEntry('approved', 'trash', T0 + 5), reason: { code: 'author_deleted' } };
      expect(await store.readers.authorDelete(a.id, a.version, gone)).toMatchObject({ ok: true, placeholder: false });
      expect((await name(store, '/p'))?.title).toBe('B');
      expect(await store.readers.authorDelete(b.id, b.version, gone)).toMatchObject({ ok: true, placeholder: true });
      expect((await name(store, '/p'))?.title).toBe('C');
    });

    it('when a page is named explicitly, then comments never rename it, and clearing the name returns to them', async () => {
      await store.createComment(aComment({ page: '/p', pageTitle: 'From a comment', pageUrl: 'https://blog.example/c', createdAt: T0 + 1 }));
      expect(await store.namePage(SITE, '/p', { title: 'By the admin' }, T0 + 2)).toMatchObject({ title: 'By the admin', url: 'https://blog.example/c' });
      await store.createComment(aComment({ page: '/p', pageTitle: 'Earlier', createdAt: T0 }));
      expect(await name(store, '/p')).toEqual({ title: 'By the admin', url: 'https://blog.example/c' });
      expect(await store.namePage(SITE, '/p', { title: null }, T0 + 3)).toMatchObject({ title: 'Earlier' });
      expect(await store.namePage(SITE, '/fresh', { title: 'T', url: 'https://blog.example/fresh' }, T0 + 4)).toMatchObject({ title: 'T', url: 'https://blog.example/fresh', closed: false });
    });

    it('when an import brings a page’s title and link, then they win over any comment’s claim', async () => {
      await store.createComment(aComment({ page: '/post/', pageTitle: 'A reader’s claim', pageUrl: 'https://blog.example/claim', createdAt: T0 }));
      expect(await name(store, '/post/')).toEqual({ title: 'A reader’s claim', url: 'https://blog.example/claim' });
      const batch: ImportBatch = {
        site: SITE,
        dryRun: false,
        pages: [{ page: '/post/', title: 'مقال ووردبريس', url: 'https://blog.example/post/', closed: false, createdAt: T0 }],
        comments: [],
      };
      await store.importComments(batch);
      expect(await name(store, '/post/')).toEqual({ title: 'مقال ووردبريس', url: 'https://blog.example/post/' });
      await store.createComment(aComment({ page: '/post/', pageTitle: 'Earlier claim', createdAt: T0 - 5 }));
      expect(await name(store, '/post/')).toEqual({ title: 'مقال ووردبريس', url: 'https://blog.example/post/' });
    });
  });
}
