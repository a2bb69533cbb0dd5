import { beforeEach, describe, expect, it } from 'vitest';
import { STATUSES, type CommentStatus, type StoredComment } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import { countVisibleByPage } from '../../server/store/threads.js';
import { aComment, anEntry, aSite, T0, type StoreHarness } from './store-fixtures.js';

/** A small seeded generator (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Counters kept with every write equal a full recount of what readers and
 * moderators can see, after any sequence of creations and status changes
 * (replies under hidden parents included).
 */
export function describeCounters(current: () => StoreHarness): void {
  describe('counters', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    /** Counts recomputed from the comments themselves, and what the store's counters and lists say. */
    async function compare(ids: string[], pages: string[]) {
      const all = (await Promise.all(ids.map((id) => store.getComment(id)))) as StoredComment[];
      const byStatus = Object.fromEntries(STATUSES.map((s) => [s, all.filter((c) => c.status === s).length]));
      const visible = countVisibleByPage(all.filter((c) => c.status === 'approved').map((c) => ({ page: c.page, id: c.id, parentId: c.parentId })));
      const expected = { byStatus, pages: Object.fromEntries(pages.map((p) => [p, visible.get(p) ?? 0])) };
      const lists = await Promise.all(pages.map((page) => store.listVisible({ site: 'blog', page, after: null, limit: 1000 })));
      const actual = {
        byStatus: { ...(await store.countByStatus('blog')) },
        pages: { ...(await store.countVisible('blog', pages)) },
      };
      expect(actual).toEqual(expected);
      // The thread total and the rows a reader is shown agree with the counter too.
      lists.forEach((l, i) => {
        expect(l.total).toBe(expected.pages[pages[i]!]);
        expect(l.comments).toHaveLength(l.total);
      });
    }

    for (const seed of [1, 2, 3, 4, 5, 6]) {
      it(`when a random sequence of posts, replies and decisions runs (seed ${seed}), then every counter equals a full recount`, async () => {
        const rnd = random(seed);
        const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
        const pages = ['/a', '/b', '/c'];
        const made: StoredComment[] = [];
        const twin = await current().openTwin();
        for (let step = 0; step < 120; step++) {
          const s = rnd() < 0.5 ? store : twin;
          const roll = rnd();
          if (roll < 0.25 || made.length === 0) {
            made.push(await s.createComment(aComment({ page: pick(pages), status: pick(STATUSES), createdAt: T0 + step })));
          } else if (roll < 0.5) {
            const parent = pick(made);
            made.push(await s.createComment(aComment({ page: parent.page, parentId: parent.id, status: pick(STATUSES), createdAt: T0 + step })));
          } else if (roll < 0.6) {
            const parent = pick(made);
            const guarded = await s.insertComment(
              aComment({ page: parent.page, parentId: parent.id, status: pick(STATUSES), content: `guarded ${step}`, createdAt: T0 + step }),
              { duplicate: true, floodWindowMs: 0 },
            );
            if (guarded.ok) made.push(guarded.comment);
          } else {
            const target = pick(made);
            const now = (await s.getComment(target.id))!;
            const to: CommentStatus = pick(STATUSES);
            // Half with the version read, half without (applied to whatever is stored).
            await s.setStatus(target.id, rnd() < 0.5 ? now.version : undefined, anEntry(now.status, to));
          }
        }
        await compare(
          made.map((c) => c.id),
          pages,
        );
        // A recount from the rows lands on the same numbers.
        await store.rebuildCounters('blog');
        await compare(
          made.map((c) => c.id),
          pages,
        );
      }, 60_000);
    }

    it('when one site\'s counters are rebuilt, then they equal its rows and other sites keep theirs', async () => {
      await store.ensureSite(aSite({ id: 'other' }));
      await store.createComment(aComment({ page: '/r', status: 'approved' }));
      await store.createComment(aComment({ site: 'other', page: '/r', status: 'pending' }));
      await store.rebuildCounters('blog');
      expect(await store.countByStatus('blog')).toEqual({ approved: 1, pending: 0, spam: 0, trash: 0 });
      expect(await store.countByStatus('other')).toEqual({ approved: 0, pending: 1, spam: 0, trash: 0 });
      await store.rebuildCounters();
      expect((await store.countVisible('blog', ['/r']))['/r']).toBe(1);
    });

    it('when counts move (a post, a decision, a deletion for good, a recount), then the counts version grows with each, in every process, and one version is one set of counts', async () => {
      await store.ensureSite(aSite({ id: 'other' }));
      const twin = await current().openTwin();
      const seen: Array<{ counts: Record<string, number>; version: number }> = [];
      const snap = async (s: Store = store) => {
        const got = await s.countsSnapshot('blog');
        expect(got.counts).toEqual(await s.countByStatus('blog'));
        seen.push(got);
        return got;
      };
      const start = await snap();
      const c = await store.createComment(aComment({ page: '/v', status: 'pending' }));
      const afterPost = await snap();
      expect(afterPost.version).toBeGreaterThan(start.version);
      // another process on the same storage: the same snapshot, and its writes move the same version
      expect(await twin.countsSnapshot('blog')).toEqual(afterPost);
      await twin.setStatus(c.id, c.version, anEntry('pending', 'spam'));
      const afterSpam = await snap();
      expect(afterSpam.version).toBeGreaterThan(afterPost.version);
      expect(afterSpam.counts).toMatchObject({ pending: start.counts.pending, spam: start.counts.spam + 1 });
      // a refused compare-and-set changes nothing, the version included
      expect((await store.setStatus(c.id, c.version, anEntry('pending', 'approved'))).ok).toBe(false);
      expect(await snap()).toEqual(afterSpam);
      expect((await store.deleteComment(c.id, ['spam', 'trash'])).ok).toBe(true);
      const afterDelete = await snap();
      expect(afterDelete.version).toBeGreaterThan(afterSpam.version);
      expect(afterDelete.counts).toEqual(start.counts);
      await store.rebuildCounters('blog');
      const afterRecount = await snap();
      expect(afterRecount.version).toBeGreaterThan(afterDelete.version);
      await store.rebuildCounters();
      expect((await snap()).version).toBeGreaterThan(afterRecount.version);
      // a site's writes move its own version only
      const otherBefore = await store.countsSnapshot('other');
      await store.createComment(aComment({ page: '/v', status: 'approved' }));
      expect(await store.countsSnapshot('other')).toEqual(otherBefore);
      expect((await snap()).version).toBeGreaterThan(afterRecount.version);
      // one version, one set of counts
      const byVersion = new Map<number, string>();
      for (const x of seen) {
        const key = JSON.stringify(x.counts);
        expect(byVersion.get(x.version) ?? key).toBe(key);
        byVersion.set(x.version, key);
      }
    });

    it('when an approved parent with approved replies is held and approved again, then the page count drops and returns by the whole subtree', async () => {
      const root = await store.createComment(aComment({ page: '/t', status: 'approved' }));
      const mid = await store.createComment(aComment({ page: '/t', parentId: root.id, status: 'approved' }));
      await store.createComment(aComment({ page: '/t', parentId: mid.id, status: 'approved' }));
      await store.createComment(aComment({ page: '/t', parentId: mid.id, status: 'pending' }));
      expect((await store.countVisible('blog', ['/t']))['/t']).toBe(3);
      await store.setStatus(mid.id, undefined, anEntry('approved', 'pending'));
      expect((await store.countVisible('blog', ['/t']))['/t']).toBe(1);
      await store.setStatus(mid.id, undefined, anEntry('pending', 'approved'));
      expect((await store.countVisible('blog', ['/t']))['/t']).toBe(3);
      expect(await store.countByStatus('blog')).toEqual({ approved: 3, pending: 1, spam: 0, trash: 0 });
    });
  });
}
