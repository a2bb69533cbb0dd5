import { beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxItem } from '../../server/outbox/types.js';
import { OUTBOX_RETRY_WINDOW_MS } from '../../server/outbox/types.js';
import type { Store } from '../../server/store/port.js';
import { aComment, anEntry, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

const item = (over: Partial<NewOutboxItem> = {}): NewOutboxItem => ({ kind: 'mail', site: SITE, payload: { to: 'x@example.com', n: 1 }, createdAt: T0, ...over });

/** Notification storage conformance (issue 12): outbox leases, same-step writes, quotas, webhooks, subscriptions. */
export function describeNotify(current: () => StoreHarness): void {
  describe('notifications', () => {
    let store: Store;
    beforeEach(async () => {
      store = current().store;
      await store.ensureSite(aSite());
    });

    describe('outbox', () => {
      it('when items are enqueued, then a claim leases the due ones, oldest first, counting the attempt', async () => {
        await store.notify.enqueue([item({ id: 'b', runAt: T0 + 2 }), item({ id: 'a', runAt: T0 + 1 }), item({ id: 'later', runAt: T0 + 1000 })]);
        const got = await store.notify.claim({ owner: 'w1', now: T0 + 10, leaseMs: 500, limit: 10 });
        expect(got.map((i) => i.id)).toEqual(['a', 'b']);
        expect(got[0]).toMatchObject({ kind: 'mail', site: SITE, payload: { to: 'x@example.com', n: 1 }, status: 'pending', attempts: 1, leaseOwner: 'w1', leaseUntil: T0 + 510, deadline: T0 + 1 + OUTBOX_RETRY_WINDOW_MS });
        // Leased: another worker gets nothing until the lease ends.
        expect(await store.notify.claim({ owner: 'w2', now: T0 + 20, leaseMs: 500, limit: 10 })).toEqual([]);
        const after = await store.notify.claim({ owner: 'w2', now: T0 + 600, leaseMs: 500, limit: 1 });
        expect(after.map((i) => [i.id, i.attempts, i.leaseOwner])).toEqual([['a', 2, 'w2']]);
        // The first owner lost its lease: completing it fails, the new owner's succeeds.
        expect(await store.notify.complete('a', 'w1', T0 + 700)).toBe(false);
        expect(await store.notify.complete('a', 'w2', T0 + 700)).toBe(true);
        expect(await store.notify.getOutboxItem('a')).toMatchObject({ status: 'done', doneAt: T0 + 700, leaseOwner: null });
      });

      it('when two store handles claim at once, then no item is leased twice', async () => {
        const twin = await current().openTwin();
        await store.notify.enqueue(Array.from({ length: 30 }, (_, i) => item({ id: `i${String(i).padStart(2, '0')}` })));
        const rounds = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? twin : store).notify.claim({ owner: `w${i}`, now: T0 + 1, leaseMs: 60_000, limit: 7 })),
        );
        const ids = rounds.flat().map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(30);
      });

      it('when an item with a known key is enqueued again, then nothing new is stored', async () => {
        await store.notify.enqueue([item({ id: 'k1', key: 'confirm:s:1' })]);
        await store.notify.enqueue([item({ id: 'k2', key: 'confirm:s:1' }), item({ id: 'k3', key: 'other' })]);
        expect(await store.notify.getOutboxItem('k2')).toBeNull();
        expect(await store.notify.getOutboxItem('k3')).not.toBeNull();
      });

      it('when a leased event is expanded, then its children are stored and it is done; a second expansion changes nothing', async () => {
        await store.notify.enqueue([item({ id: 'ev', kind: 'event' })]);
        await store.notify.claim({ owner: 'w', now: T0, leaseMs: 1000, limit: 1 });
        const children = [item({ id: 'c1', key: 'ev:c1' }), item({ id: 'c2', key: 'ev:c2', kind: 'webhook', webhookId: 'wh1' })];
        expect(await store.notify.expand('ev', 'w', T0 + 1, children)).toBe(true);
        expect(await store.notify.expand('ev', 'w', T0 + 2, [item({ id: 'c3', key: 'ev:c3' })])).toBe(false);
        expect((await store.notify.getOutboxItem('ev'))!.status).toBe('done');
        expect(await store.notify.getOutboxItem('c3')).toBeNull();
        expect(await store.notify.getOutboxItem('c2')).toMatchObject({ kind: 'webhook', webhookId: 'wh1', status: 'pending' });
        expect((await store.notify.listDeliveries('wh1', 10)).map((d) => d.id)).toEqual(['c2']);
      });

      it('when an item is retried, failed and requeued, then it moves through pending, failed and pending again with the same id', async () => {
        await store.notify.enqueue([item({ id: 'r' })]);
        await store.notify.claim({ owner: 'w', now: T0, leaseMs: 1000, limit: 1 });
        expect(await store.notify.retryLater('r', 'w', T0 + 5000, 'HTTP 503')).toBe(true);
        expect(await store.notify.claim({ owner: 'w', now: T0 + 10, leaseMs: 1000, limit: 1 })).toEqual([]);
        const [again] = await store.notify.claim({ owner: 'w', now: T0 + 5000, leaseMs: 1000, limit: 1 });
        expect(again).toMatchObject({ id: 'r', attempts: 2, lastError: 'HTTP 503' });
        expect(await store.notify.fail('r', 'w', T0 + 6000, 'gave up')).toBe(true);
        expect(await store.notify.getOutboxItem('r')).toMatchObject({ status: 'failed', lastError: 'gave up', doneAt: T0 + 6000 });
        expect(await store.notify.pruneOutbox(T0 + 10_000_000)).toBe(0); // failed items stay
        const back = await store.notify.requeue('r', T0 + 7000, T0 + 7000 + OUTBOX_RETRY_WINDOW_MS);
        expect(back).toMatchObject({ id: 'r', status: 'pending', attempts: 0, runAt: T0 + 7000, doneAt: null });
        expect(await store.notify.requeue('r', T0 + 8000, T0)).toBeNull(); // already pending
        expect(await store.notify.requeue('missing', T0, T0)).toBeNull();
      });

      it('when done items are pruned, then only those finished before the cut go', async () => {
        await store.notify.enqueue([item({ id: 'old' }), item({ id: 'new' })]);
        await store.notify.claim({ owner: 'w', now: T0, leaseMs: 1000, limit: 2 });
        await store.notify.complete('old', 'w', T0 + 1);
        await store.notify.complete('new', 'w', T0 + 100);
        expect(await store.notify.pruneOutbox(T0 + 50)).toBe(1);
        expect(await store.notify.getOutboxItem('old')).toBeNull();
        expect(await store.notify.getOutboxItem('new')).not.toBeNull();
      });
    });

    describe('outbox items written with the change that caused them', () => {
      it('when a comment is created with outbox items, then both are stored; when the insert fails, neither is', async () => {
        const c = await store.createComment(aComment({ id: 'cmt1' }), { outbox: [item({ id: 'o1', kind: 'event', key: 'event:cmt1:v1' })] });
        expect(c.id).toBe('cmt1');
        expect(await store.notify.getOutboxItem('o1')).not.toBeNull();
        await expect(store.createComment(aComment({ id: 'cmt1' }), { outbox: [item({ id: 'o2', kind: 'event' })] })).rejects.toThrow();
        expect(await store.notify.getOutboxItem('o2')).toBeNull();
      });

      it('when a guarded insert stores the comment, then its outbox items are stored; when it is refused (duplicate, flood), then none is', async () => {
        const guards = { duplicate: true, floodWindowMs: 15_000 };
        const at = T0 + 1_000_000_000;
        const first = await store.insertComment(aComment({ id: 'g1', page: '/g', createdAt: at }), guards, { outbox: [item({ id: 'g1-ev', kind: 'event', key: 'event:g1:v1' })] });
        expect(first.ok).toBe(true);
        expect(await store.notify.getOutboxItem('g1-ev')).toMatchObject({ kind: 'event', key: 'event:g1:v1', status: 'pending' });
        const twin = await store.insertComment(aComment({ id: 'g2', page: '/g', createdAt: at + 60_000 }), guards, { outbox: [item({ id: 'g2-ev', kind: 'event' })] });
        expect(twin).toEqual({ ok: false, refusal: 'duplicate' });
        const flood = await store.insertComment(aComment({ id: 'g3', page: '/g', content: 'آخر', createdAt: at + 1 }), guards, { outbox: [item({ id: 'g3-ev', kind: 'event' })] });
        expect(flood).toEqual({ ok: false, refusal: 'flood', lastAt: at });
        expect(await store.notify.getOutboxItem('g2-ev')).toBeNull();
        expect(await store.notify.getOutboxItem('g3-ev')).toBeNull();
        expect(await store.getComment('g2')).toBeNull();
        expect(await store.getComment('g3')).toBeNull();
      });

      it('when the same comment is posted at once through two store handles, then one comment and one outbox event are stored', async () => {
        const other = await current().openTwin();
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 ? other : store).insertComment(aComment({ id: `r${i}`, page: '/race-outbox' }), { duplicate: true, floodWindowMs: 0 }, { outbox: [item({ id: `r${i}-ev`, kind: 'event' })] }),
          ),
        );
        const stored = outcomes.flatMap((o) => (o.ok ? [o.comment.id] : []));
        expect(stored).toHaveLength(1);
        const events = await Promise.all(Array.from({ length: 8 }, (_, i) => store.notify.getOutboxItem(`r${i}-ev`)));
        expect(events.flatMap((e) => (e ? [e.id] : []))).toEqual([`${stored[0]}-ev`]);
      });

      it('when a status change wins, then its outbox item is stored; when it loses (stale version), then none is', async () => {
        const c = await store.createComment(aComment({ status: 'pending' }));
        const won = await store.setStatus(c.id, 1, anEntry('pending', 'approved'), { outbox: [item({ id: 'won', kind: 'event' })] });
        expect(won.ok).toBe(true);
        expect(await store.notify.getOutboxItem('won')).not.toBeNull();
        const lost = await store.setStatus(c.id, 1, anEntry('pending', 'trash'), { outbox: [item({ id: 'lost', kind: 'event' })] });
        expect(lost.ok).toBe(false);
        expect(await store.notify.getOutboxItem('lost')).toBeNull();
      });
    });

    describe('quotas', () => {
      it('when a quota is taken from two handles at once, then exactly the cap succeeds; a new window starts afresh', async () => {
        const twin = await current().openTwin();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? twin : store).notify.takeQuota('reader:s1', T0, 5)));
        expect(results.filter(Boolean)).toHaveLength(5);
        expect(await store.notify.takeQuota('reader:s2', T0, 5)).toBe(true);
        expect(await store.notify.takeQuota('reader:s1', T0 + 3_600_000, 5)).toBe(true);
      });
    });

    describe('privacy (issue 13 point 7)', () => {
      it('when an address is forgotten, then every outbox item naming it (any case, any status, any field) and its reply watches go, and nothing else', async () => {
        await store.notify.enqueue([
          item({ id: 'to-her', payload: { to: 'Sara@Example.com', subject: 'رد', text: 'x' } }),
          item({ id: 'mod-mail', payload: { to: 'mod@example.com', subject: 's', text: 'البريد: sara@example.com', html: '<bdi>sara@example.com</bdi>' } }),
          item({ id: 'hook', kind: 'webhook', webhookId: 'w1', payload: { event: 'comment.created', body: JSON.stringify({ comment: { email: 'sara@example.com', ip: '203.0.113.9' } }) } }),
          item({ id: 'other', payload: { to: 'someone@example.com', text: 'لا شيء عن سارة' } }),
          item({ id: 'near', payload: { to: 'xsara@example.community', text: 'x' } }),
        ]);
        const [done] = await store.notify.claim({ owner: 'w', now: T0 + 1, leaseMs: 1000, limit: 1 });
        await store.notify.complete(done!.id, 'w', T0 + 2);
        await store.notify.addWatch({ commentId: 'c1', site: SITE, email: 'sara@example.com', threadId: 't1', createdAt: T0 });
        await store.notify.addWatch({ commentId: 'c2', site: SITE, email: 'other@example.com', threadId: 't1', createdAt: T0 });
        const out = await store.notify.forgetAddress('SARA@example.com');
        expect(out).toEqual({ outbox: 3, watches: 1 });
        for (const id of ['to-her', 'mod-mail', 'hook']) expect(await store.notify.getOutboxItem(id)).toBeNull();
        expect(await store.notify.getOutboxItem('other')).not.toBeNull();
        expect(await store.notify.getOutboxItem('near')).not.toBeNull();
        expect(await store.notify.getWatch('c1')).toBeNull();
        expect(await store.notify.getWatch('c2')).not.toBeNull();
      });

      it('when old outbox items are cleared for IP retention, then only the site\'s finished items created before the cutoff go', async () => {
        await store.notify.enqueue([
          item({ id: 'old-done', createdAt: T0 }),
          item({ id: 'old-failed', createdAt: T0 + 1 }),
          item({ id: 'old-pending', createdAt: T0 + 2, runAt: T0 + 10_000_000 }),
          item({ id: 'new-done', createdAt: T0 + 5000 }),
          item({ id: 'other-site', site: 'other', createdAt: T0 }),
        ]);
        const claimed = await store.notify.claim({ owner: 'w', now: T0 + 9000, leaseMs: 1000, limit: 10 });
        expect(claimed.map((i) => i.id).sort()).toEqual(['new-done', 'old-done', 'old-failed', 'other-site']);
        for (const id of ['old-done', 'new-done', 'other-site']) await store.notify.complete(id, 'w', T0 + 9001);
        await store.notify.fail('old-failed', 'w', T0 + 9001, 'refused');
        expect(await store.notify.clearOldOutbox(SITE, T0 + 1000)).toBe(2);
        expect(await store.notify.getOutboxItem('old-done')).toBeNull();
        expect(await store.notify.getOutboxItem('old-failed')).toBeNull();
        for (const id of ['old-pending', 'new-done', 'other-site']) expect(await store.notify.getOutboxItem(id)).not.toBeNull();
      });
    });

    describe('webhooks', () => {
      it('when webhooks are added, listed and removed, then each reads back whole and only on its site', async () => {
        const wh = { id: 'w1', site: SITE, url: 'https://hooks.example/x', events: ['comment.created'], private: true, secret: 'whsec_1', createdAt: T0 };
        expect(await store.notify.addWebhook(wh)).toEqual(wh);
        await store.notify.addWebhook({ ...wh, id: 'w2', private: false, createdAt: T0 + 1 });
        expect((await store.notify.listWebhooks(SITE)).map((w) => w.id)).toEqual(['w1', 'w2']);
        expect(await store.notify.listWebhooks('other')).toEqual([]);
        expect(await store.notify.getWebhook('w1')).toEqual(wh);
        expect(await store.notify.removeWebhook('other', 'w1')).toBe(false);
        expect(await store.notify.removeWebhook(SITE, 'w1')).toBe(true);
        expect(await store.notify.getWebhook('w1')).toBeNull();
      });
    });

    describe('reader subscriptions', () => {
      it('when a reader asks, confirms, unsubscribes and asks again later, then a confirmation is due only when new or reopened', async () => {
        const first = await store.notify.requestSubscription(SITE, 'r@example.com', T0, 'sub1');
        expect(first).toMatchObject({ confirm: true, subscriber: { id: 'sub1', state: 'unconfirmed', round: 1, email: 'r@example.com' } });
        expect((await store.notify.requestSubscription(SITE, 'r@example.com', T0 + 1, 'sub1b')).confirm).toBe(false);
        expect((await store.notify.confirmSubscriber('sub1', T0 + 2))!).toMatchObject({ state: 'confirmed', confirmedAt: T0 + 2 });
        expect((await store.notify.requestSubscription(SITE, 'r@example.com', T0 + 3, 'x')).confirm).toBe(false);
        expect((await store.notify.unsubscribe('sub1', T0 + 4))!).toMatchObject({ state: 'unsubscribed', unsubscribedAt: T0 + 4 });
        // A request older than the unsubscription does not reopen it; a newer one does, in a new round.
        expect((await store.notify.requestSubscription(SITE, 'r@example.com', T0 + 3, 'x')).confirm).toBe(false);
        const reopened = await store.notify.requestSubscription(SITE, 'r@example.com', T0 + 5, 'x');
        expect(reopened).toMatchObject({ confirm: true, subscriber: { id: 'sub1', state: 'unconfirmed', round: 2 } });
        expect(await store.notify.findSubscriber(SITE, 'r@example.com')).toEqual(reopened.subscriber);
        expect(await store.notify.findSubscriber('other', 'r@example.com')).toBeNull();
      });

      it('when two handles request the same new address at once, then one subscriber exists and one confirmation is due', async () => {
        const twin = await current().openTwin();
        const [a, b] = await Promise.all([store.notify.requestSubscription(SITE, 'same@example.com', T0, 'sa'), twin.notify.requestSubscription(SITE, 'same@example.com', T0, 'sb')]);
        expect([a.confirm, b.confirm].filter(Boolean)).toHaveLength(1);
        expect(a.subscriber.id).toBe(b.subscriber.id);
      });

      it('when watches and thread mutes are recorded twice, then the first stays and reads back', async () => {
        await store.notify.addWatch({ commentId: 'c1', site: SITE, email: 'r@example.com', threadId: 't1', createdAt: T0 });
        await store.notify.addWatch({ commentId: 'c1', site: SITE, email: 'other@example.com', threadId: 't9', createdAt: T0 + 1 });
        expect(await store.notify.getWatch('c1')).toEqual({ commentId: 'c1', site: SITE, email: 'r@example.com', threadId: 't1', createdAt: T0 });
        expect(await store.notify.getWatch('c2')).toBeNull();
        await store.notify.muteThread('s1', 't1', T0);
        await store.notify.muteThread('s1', 't1', T0 + 1);
        expect(await store.notify.isThreadMuted('s1', 't1')).toBe(true);
        expect(await store.notify.isThreadMuted('s1', 't2')).toBe(false);
      });
    });
  });
}
