import { beforeEach, describe, expect, it } from 'vitest';
import type { CursorPos, NewComment, StoredComment } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import type { PublicEntry } from '../../server/domain/views.js';
import { publicBody } from '../../server/views.js';
import { aComment, aSite, type StoreHarness } from './store-fixtures.js';

/**
 * Reader-side conformance: threads, paging, counts. `current()` is the harness
 * of the running test (set up by the caller's beforeEach).
 */
export function describeThreads(current: () => StoreHarness): void {
  describe('threads', () => {
    let store: Store;
    const PAGE = '/2026/01/threads';
    const add = (o: Partial<NewComment>) => store.createComment(aComment({ page: PAGE, ...o }));
    const ids = (cs: StoredComment[]) => cs.map((c) => c.content);

    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    describe('listVisible', () => {
      it('when threads have replies nested three deep, then each thread comes whole, in order, a page of threads at a time', async () => {
        const a = await add({ content: 'A' });
        const b = await add({ content: 'B' });
        const a1 = await add({ content: 'A1', parentId: a.id });
        const a1x = await add({ content: 'A1x', parentId: a1.id });
        await add({ content: 'A1xy', parentId: a1x.id });
        const c = await add({ content: 'C' });
        await add({ content: 'B1', parentId: b.id });
        await add({ content: 'A2', parentId: a.id });
        await add({ content: 'C1', parentId: c.id });

        const first = await store.listVisible({ site: 'blog', page: PAGE, after: null, limit: 2 });
        expect(ids(first.comments)).toEqual(['A', 'A1', 'A1x', 'A1xy', 'A2', 'B', 'B1']);
        expect(first.total).toBe(9);
        expect(first.next).toEqual({ createdAt: b.createdAt, id: b.id });

        const second = await store.listVisible({ site: 'blog', page: PAGE, after: first.next, limit: 2 });
        expect(ids(second.comments)).toEqual(['C', 'C1']);
        expect(second.next).toBeNull();
        expect(second.total).toBe(9);
      });

      it('when a new thread is posted between two page fetches, then the next page neither repeats nor skips a thread', async () => {
        for (const name of ['T1', 'T2', 'T3']) await add({ content: name });
        const first = await store.listVisible({ site: 'blog', page: PAGE, after: null, limit: 2 });
        await add({ content: 'T4' });
        const second = await store.listVisible({ site: 'blog', page: PAGE, after: first.next, limit: 2 });
        expect([...ids(first.comments), ...ids(second.comments)]).toEqual(['T1', 'T2', 'T3', 'T4']);
        expect(second.next).toBeNull();
      });

      it('when threads share a timestamp, then the id breaks the tie and paging still visits each once', async () => {
        const at = Date.UTC(2026, 1, 1);
        for (const id of ['00c', '00a', '00b']) await add({ id, content: id, createdAt: at });
        const first = await store.listVisible({ site: 'blog', page: PAGE, after: null, limit: 2 });
        const second = await store.listVisible({ site: 'blog', page: PAGE, after: first.next, limit: 2 });
        expect([...ids(first.comments), ...ids(second.comments)]).toEqual(['00a', '00b', '00c']);
      });

      it('when replies are pending or spam, then they and everything under them stay hidden', async () => {
        const a = await add({ content: 'A' });
        const held = await add({ content: 'held', parentId: a.id, status: 'pending' });
        await add({ content: 'under held', parentId: held.id });
        await add({ content: 'spam', parentId: a.id, status: 'spam' });
        await add({ content: 'pending thread', status: 'pending' });
        const ok = await add({ content: 'A1', parentId: a.id });
        await add({ content: 'A1x', parentId: ok.id });

        const page = await store.listVisible({ site: 'blog', page: PAGE, after: null, limit: 10 });
        expect(ids(page.comments)).toEqual(['A', 'A1', 'A1x']);
        expect(page.comments.every((c) => c.status === 'approved')).toBe(true);
        expect(page.next).toBeNull();
        // the approved reply under the held one is not shown, so it is not counted either
        expect(page.total).toBe(3);
        expect(await store.countVisible('blog', [PAGE])).toEqual({ [PAGE]: 3 });
      });

      it('when the page has no approved comment, then the list is empty with total 0', async () => {
        await add({ status: 'pending' });
        expect(await store.listVisible({ site: 'blog', page: PAGE, after: null, limit: 5 })).toEqual({ comments: [], next: null, total: 0 });
        expect(await store.listVisible({ site: 'blog', page: '/nowhere', after: null, limit: 5 })).toEqual({ comments: [], next: null, total: 0 });
      });
    });

    describe('readers.listThreads reads only public fields', () => {
      const ENTRY_KEYS = ['createdAt', 'deletedAt', 'featuredAt', 'id', 'json', 'likes', 'parentId'];
      const entryOf = (c: StoredComment) => ({ id: c.id, parentId: c.parentId, createdAt: c.createdAt, likes: c.likes, featuredAt: c.featuredAt, deletedAt: c.deletedAt, body: publicBody(c) });
      const parsed = (e: PublicEntry) => {
        const { json, ...rest } = e;
        return { ...rest, body: JSON.parse(json.toString()) };
      };
      const read = (after: CursorPos | null, limit: number, page = PAGE) =>
        store.readers.listThreads({ site: 'blog', page, sort: 'oldest', after: after ? { ...after, likes: 0 } : null, before: null, limit });

      it('when a page is read for readers, then every page of threads equals listVisible with only the public fields, the body as its public JSON', async () => {
        const a = await add({ content: 'A https://a.example/x', authorUrl: 'https://a.example/' });
        const b = await add({ content: 'B' });
        const a1 = await add({ content: 'A1', parentId: a.id });
        await add({ content: 'A1x', parentId: a1.id, authorEmail: 'secret@private.example', ip: '192.0.2.7', userAgent: 'SecretAgent/1' });
        const held = await add({ content: 'held', parentId: b.id, status: 'pending' });
        await add({ content: 'under held', parentId: held.id });
        await add({ content: 'C', reasons: [{ code: 'first_comment' }] });
        await store.setStatus(b.id, undefined, { at: b.createdAt + 1, by: null, from: 'approved', to: 'pending' });
        await store.setStatus(b.id, undefined, { at: b.createdAt + 2, by: null, from: 'pending', to: 'approved' });
        await add({ content: 'elsewhere', page: '/other' });

        let after: CursorPos | null = null;
        for (let pages = 0; pages < 5; pages++) {
          const full = await store.listVisible({ site: 'blog', page: PAGE, after, limit: 1 });
          const pub = await read(after, 1);
          expect(pub.comments.map((c) => Object.keys(c).sort())).toEqual(pub.comments.map(() => ENTRY_KEYS));
          expect(pub.comments.map(parsed)).toEqual(full.comments.map(entryOf));
          expect(pub.total).toBe(full.total);
          expect(pub.next && { createdAt: pub.next.createdAt, id: pub.next.id }).toEqual(full.next);
          if (!full.next) break;
          after = full.next;
        }
        expect(after).not.toBeNull();
        const whole = await read(null, 10);
        expect(whole.comments.map((c) => JSON.parse(c.json.toString()).content)).toEqual(['A https://a.example/x', 'A1', 'A1x', 'B', 'C']);
        expect(JSON.parse(whole.comments[0]!.json.toString()).links).toEqual([{ start: 2, end: 21, href: 'https://a.example/x' }]);
        expect(JSON.stringify(whole.comments.map((c) => ({ ...c, json: c.json.toString() })))).not.toMatch(/secret@private|192\.0\.2\.7|SecretAgent/);
        expect(await read(null, 5, '/nowhere')).toEqual({ comments: [], next: null, prev: null, total: 0 });
      });
    });

    describe('countVisible', () => {
      it('when counts are asked for many pages, then each has its approved count and unknown pages have 0', async () => {
        await add({ page: '/one' });
        const top = await add({ page: '/one' });
        await add({ page: '/one', parentId: top.id });
        await add({ page: '/one', status: 'pending' });
        await add({ page: '/two' });
        await add({ page: '/two', status: 'trash' });
        await store.ensureSite(aSite({ id: 'other' }));
        await add({ site: 'other', page: '/three' });

        expect(await store.countVisible('blog', ['/one', '/two', '/three', '/unknown'])).toEqual({
          '/one': 3,
          '/two': 1,
          '/three': 0,
          '/unknown': 0,
        });
        expect(await store.countVisible('blog', [])).toEqual({});
      });
    });

    describe('the moderation queue', () => {
      it('when a status is listed, then it comes newest first, page by page, for that site and status only', async () => {
        const made: StoredComment[] = [];
        for (let i = 0; i < 5; i++) made.push(await add({ content: `p${i}`, status: 'pending' }));
        await add({ content: 'approved one' });
        await store.ensureSite(aSite({ id: 'other' }));
        await add({ site: 'other', status: 'pending' });

        const first = await store.listByStatus({ site: 'blog', status: 'pending', before: null, limit: 3 });
        expect(ids(first.comments)).toEqual(['p4', 'p3', 'p2']);
        expect(first.next).toEqual({ createdAt: made[2]!.createdAt, id: made[2]!.id });
        const second = await store.listByStatus({ site: 'blog', status: 'pending', before: first.next, limit: 3 });
        expect(ids(second.comments)).toEqual(['p1', 'p0']);
        expect(second.next).toBeNull();
      });

      it('when statuses are counted, then every status is present, zero included', async () => {
        await add({ status: 'pending' });
        await add({ status: 'pending' });
        await add({ status: 'spam' });
        await add({});
        expect(await store.countByStatus('blog')).toEqual({ pending: 2, approved: 1, spam: 1, trash: 0 });
        expect(await store.countByStatus('nobody')).toEqual({ pending: 0, approved: 0, spam: 0, trash: 0 });
      });
    });
  });
}
