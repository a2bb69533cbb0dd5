import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/port.js';
import { publicEntryJson, toPublic } from '../../server/views.js';
import { aComment, anEntry, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

/** Readers' features (issue 14): orders, permalinks, likes, reports, featured picks, the author's edit and delete. */
export function describeReaders(current: () => StoreHarness): void {
  describe('readers', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });
    const hold = (count: number) => ({ entry: { ...anEntry('approved', 'pending', T0 + 99), by: null }, reason: { code: 'reported', params: { count } } });
    const roots = (list: { comments: Array<{ id: string; parentId: string | null }> }) => list.comments.filter((c) => !c.parentId).map((c) => c.id);

    it('when public fields change by every kind of write, then the public JSON of listThreads and listFeatured equals toPublic of the stored comment', async () => {
      const page = '/pj';
      const by = { id: 'm1', name: 'مشرف' };
      const a = await store.createComment(aComment({ page, status: 'approved', createdAt: T0 + 1, content: 'أول https://a.example/x' }));
      const b = await store.createComment(aComment({ page, status: 'approved', createdAt: T0 + 2 }));
      const b1 = await store.createComment(aComment({ page, parentId: b.id, status: 'approved', createdAt: T0 + 3 }));
      const c = await store.createComment(aComment({ page, status: 'approved', createdAt: T0 + 4 }));
      const d = await store.createComment(aComment({ page, status: 'pending', createdAt: T0 + 5 }));
      const check = async () => {
        const list = await store.readers.listThreads({ site: SITE, page, sort: 'oldest', after: null, before: null, limit: 50 });
        const featured = await store.readers.listFeatured(SITE, page, 10);
        for (const e of [...list.comments, ...featured]) {
          const stored = (await store.getComment(e.id))!;
          expect(JSON.parse(publicEntryJson(e, true))).toEqual(toPublic(stored));
          expect(JSON.parse(publicEntryJson(e, false))).toEqual({ ...toPublic(stored), likes: 0 });
        }
        return list.comments.map((e) => e.id);
      };
      expect(await check()).toEqual([a.id, b.id, b1.id, c.id]);
      expect(await store.editComment(a.id, a.version, { content: 'معدّل www.example.org', authorName: 'اسم جديد', authorUrl: 'https://n.example/' }, { at: T0 + 10, by })).toMatchObject({ ok: true });
      expect(await store.anonymizeComment(c.id, 'مجهول', 'f'.repeat(32))).toBe(true);
      const bNow = (await store.getComment(b.id))!;
      expect(await store.readers.authorDelete(b.id, bNow.version, { at: T0 + 11, entry: { ...anEntry('approved', 'trash', T0 + 11), by: null }, reason: { code: 'author_deleted' } })).toMatchObject({ ok: true, placeholder: true });
      const b1Now = (await store.getComment(b1.id))!;
      expect(await store.readers.authorEdit(b1.id, b1Now.version, { content: 'ردّ معدّل', status: 'approved', reasons: [], at: T0 + 12, by: { id: 'author', name: 'x' } })).toMatchObject({ ok: true });
      await store.readers.setLike(b1.id, 'r1', true, T0 + 13);
      await store.readers.setFeatured(c.id, undefined, T0 + 14);
      await store.readers.setFeatured(b.id, undefined, T0 + 14);
      await store.setStatus(d.id, undefined, { at: T0 + 15, by: null, from: 'pending', to: 'approved' });
      expect(await check()).toEqual([a.id, b.id, b1.id, c.id, d.id]);
      const bAgain = (await store.getComment(b.id))!;
      await store.setStatus(b.id, bAgain.version, { at: T0 + 16, by: null, from: 'approved', to: 'approved' });
      await check();
    });

    it('when threads are listed in each order, forward and back, then each root comes once with its replies and the cursors meet', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.createComment(aComment({ page: '/o', status: 'approved', createdAt: T0 + i * 10 }))).id);
      const reply = await store.createComment(aComment({ page: '/o', parentId: ids[0]!, status: 'approved', createdAt: T0 + 100 }));
      await store.createComment(aComment({ page: '/o', status: 'pending', createdAt: T0 + 5 }));
      await store.readers.setLike(ids[3]!, 'r1', true, T0);
      await store.readers.setLike(ids[3]!, 'r2', true, T0);
      await store.readers.setLike(ids[1]!, 'r1', true, T0);
      const want = { oldest: ids, newest: [...ids].reverse(), popular: [ids[3]!, ids[1]!, ids[0]!, ids[2]!, ids[4]!] };
      for (const sort of ['oldest', 'newest', 'popular'] as const) {
        const q = { site: SITE, page: '/o', sort, before: null, limit: 2 };
        const p1 = await store.readers.listThreads({ ...q, after: null });
        expect(p1.prev).toBeNull();
        const p2 = await store.readers.listThreads({ ...q, after: p1.next });
        const p3 = await store.readers.listThreads({ ...q, after: p2.next });
        expect(p3.next).toBeNull();
        expect([...roots(p1), ...roots(p2), ...roots(p3)], sort).toEqual(want[sort]);
        const back = await store.readers.listThreads({ ...q, after: null, before: p3.prev });
        expect(roots(back), sort).toEqual(roots(p2));
        expect(back.next).toEqual(p2.next);
        expect(p1.total).toBe(6);
      }
      const from = await store.readers.listThreads({ site: SITE, page: '/o', sort: 'oldest', after: null, before: null, from: { createdAt: T0, id: ids[0]!, likes: 0 }, limit: 1 });
      expect(from.comments.map((c) => c.id)).toEqual([ids[0], reply.id]);
      expect(from.prev).toBeNull();
    });

    it('when one reader likes twice and another once, then likes is 2; unlike takes one back; a held comment cannot be liked', async () => {
      const c = await store.createComment(aComment({ status: 'approved' }));
      expect(await store.readers.setLike(c.id, 'r1', true, T0)).toMatchObject({ ok: true, changed: true, comment: { likes: 1 } });
      expect(await store.readers.setLike(c.id, 'r1', true, T0)).toMatchObject({ ok: true, changed: false, comment: { likes: 1 } });
      expect(await store.readers.setLike(c.id, 'r2', true, T0)).toMatchObject({ ok: true, changed: true, comment: { likes: 2 } });
      const racing = await Promise.all(Array.from({ length: 8 }, () => store.readers.setLike(c.id, 'r3', true, T0)));
      expect(racing.filter((r) => r.ok && r.changed)).toHaveLength(1);
      expect(await store.readers.setLike(c.id, 'r2', false, T0)).toMatchObject({ ok: true, changed: true, comment: { likes: 2 } });
      expect(await store.readers.setLike(c.id, 'r9', false, T0)).toMatchObject({ ok: true, changed: false, comment: { likes: 2 } });
      expect((await store.getComment(c.id))!.likes).toBe(2);
      const held = await store.createComment(aComment({ status: 'pending' }));
      expect(await store.readers.setLike(held.id, 'r1', true, T0)).toMatchObject({ ok: false });
      expect(await store.readers.setLike('nope', 'r1', true, T0)).toEqual({ ok: false, comment: null });
    });

    it('when distinct readers report up to the threshold, then it moves to pending once with the reason, counters follow, and clearing forgets them', async () => {
      const c = await store.createComment(aComment({ page: '/r', status: 'approved' }));
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v-r1', reason: 'spam', note: 'إعلان', at: T0 }, 2, hold)).toMatchObject({ ok: true, added: true, held: false });
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v-r1', reason: 'abuse', note: '', at: T0 }, 2, hold)).toMatchObject({ ok: true, added: false, held: false });
      const out = await store.readers.addReport({ commentId: c.id, reader: 'r2', voter: 'v-r2', reason: 'abuse', note: '', at: T0 }, 2, hold);
      expect(out).toMatchObject({ ok: true, added: true, held: true, comment: { status: 'pending' } });
      const now = (await store.getComment(c.id))!;
      expect(now.reports).toEqual({ count: 2, reasons: { spam: 1, abuse: 1, off_topic: 0, other: 0 }, notes: ['إعلان'] });
      expect(now.reasons).toContainEqual({ code: 'reported', params: { count: 2 } });
      expect(now.history.at(-1)).toMatchObject({ from: 'approved', to: 'pending', by: null });
      expect((await store.countVisible(SITE, ['/r']))['/r']).toBe(0);
      expect(await store.countByStatus(SITE)).toMatchObject({ approved: 0, pending: 1 });
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r3', voter: 'v-r3', reason: 'other', note: '', at: T0 }, 2, hold)).toMatchObject({ ok: false });
      const cleared = await store.readers.clearReports(c.id, now.version);
      expect(cleared).toMatchObject({ ok: true, comment: { version: now.version + 1, reports: { count: 0, notes: [] } } });
      expect(await store.readers.clearReports(c.id, now.version)).toMatchObject({ ok: false });
      await store.setStatus(c.id, undefined, anEntry('pending', 'approved'));
      // the same reader may report again after a dismissal
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v-r1', reason: 'spam', note: '', at: T0 }, 5, hold)).toMatchObject({ added: true, comment: { reports: { count: 1 } } });
    });

    it('when one network reports under many reader ids, then it counts once and cannot hold the comment; a second network can', async () => {
      const c = await store.createComment(aComment({ page: '/rv', status: 'approved' }));
      const from = (reader: string, voter: string) => store.readers.addReport({ commentId: c.id, reader, voter, reason: 'abuse', note: reader, at: T0 }, 2, hold);
      expect(await from('r1', 'net-a')).toMatchObject({ ok: true, added: true, held: false });
      for (const r of ['r2', 'r3', 'r4']) expect(await from(r, 'net-a')).toMatchObject({ ok: true, added: false, held: false });
      const racing = await Promise.all(['r5', 'r6', 'r7', 'r8'].map((r) => from(r, 'net-a')));
      expect(racing.filter((o) => o.ok && o.added)).toHaveLength(0);
      expect((await store.getComment(c.id))!).toMatchObject({ status: 'approved', reports: { count: 1, notes: ['r1'] } });
      expect(await from('r9', 'net-b')).toMatchObject({ ok: true, added: true, held: true, comment: { status: 'pending', reports: { count: 2 } } });
    });

    it('when a moderator approves a report-held comment, then its reports are forgotten and one more report does not hold it again', async () => {
      const c = await store.createComment(aComment({ page: '/ra', status: 'approved' }));
      await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v1', reason: 'spam', note: 'x', at: T0 }, 2, hold);
      const held = await store.readers.addReport({ commentId: c.id, reader: 'r2', voter: 'v2', reason: 'spam', note: '', at: T0 }, 2, hold);
      expect(held).toMatchObject({ held: true });
      const back = await store.setStatus(c.id, undefined, anEntry('pending', 'approved', T0 + 100));
      expect(back).toMatchObject({ ok: true, comment: { status: 'approved', reports: { count: 0, notes: [] } } });
      expect(back.ok && back.comment.reasons.map((r) => r.code)).not.toContain('reported');
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r3', voter: 'v3', reason: 'spam', note: '', at: T0 }, 2, hold)).toMatchObject({ added: true, held: false, comment: { status: 'approved', reports: { count: 1 } } });
      // the earlier reporters may report again: their reports were forgotten with the approval
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v1', reason: 'spam', note: '', at: T0 }, 3, hold)).toMatchObject({ added: true, held: false });
    });

    it('when a moderator approves an author-deleted comment, then it is restored (deletedAt cleared, author_deleted reason gone)', async () => {
      const c = await store.createComment(aComment({ page: '/rd', status: 'approved', content: 'باقٍ' }));
      const change = { at: T0 + 9, entry: { ...anEntry('approved', 'trash', T0 + 9), by: null }, reason: { code: 'author_deleted' } };
      expect(await store.readers.authorDelete(c.id, c.version, change)).toMatchObject({ ok: true, comment: { status: 'trash', deletedAt: T0 + 9 } });
      const back = await store.setStatus(c.id, undefined, anEntry('trash', 'approved', T0 + 20));
      expect(back).toMatchObject({ ok: true, comment: { status: 'approved', deletedAt: null, content: 'باقٍ' } });
      expect(back.ok && back.comment.reasons.map((r) => r.code)).not.toContain('author_deleted');
      expect((await store.readers.listRecent(SITE, '/rd', 10)).map((x) => x.id)).toEqual([c.id]);
      expect(await store.readers.setLike(c.id, 'r1', true, T0)).toMatchObject({ ok: true, changed: true });
    });

    it('when a comment is featured and unfeatured, then the version moves, featured lists follow, and a stale version is refused', async () => {
      const a = await store.createComment(aComment({ page: '/f', status: 'approved', createdAt: T0 + 1 }));
      const b = await store.createComment(aComment({ page: '/f', status: 'approved', createdAt: T0 + 2 }));
      expect(await store.readers.setFeatured(a.id, a.version, T0 + 10)).toMatchObject({ ok: true, comment: { featuredAt: T0 + 10, version: a.version + 1 } });
      await store.readers.setFeatured(b.id, undefined, T0 + 20);
      expect((await store.readers.listFeatured(SITE, '/f', 10)).map((c) => c.id)).toEqual([b.id, a.id]);
      expect(await store.readers.setFeatured(a.id, a.version, null)).toMatchObject({ ok: false, comment: { id: a.id } });
      await store.readers.setFeatured(a.id, undefined, null);
      expect((await store.readers.listFeatured(SITE, '/f', 10)).map((c) => c.id)).toEqual([b.id]);
      await store.setStatus(b.id, undefined, anEntry('approved', 'pending'));
      expect(await store.readers.listFeatured(SITE, '/f', 10)).toEqual([]);
    });

    it('when the author edits into a held status, then text, status, reasons, history and counters change together', async () => {
      const c = await store.createComment(aComment({ page: '/e', status: 'approved', content: 'قديم' }));
      const out = await store.readers.authorEdit(c.id, c.version, { content: 'جديد', status: 'pending', reasons: [{ code: 'links', params: { count: 3 } }], at: T0 + 5, by: { id: 'author', name: 'سارة' } });
      expect(out).toMatchObject({ ok: true, comment: { content: 'جديد', status: 'pending', editedAt: T0 + 5, reasons: [{ code: 'links', params: { count: 3 } }] } });
      expect((await store.listEdits(c.id)).map((e) => e.before)).toEqual([{ content: 'قديم' }]);
      expect((await store.countVisible(SITE, ['/e']))['/e']).toBe(0);
      expect(await store.readers.authorEdit(c.id, c.version, { content: 'x', status: 'approved', reasons: [], at: T0, by: { id: 'author', name: 'سارة' } })).toMatchObject({ ok: false });
    });

    it('when the author deletes, then a leaf goes to trash and a parent of approved replies stays as a placeholder; feeds skip both', async () => {
      const leaf = await store.createComment(aComment({ page: '/d', status: 'approved', createdAt: T0 + 1 }));
      const parent = await store.createComment(aComment({ page: '/d', status: 'approved', createdAt: T0 + 2 }));
      const reply = await store.createComment(aComment({ page: '/d', parentId: parent.id, status: 'approved', createdAt: T0 + 3 }));
      expect(await store.readers.hasApprovedReplies(parent.id)).toBe(true);
      const change = { at: T0 + 9, entry: { ...anEntry('approved', 'trash', T0 + 9), by: null }, reason: { code: 'author_deleted' } };
      const gone = await store.readers.authorDelete(leaf.id, leaf.version, change);
      expect(gone).toMatchObject({ ok: true, placeholder: false, comment: { status: 'trash', deletedAt: T0 + 9 } });
      const kept = await store.readers.authorDelete(parent.id, parent.version, change);
      expect(kept).toMatchObject({ ok: true, placeholder: true, comment: { status: 'approved', deletedAt: T0 + 9, version: parent.version + 1 } });
      expect(kept.ok && kept.comment.reasons).toContainEqual({ code: 'author_deleted' });
      expect(await store.readers.authorDelete(parent.id, parent.version + 1, change)).toMatchObject({ ok: false });
      const listed = await store.readers.listThreads({ site: SITE, page: '/d', sort: 'oldest', after: null, before: null, limit: 10 });
      expect(listed.comments.map((c) => c.id)).toEqual([parent.id, reply.id]);
      expect(listed.total).toBe(2);
      expect((await store.readers.listRecent(SITE, '/d', 50)).map((c) => c.id)).toEqual([reply.id]);
      expect((await store.readers.listRecent(SITE, null, 50)).map((c) => c.id)).toEqual([reply.id]);
      expect(await store.readers.setLike(parent.id, 'r1', true, T0)).toMatchObject({ ok: false });
    });

    it('when the author deletes a featured comment, as a placeholder or to trash, then it is featured no more, for moderators too', async () => {
      const parent = await store.createComment(aComment({ page: '/df', status: 'approved', createdAt: T0 + 1 }));
      await store.createComment(aComment({ page: '/df', parentId: parent.id, status: 'approved', createdAt: T0 + 2 }));
      const leaf = await store.createComment(aComment({ page: '/df', status: 'approved', createdAt: T0 + 3 }));
      for (const c of [parent, leaf]) expect(await store.readers.setFeatured(c.id, undefined, T0 + 5)).toMatchObject({ ok: true });
      const change = { at: T0 + 9, entry: { ...anEntry('approved', 'trash', T0 + 9), by: null }, reason: { code: 'author_deleted' } };
      for (const c of [parent, leaf]) {
        const now = (await store.getComment(c.id))!;
        expect(await store.readers.authorDelete(c.id, now.version, change)).toMatchObject({ ok: true, comment: { featuredAt: null } });
        expect((await store.getComment(c.id))!.featuredAt).toBeNull();
      }
      expect(await store.readers.listFeatured(SITE, '/df', 10)).toEqual([]);
    });

    it('when a featured reply loses an ancestor, then featured and recent lists drop it (and keep the limit) until the ancestor is back', async () => {
      const root = await store.createComment(aComment({ page: '/anc', status: 'approved', createdAt: T0 + 1 }));
      const mid = await store.createComment(aComment({ page: '/anc', parentId: root.id, status: 'approved', createdAt: T0 + 2 }));
      const deep = await store.createComment(aComment({ page: '/anc', parentId: mid.id, status: 'approved', createdAt: T0 + 3 }));
      const other = await store.createComment(aComment({ page: '/anc', status: 'approved', createdAt: T0 - 5 }));
      await store.readers.setFeatured(other.id, undefined, T0 + 10);
      await store.readers.setFeatured(deep.id, undefined, T0 + 20);
      await store.readers.setFeatured(mid.id, undefined, T0 + 30);
      expect((await store.readers.listFeatured(SITE, '/anc', 10)).map((c) => c.id)).toEqual([mid.id, deep.id, other.id]);
      await store.setStatus(root.id, undefined, anEntry('approved', 'trash'));
      expect((await store.readers.listFeatured(SITE, '/anc', 10)).map((c) => c.id)).toEqual([other.id]);
      // the limit counts what is shown, not what was read
      expect((await store.readers.listFeatured(SITE, '/anc', 1)).map((c) => c.id)).toEqual([other.id]);
      expect((await store.readers.listRecent(SITE, '/anc', 1)).map((c) => c.id)).toEqual([other.id]);
      expect((await store.readers.listRecent(SITE, null, 50)).map((c) => c.id)).not.toContain(deep.id);
      await store.setStatus(root.id, undefined, anEntry('trash', 'approved'));
      await store.setStatus(mid.id, undefined, anEntry('approved', 'pending'));
      expect((await store.readers.listFeatured(SITE, '/anc', 10)).map((c) => c.id)).toEqual([other.id]);
      expect((await store.readers.listRecent(SITE, '/anc', 50)).map((c) => c.id)).toEqual([root.id, other.id]);
      await store.setStatus(mid.id, undefined, anEntry('pending', 'approved'));
      expect((await store.readers.listRecent(SITE, '/anc', 50)).map((c) => c.id)).toEqual([deep.id, mid.id, root.id, other.id]);
    });

    it('when two author deletions race on one version, then exactly one wins, placeholder or trash', async () => {
      const parent = await store.createComment(aComment({ page: '/race', status: 'approved', createdAt: T0 + 1 }));
      await store.createComment(aComment({ page: '/race', parentId: parent.id, status: 'approved', createdAt: T0 + 2 }));
      const leaf = await store.createComment(aComment({ page: '/race', status: 'approved', createdAt: T0 + 3 }));
      const change = { at: T0 + 9, entry: { ...anEntry('approved', 'trash', T0 + 9), by: null }, reason: { code: 'author_deleted' } };
      for (const c of [parent, leaf]) {
        const outs = await Promise.all(Array.from({ length: 4 }, () => store.readers.authorDelete(c.id, c.version, change)));
        expect(outs.filter((o) => o.ok)).toHaveLength(1);
        const now = (await store.getComment(c.id))!;
        expect(now.reasons.filter((r) => r.code === 'author_deleted')).toHaveLength(1);
      }
    });

    it('when the author edits while a moderator moves the status, then one of them wins and the reasons are not overwritten after the fact', async () => {
      const c = await store.createComment(aComment({ page: '/race-e', status: 'approved' }));
      await store.setStatus(c.id, c.version, anEntry('approved', 'spam'));
      const out = await store.readers.authorEdit(c.id, c.version, { content: 'جديد', status: 'pending', reasons: [{ code: 'links', params: { count: 3 } }], at: T0, by: { id: 'author', name: 'سارة' } });
      expect(out).toMatchObject({ ok: false, comment: { status: 'spam' } });
      expect((await store.getComment(c.id))!.reasons).toEqual(c.reasons);
    });

    it('when a liked and reported comment is deleted for good, then its likes and reports go with it', async () => {
      const c = await store.createComment(aComment({ status: 'approved' }));
      await store.readers.setLike(c.id, 'r1', true, T0);
      await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v-r1', reason: 'spam', note: '', at: T0 }, 10, hold);
      await store.setStatus(c.id, undefined, anEntry('approved', 'trash'));
      expect(await store.deleteComment(c.id, ['trash'])).toMatchObject({ ok: true });
      expect(await store.getComment(c.id)).toBeNull();
      // a comment stored again under the same id starts with no likes and no reports
      await store.createComment({ ...aComment({ status: 'approved' }), id: c.id });
      expect(await store.readers.setLike(c.id, 'r1', true, T0)).toMatchObject({ ok: true, changed: true, comment: { likes: 1 } });
      expect(await store.readers.addReport({ commentId: c.id, reader: 'r1', voter: 'v-r1', reason: 'spam', note: '', at: T0 }, 10, hold)).toMatchObject({ added: true, comment: { reports: { count: 1 } } });
    });
  });
}
