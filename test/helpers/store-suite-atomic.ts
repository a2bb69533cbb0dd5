import { beforeEach, describe, expect, it } from 'vitest';
import type { NewComment } from '../../server/domain/types.js';
import type { InsertGuards, Store } from '../../server/store/port.js';
import { IDEMPOTENCY_LIMITS } from '../../server/store/port.js';
import { aComment, aSite, T0, type StoreHarness } from './store-fixtures.js';

const GUARDS: InsertGuards = { duplicate: true, floodWindowMs: 0 };

/**
 * Check-then-write decided by the store: guarded inserts, idempotency claims,
 * collation of names and texts, and one key per page. Races run on two store
 * instances over the same storage, as two server processes would.
 */
export function describeAtomicWrites(current: () => StoreHarness): void {
  describe('atomic writes', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    describe('insertComment guards', () => {
      it('when the same comment is inserted 12 times at once through two store instances, then exactly one is stored', async () => {
        const twin = await current().openTwin();
        const c = aComment({ page: '/race', content: 'نص واحد' });
        const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? twin : store).insertComment({ ...c }, GUARDS)));
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(outcomes.filter((o) => !o.ok && o.refusal === 'duplicate')).toHaveLength(11);
        expect((await store.countByStatus('blog')).approved).toBe(1);
      });

      it('when posts from one IP race inside the flood window, then one is stored and the rest learn when the first was', async () => {
        const twin = await current().openTwin();
        const guards = { duplicate: true, floodWindowMs: 15_000 };
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? twin : store).insertComment(aComment({ page: '/flood', content: `نص ${i}`, authorEmail: `p${i}@example.com`, createdAt: T0 + 100 + i }), guards),
          ),
        );
        const stored = outcomes.flatMap((o) => (o.ok ? [o.comment] : []));
        expect(stored).toHaveLength(1);
        const refusals = outcomes.flatMap((o) => (o.ok ? [] : [o]));
        expect(refusals).toEqual(Array(9).fill({ ok: false, refusal: 'flood', lastAt: stored[0]!.createdAt }));
      });

      it('when the same email posts from another IP inside the window, then it is flood; after the window, or with the guard off, it is stored', async () => {
        const guards = { duplicate: true, floodWindowMs: 15_000 };
        expect((await store.insertComment(aComment({ ip: '198.51.100.1', createdAt: T0 }), guards)).ok).toBe(true);
        const again = await store.insertComment(aComment({ ip: '198.51.100.2', content: 'آخر', createdAt: T0 + 14_999 }), guards);
        expect(again).toEqual({ ok: false, refusal: 'flood', lastAt: T0 });
        expect((await store.insertComment(aComment({ ip: '198.51.100.2', content: 'آخر', createdAt: T0 + 15_000 }), guards)).ok).toBe(true);
        expect((await store.insertComment(aComment({ content: 'ثالث', createdAt: T0 + 15_001 }), GUARDS)).ok).toBe(true);
      });

      it('when the twin is in the trash, then the same text may be posted again', async () => {
        const first = await store.insertComment(aComment({ page: '/t' }), GUARDS);
        if (!first.ok) throw new Error('first insert refused');
        await store.setStatus(first.comment.id, undefined, { at: T0, by: null, from: 'approved', to: 'trash' });
        expect((await store.insertComment(aComment({ page: '/t' }), GUARDS)).ok).toBe(true);
      });
    });

    describe('collation (utf8mb4_unicode_ci)', () => {
      const add = (o: Partial<NewComment>) => store.createComment(aComment(o));

      it('when a name differs only in case or tashkeel, then the author counts as previously approved; أ and ا stay distinct', async () => {
        await add({ authorName: 'Ahmed Ali', authorEmail: 'ahmed@example.com' });
        await add({ authorName: 'مُحَمَّد', authorEmail: 'm@example.com' });
        await add({ authorName: 'أسماء', authorEmail: 'a@example.com' });
        expect(await store.hasApproved('blog', 'ahmed ali', 'ahmed@example.com')).toBe(true);
        expect(await store.hasApproved('blog', 'AHMED ALI', 'Ahmed@Example.com')).toBe(true);
        expect(await store.hasApproved('blog', 'محمد', 'm@example.com')).toBe(true);
        expect(await store.hasApproved('blog', 'اسماء', 'a@example.com')).toBe(false);
        expect(await store.hasApproved('blog', 'Ahmed Alia', 'ahmed@example.com')).toBe(false);
      });

      it('when a text differs only in case or tashkeel from the same author on the same page, then it is a duplicate, also for the guard', async () => {
        await add({ page: '/c', authorName: 'Ahmed', content: 'Hello There Friends' });
        await add({ page: '/c', authorName: 'Ahmed', content: 'شُكْراً جَزِيلاً' });
        const q = { site: 'blog', page: '/c', parentId: null, name: 'ahmed', email: 'layla@example.com' };
        expect(await store.findDuplicate({ ...q, content: 'hello there friends' })).not.toBeNull();
        expect(await store.findDuplicate({ ...q, content: 'شكرا جزيلا' })).not.toBeNull();
        expect(await store.findDuplicate({ ...q, content: 'شكرا جزيلا!' })).toBeNull();
        const guarded = await store.insertComment(aComment({ page: '/c', authorName: 'AHMED', content: 'HELLO THERE FRIENDS' }), GUARDS);
        expect(guarded).toEqual({ ok: false, refusal: 'duplicate' });
      });
    });

    describe('page keys', () => {
      it('when a comment is stored under the percent-encoded spelling, then the decoded spelling reads, counts and finds it', async () => {
        const decoded = '/2026/مقال-x';
        await store.touchPage({ site: 'blog', page: encodeURI(decoded), createdAt: T0 });
        const c = await store.createComment(aComment({ page: encodeURI(decoded), pageTitle: 'مقال' }));
        expect(c.page).toBe(decoded);
        expect((await store.getPage('blog', decoded))?.title).toBe('مقال');
        expect((await store.countVisible('blog', [decoded]))[decoded]).toBe(1);
        expect((await store.listVisible({ site: 'blog', page: encodeURI(decoded), after: null, limit: 10 })).total).toBe(1);
        expect((await store.setPageClosed('blog', encodeURI(decoded), true, T0)).page).toBe(decoded);
      });
    });

    describe('idempotency', () => {
      it('when a key is claimed twice, then the second sees the first claim; once completed it reads back; a released key can be claimed again', async () => {
        expect(await store.claimIdempotency('k1', 'h1', T0)).toEqual({ claimed: true });
        const second = await store.claimIdempotency('k1', 'h2', T0 + 1);
        expect(second).toMatchObject({ claimed: false, record: { key: 'k1', bodyHash: 'h1', status: 0 } });
        await store.completeIdempotency('k1', 201, '{"ok":1}');
        expect(await store.getIdempotency('k1', T0 + 2)).toEqual({ key: 'k1', bodyHash: 'h1', status: 201, response: '{"ok":1}', createdAt: T0 });
        expect(await store.claimIdempotency('k2', 'h', T0)).toEqual({ claimed: true });
        await store.releaseIdempotency('k2');
        expect(await store.getIdempotency('k2', T0)).toBeNull();
        expect(await store.claimIdempotency('k2', 'h', T0)).toEqual({ claimed: true });
      });

      it('when 10 claims of one key race through two store instances, then exactly one wins', async () => {
        const twin = await current().openTwin();
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? twin : store).claimIdempotency('race', `h${i}`, T0)));
        expect(results.filter((r) => r.claimed)).toHaveLength(1);
      });

      it('when a record is older than 24 h, then it reads as absent and can be claimed anew; a claim left running past the stale bound is taken over', async () => {
        await store.claimIdempotency('old', 'h1', T0);
        await store.completeIdempotency('old', 201, '{}');
        expect(await store.getIdempotency('old', T0 + IDEMPOTENCY_LIMITS.ttlMs - 1)).not.toBeNull();
        expect(await store.getIdempotency('old', T0 + IDEMPOTENCY_LIMITS.ttlMs)).toBeNull();
        expect(await store.claimIdempotency('old', 'h2', T0 + IDEMPOTENCY_LIMITS.ttlMs)).toEqual({ claimed: true });

        await store.claimIdempotency('dead', 'h1', T0);
        expect((await store.claimIdempotency('dead', 'h1', T0 + 1000)).claimed).toBe(false);
        expect(await store.claimIdempotency('dead', 'h1', T0 + IDEMPOTENCY_LIMITS.claimStaleMs)).toEqual({ claimed: true });
      });

      it('when thousands of keys are stored, then a sweep deletes the expired ones and keeps only the newest up to the bound', async () => {
        const limits = { ttlMs: IDEMPOTENCY_LIMITS.ttlMs, maxEntries: 500 };
        for (let i = 0; i < 2000; i++) {
          await store.claimIdempotency(`key-${i}`, 'h', T0 + i);
          await store.completeIdempotency(`key-${i}`, 201, '{}');
        }
        const now = T0 + 2000;
        expect(await store.sweepIdempotency(now, limits)).toBe(1500);
        expect(await store.getIdempotency('key-1499', now)).toBeNull();
        expect(await store.getIdempotency('key-1500', now)).not.toBeNull();
        expect(await store.getIdempotency('key-1999', now)).not.toBeNull();
        expect(await store.sweepIdempotency(now, limits)).toBe(0);
        // A day later every one of them has expired.
        expect(await store.sweepIdempotency(T0 + 1999 + IDEMPOTENCY_LIMITS.ttlMs, limits)).toBe(500);
      }, 60_000);
    });
  });
}
