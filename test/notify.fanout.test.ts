import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentCreatedEvent, statusChangedEvent } from '../server/outbox/events.js';
import type { OutboxItem } from '../server/outbox/types.js';
import { fanOut, type FanOutContext } from '../server/notify/fanout.js';
import { aComment, anEntry, aSite, makeSqliteHarness, T0, type StoreHarness } from './helpers/store-fixtures.js';

/** The fan-out alone, on a real SQLite store, with events taken in the order a busy pair of workers might take them. */
describe('fan-out', () => {
  let h: StoreHarness;
  let ctx: FanOutContext;
  beforeEach(async () => {
    h = await makeSqliteHarness();
    await h.store.ensureSite(aSite());
    ctx = { store: h.store, secret: 'k'.repeat(64), publicUrl: 'https://comments.example', mailConfigured: true };
  });
  afterEach(async () => h.dispose());

  const asItem = (n: ReturnType<typeof commentCreatedEvent>): OutboxItem => ({
    id: `ev-${Math.random()}`, kind: n.kind, site: n.site, key: n.key ?? null, payload: n.payload, webhookId: null, status: 'pending',
    attempts: 1, runAt: n.createdAt, deadline: n.createdAt, createdAt: n.createdAt, leaseOwner: 'w', leaseUntil: null, lastError: null, doneAt: null,
  });

  it('when the approval is fanned out before the creation that recorded the watch, then the confirmation is still asked for', async () => {
    const c = await h.store.createComment(aComment({ status: 'pending', authorEmail: 'watcher@example.com' }));
    const approved = await h.store.setStatus(c.id, 1, anEntry('pending', 'approved', T0 + 5));
    const approval = await fanOut(ctx, asItem(statusChangedEvent(c, anEntry('pending', 'approved', T0 + 5))), T0 + 6);
    expect(approval.filter((x) => String(x.key).startsWith('confirm:'))).toHaveLength(0);
    const creation = await fanOut(ctx, asItem(commentCreatedEvent(c, true)), T0 + 7);
    const confirm = creation.filter((x) => String(x.key).startsWith('confirm:'));
    expect(confirm).toHaveLength(1);
    expect(confirm[0]!.payload).toMatchObject({ to: 'watcher@example.com', headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    expect(approved.ok).toBe(true);
    // Both orders store the same confirmation key, so a second pass adds nothing new.
    const again = await fanOut(ctx, asItem(statusChangedEvent(approved.comment!, anEntry('approved', 'approved', T0 + 8))), T0 + 9);
    expect(again.filter((x) => String(x.key).startsWith('confirm:'))).toHaveLength(0);
  });

  it('when a held comment is decided before its creation is fanned out, then no moderator mail is made for it', async () => {
    const c = await h.store.createComment(aComment({ status: 'pending' }));
    await h.store.setStatus(c.id, 1, anEntry('pending', 'trash', T0 + 5));
    const out = await fanOut(ctx, asItem(commentCreatedEvent(c, false)), T0 + 6);
    expect(out.filter((x) => String(x.key).startsWith('held:'))).toHaveLength(0);
  });

  it('when mail is not configured and the site has no webhook, then an event fans out to nothing without reading its comment', async () => {
    const c = await h.store.createComment(aComment({ status: 'pending' }));
    let reads = 0;
    const counting = new Proxy(h.store, {
      get: (target, prop, receiver) => (prop === 'getComment' ? (id: string) => (reads++, target.getComment(id)) : Reflect.get(target, prop, receiver)),
    });
    const noMail = { ...ctx, store: counting, mailConfigured: false };
    expect(await fanOut(noMail, asItem(commentCreatedEvent(c, true)), T0 + 6)).toEqual([]);
    expect(reads).toBe(0);
    // with a webhook, the comment is read and delivered as before
    await h.store.notify.addWebhook({ id: 'wh1', site: c.site, url: 'https://hooks.example/x', events: ['comment.created'], private: false, secret: 's', createdAt: T0 });
    const out = await fanOut(noMail, asItem(commentCreatedEvent(c, false)), T0 + 7);
    expect(out.map((x) => x.kind)).toEqual(['webhook']);
    expect(reads).toBe(1);
  });
});
