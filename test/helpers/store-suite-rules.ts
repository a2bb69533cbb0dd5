import { beforeEach, describe, expect, it } from 'vitest';
import type { ModerationRule } from '../../server/rules/types.js';
import type { Store } from '../../server/store/port.js';
import { SITE, T0, type StoreHarness } from './store-fixtures.js';

const aRule = (over: Partial<ModerationRule> = {}): ModerationRule => ({
  id: `r-${Math.random().toString(36).slice(2)}`,
  site: SITE,
  kind: 'email',
  value: 'troll@example.com',
  action: 'block',
  note: null,
  expiresAt: null,
  createdAt: T0,
  createdBy: { id: 'm1', name: 'هدى' },
  ...over,
});

/** Trust/hold/block rules (issue 13 point 3). */
export function describeRules(current: () => StoreHarness): void {
  describe('moderation rules', () => {
    let store: Store;
    beforeEach(() => {
      store = current().store;
    });

    it('when rules are saved, then they list per site newest first, read back whole and delete by id', async () => {
      const a = await store.saveRule(aRule({ id: 'ra', createdAt: T0 + 1, note: 'شتائم' }));
      expect(a.created).toBe(true);
      await store.saveRule(aRule({ id: 'rb', kind: 'ip', value: '2001:db8::/32', action: 'hold', createdAt: T0 + 2, expiresAt: T0 + 1e9 }));
      await store.saveRule(aRule({ id: 'rc', site: 'other', createdAt: T0 + 3 }));
      const list = await store.listRules(SITE, T0);
      expect(list.map((r) => r.id)).toEqual(['rb', 'ra']);
      expect(list[1]).toEqual(aRule({ id: 'ra', createdAt: T0 + 1, note: 'شتائم' }));
      expect(await store.getRule('rb')).toMatchObject({ kind: 'ip', value: '2001:db8::/32', action: 'hold', expiresAt: T0 + 1e9 });
      expect(await store.deleteRule('ra')).toBe(true);
      expect(await store.deleteRule('ra')).toBe(false);
      expect(await store.getRule('ra')).toBeNull();
    });

    it('when a rule has expired, then it is not listed', async () => {
      await store.saveRule(aRule({ id: 'old', expiresAt: T0 + 10 }));
      expect((await store.listRules(SITE, T0 + 9)).map((r) => r.id)).toEqual(['old']);
      expect(await store.listRules(SITE, T0 + 10)).toEqual([]);
    });

    it('when the same match is saved twice (even at once), then one rule remains with the newer action and the first id', async () => {
      const [x, y] = await Promise.all([store.saveRule(aRule({ id: 'x1', action: 'trust' })), store.saveRule(aRule({ id: 'x2', action: 'trust' }))]);
      expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
      const again = await store.saveRule(aRule({ id: 'x3', action: 'block', note: 'changed mind' }));
      expect(again.created).toBe(false);
      const list = await store.listRules(SITE, T0);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: x.created ? 'x1' : 'x2', action: 'block', note: 'changed mind' });
    });

    it('when audit entries are appended, then they list newest first per site or all, with a cursor', async () => {
      const e = (id: string, at: number, site: string | null) => ({ id, at, by: { id: 'm1', name: 'هدى' }, site, action: 'rule.add', target: 't', before: null, after: { n: at } });
      await store.appendAudit(e('a1', T0 + 1, SITE));
      await store.appendAudit(e('a2', T0 + 2, null));
      await store.appendAudit(e('a3', T0 + 3, SITE));
      await store.appendAudit(e('a4', T0 + 3, SITE));
      const first = await store.listAudit({ site: SITE, before: null, limit: 2 });
      expect(first.entries.map((x) => x.id)).toEqual(['a4', 'a3']);
      expect(first.entries[0]).toEqual(e('a4', T0 + 3, SITE));
      const second = await store.listAudit({ site: SITE, before: first.next, limit: 2 });
      expect(second.entries.map((x) => x.id)).toEqual(['a1']);
      expect(second.next).toBeNull();
      expect((await store.listAudit({ before: null, limit: 10 })).entries.map((x) => x.id)).toEqual(['a4', 'a3', 'a2', 'a1']);
    });
  });
}
