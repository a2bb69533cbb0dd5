import { beforeEach, describe, expect, it } from 'vitest';
import type { NewComment } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import { aComment, anEntry, aSite, type StoreHarness } from './store-fixtures.js';

/** Moderation-side conformance: compare-and-set, author history, duplicates, flood. */
export function describeModeration(current: () => StoreHarness): void {
  describe('moderation', () => {
    let store: Store;
    const add = (o: Partial<NewComment> = {}) => store.createComment(aComment(o));

    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    describe('setStatus', () => {
      it('when the expected version matches, then status, version, prevStatus and history all move together', async () => {
        const c = await add({ status: 'pending' });
        const first = await store.setStatus(c.id, 1, anEntry('pending', 'approved', 10));
        expect(first.ok).toBe(true);
        expect(first.comment).toMatchObject({ status: 'approved', version: 2, prevStatus: 'pending' });

        const second = await store.setStatus(c.id, 2, anEntry('approved', 'trash', 20));
        expect(second.comment).toMatchObject({ status: 'trash', version: 3, prevStatus: 'approved' });
        expect(second.comment!.history).toEqual([anEntry('pending', 'approved', 10), anEntry('approved', 'trash', 20)]);
        expect(await store.getComment(c.id)).toEqual(second.comment);
      });

      it('when the expected version is stale, then nothing changes and the current comment comes back', async () => {
        const c = await add({ status: 'pending' });
        await store.setStatus(c.id, 1, anEntry('pending', 'approved'));
        const stale = await store.setStatus(c.id, 1, anEntry('pending', 'spam'));
        expect(stale.ok).toBe(false);
        expect(stale.comment).toMatchObject({ id: c.id, status: 'approved', version: 2 });
        expect((await store.getComment(c.id))!.history).toHaveLength(1);
      });

      it('when no version is given, then the change applies to whatever version is stored', async () => {
        const c = await add({ status: 'pending' });
        await store.setStatus(c.id, undefined, anEntry('pending', 'spam'));
        const result = await store.setStatus(c.id, undefined, anEntry('spam', 'pending'));
        expect(result).toMatchObject({ ok: true, comment: { status: 'pending', version: 3, prevStatus: 'pending' } });
      });

      it('when a comment goes approved → spam → trash, then prevStatus still remembers approved', async () => {
        const c = await add({ status: 'approved' });
        await store.setStatus(c.id, 1, anEntry('approved', 'spam'));
        const r = await store.setStatus(c.id, 2, anEntry('spam', 'trash'));
        expect(r).toMatchObject({ ok: true, comment: { status: 'trash', prevStatus: 'approved' } });
      });

      it('when a name is 245 astral characters (emoji), then it is stored whole', async () => {
        const name = '😀'.repeat(245);
        const c = await add({ authorName: name });
        expect((await store.getComment(c.id))!.authorName).toBe(name);
      });

      it('when the comment does not exist, then the answer is not ok with no comment', async () => {
        expect(await store.setStatus('missing', 1, anEntry('pending', 'approved'))).toEqual({ ok: false, comment: null });
      });

      it('when two moderators act on the same version at once, then exactly one wins', async () => {
        const c = await add({ status: 'pending' });
        const results = await Promise.all([
          store.setStatus(c.id, 1, anEntry('pending', 'approved')),
          store.setStatus(c.id, 1, anEntry('pending', 'spam')),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const stored = (await store.getComment(c.id))!;
        expect(stored.version).toBe(2);
        expect(stored.history).toHaveLength(1);
      });
    });

    describe('hasApproved', () => {
      it('when the same name and email have an approved comment on the site, then the author counts as approved', async () => {
        await add({ authorName: 'ليلى', authorEmail: 'layla@example.com' });
        expect(await store.hasApproved('blog', 'ليلى', 'layla@example.com')).toBe(true);
      });

      it('when only the email, only the name, another site or a pending comment matches, then the author does not count', async () => {
        await add({ authorName: 'ليلى', authorEmail: 'layla@example.com' });
        await add({ authorName: 'عمر', authorEmail: 'omar@example.com', status: 'pending' });
        expect(await store.hasApproved('blog', 'Someone else', 'layla@example.com')).toBe(false);
        expect(await store.hasApproved('blog', 'ليلى', 'other@example.com')).toBe(false);
        expect(await store.hasApproved('elsewhere', 'ليلى', 'layla@example.com')).toBe(false);
        expect(await store.hasApproved('blog', 'عمر', 'omar@example.com')).toBe(false);
      });
    });

    describe('findDuplicate', () => {
      const same = { page: '/dup', authorName: 'ليلى', authorEmail: 'layla@example.com', content: 'نفس النص' };
      const query = { site: 'blog', page: '/dup', parentId: null, name: 'ليلى', email: 'layla@example.com', content: 'نفس النص' };

      it('when the same comment exists as pending or spam, then it is a duplicate', async () => {
        const held = await add({ ...same, status: 'spam' });
        expect((await store.findDuplicate(query))?.id).toBe(held.id);
      });

      it('when the only copy is in the trash, or the parent or content differs, then it is not a duplicate', async () => {
        await add({ ...same, status: 'trash' });
        expect(await store.findDuplicate(query)).toBeNull();
        const top = await add({ ...same, content: 'أصل' });
        expect(await store.findDuplicate({ ...query, content: 'أصل', parentId: 'elsewhere' })).toBeNull();
        const reply = await add({ ...same, parentId: top.id });
        expect((await store.findDuplicate({ ...query, parentId: top.id }))?.id).toBe(reply.id);
      });
    });

    describe('lastCommentAt', () => {
      const since = Date.UTC(2027, 0, 1);

      it('when the same IP or the same email commented since the bound, then its newest time is returned', async () => {
        await add({ ip: '198.51.100.1', authorEmail: 'a@example.com', createdAt: since + 1000 });
        await add({ ip: '198.51.100.2', authorEmail: 'b@example.com', createdAt: since + 5000 });
        expect(await store.lastCommentAt({ site: 'blog', ip: '198.51.100.1', email: 'x@example.com', since })).toBe(since + 1000);
        expect(await store.lastCommentAt({ site: 'blog', ip: '192.0.2.9', email: 'b@example.com', since })).toBe(since + 5000);
        expect(await store.lastCommentAt({ site: 'blog', ip: '198.51.100.1', email: 'b@example.com', since })).toBe(since + 5000);
      });

      it('when the only comments are older than the bound or on another site, then there is none', async () => {
        await add({ ip: '198.51.100.3', authorEmail: 'c@example.com', createdAt: since - 1 });
        await store.ensureSite(aSite({ id: 'other' }));
        await add({ site: 'other', ip: '198.51.100.3', authorEmail: 'c@example.com', createdAt: since + 1 });
        expect(await store.lastCommentAt({ site: 'blog', ip: '198.51.100.3', email: 'c@example.com', since })).toBeNull();
      });
    });
  });
}
