import { beforeEach, describe, expect, it } from 'vitest';
import type { CommentStatus, ThreadSort } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import { pageJsonOf } from '../../server/store/thread-bytes.js';
import { aComment, anEntry, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

/**
 * Issue 10: readers' pages as thread bytes (readers-port.ts listThreadsJson). Whatever writes
 * came before, and whether the adapter answers from bytes it kept or builds them, the bytes
 * equal what listThreads' entries make (thread-bytes.ts pageJsonOf), and so do the cursors
 * and the total.
 */
export function describeThreadBytes(current: () => StoreHarness): void {
  describe('readers: thread bytes', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    it('when random writes of every kind change a page, then listThreadsJson equals listThreads as bytes after each, read twice (kept bytes too), in every order and page size', async () => {
      let seed = 20261130;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor((seed / 2 ** 31) * n); // the high bits: an LCG's low bits repeat with a short period
      };
      const page = '/tb';
      const ids: string[] = [];
      let t = T0;
      const by = { id: 'm1', name: 'مشرف' };
      const statuses: CommentStatus[] = ['approved', 'approved', 'approved', 'pending', 'spam', 'trash'];
      for (let i = 0; i < 12; i++) ids.push((await store.createComment(aComment({ page, status: 'approved', createdAt: (t += 1000) }))).id);
      const step = async () => {
        const id = ids[rnd(ids.length)]!;
        const c = (await store.getComment(id))!;
        switch (rnd(8)) {
          case 0: // a reply (approved or held) anywhere, or a new thread
          case 1: {
            const parentId = rnd(4) === 0 ? null : id;
            ids.push((await store.createComment(aComment({ page, parentId, status: statuses[rnd(4)]!, createdAt: (t += 1000) }))).id);
            break;
          }
          case 2: {
            const to = statuses[rnd(statuses.length)]!;
            await store.setStatus(id, undefined, { ...anEntry(c.status, to, (t += 10)), by: null });
            break;
          }
          case 3:
            await store.readers.setLike(id, `r${rnd(3)}`, rnd(3) > 0, (t += 10));
            break;
          case 4:
            await store.readers.setFeatured(id, undefined, (t += 10));
            break;
          case 5:
            await store.editComment(id, c.version, { content: `نص معدّل ${rnd(1000)}` }, { at: (t += 10), by });
            break;
          case 6:
            await store.readers.authorDelete(id, c.version, { at: (t += 10), entry: { ...anEntry(c.status, 'trash', t), by: null }, reason: { code: 'author_deleted' } });
            break;
          default:
            await store.anonymizeComment(id, 'مجهول', 'e'.repeat(32));
        }
      };
      const same = async () => {
        for (const sort of ['oldest', 'newest', 'popular'] as ThreadSort[]) {
          for (const limit of [3, 50]) {
            let after = null;
            for (let pageNo = 0; pageNo < 6; pageNo++) {
              const q = { site: SITE, page, sort, after, before: null, limit };
              const want = pageJsonOf(await store.readers.listThreads(q));
              const got = await store.readers.listThreadsJson(q);
              expect({ ids: got.ids, json: got.json.toString('utf8'), tags: got.tags }).toEqual({ ids: want.ids, json: want.json.toString('utf8'), tags: want.tags });
              expect({ next: got.next, prev: got.prev, total: got.total }).toEqual({ next: want.next, prev: want.prev, total: want.total });
              if (!got.next) break;
              after = got.next;
            }
          }
        }
      };
      for (let i = 0; i < 40; i++) {
        await step();
        await same();
        // kept bytes are written after the read answers (a group commit): let it land, then read them
        await new Promise((resolve) => setTimeout(resolve, 5));
        await same();
      }
    });

    it('when a thread changes after a read built its bytes and before they are kept, then those stale bytes are never served', async () => {
      const page = '/tb-race';
      const a = await store.createComment(aComment({ page, status: 'approved', createdAt: T0 }));
      const q = { site: SITE, page, sort: 'oldest' as ThreadSort, after: null, before: null, limit: 50 };
      // the read answers at once; keeping what it built waits for the next group commit
      await store.readers.listThreadsJson(q);
      await store.readers.setLike(a.id, 'r1', true, T0 + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (let i = 0; i < 2; i++) {
        const got = await store.readers.listThreadsJson(q);
        expect(got.json.toString('utf8')).toContain('"likes":1,');
        expect(got.tags).toEqual(pageJsonOf(await store.readers.listThreads(q)).tags);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
  });
}
