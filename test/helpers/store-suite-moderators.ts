import { beforeEach, describe, expect, it } from 'vitest';
import type { Moderator } from '../../server/domain/types.js';
import type { Store } from '../../server/store/port.js';
import { T0, type StoreHarness } from './store-fixtures.js';

const aModerator = (over: Partial<Moderator> = {}): Moderator => ({
  id: `m-${Math.random().toString(36).slice(2)}`,
  email: 'mod@example.com',
  name: 'مشرف',
  role: 'moderator',
  sites: ['*'],
  passwordHash: 'scrypt$old',
  createdAt: T0,
  ...over,
});

/** Moderator accounts: listing, password change, removal with their sessions. */
export function describeModerators(current: () => StoreHarness): void {
  describe('moderators', () => {
    let store: Store;
    beforeEach(() => {
      store = current().store;
    });

    it('when moderators are listed, then all come back oldest first', async () => {
      await store.createModerator(aModerator({ id: 'b', email: 'b@example.com', createdAt: T0 + 2 }));
      await store.createModerator(aModerator({ id: 'a', email: 'a@example.com', createdAt: T0 + 1, role: 'admin' }));
      expect((await store.listModerators()).map((m) => [m.id, m.email, m.role])).toEqual([
        ['a', 'a@example.com', 'admin'],
        ['b', 'b@example.com', 'moderator'],
      ]);
    });

    it('when a password hash is replaced, then only that moderator changes; an unknown id is false', async () => {
      const m = await store.createModerator(aModerator({ id: 'p1', email: 'p1@example.com' }));
      await store.createModerator(aModerator({ id: 'p2', email: 'p2@example.com' }));
      expect(await store.setModeratorPassword(m.id, 'scrypt$new')).toBe(true);
      expect((await store.getModerator('p1'))!.passwordHash).toBe('scrypt$new');
      expect((await store.getModerator('p2'))!.passwordHash).toBe('scrypt$old');
      expect(await store.setModeratorPassword('nobody', 'x')).toBe(false);
    });

    it('when a moderator is deleted, then their sessions go too and others stay', async () => {
      await store.createModerator(aModerator({ id: 'd1', email: 'd1@example.com' }));
      await store.createModerator(aModerator({ id: 'd2', email: 'd2@example.com' }));
      await store.createSession({ id: 's1', moderatorId: 'd1', createdAt: T0, expiresAt: T0 + 1e9 });
      await store.createSession({ id: 's2', moderatorId: 'd2', createdAt: T0, expiresAt: T0 + 1e9 });
      expect(await store.deleteModerator('d1')).toBe(true);
      expect(await store.getModerator('d1')).toBeNull();
      expect(await store.findModeratorByEmail('d1@example.com')).toBeNull();
      expect(await store.getSession('s1', T0)).toBeNull();
      expect(await store.getSession('s2', T0)).not.toBeNull();
      expect(await store.deleteModerator('d1')).toBe(false);
    });

    it('when a moderator is given sites, a role or a name, then only those fields change and they read back; an unknown id is null', async () => {
      await store.createModerator(aModerator({ id: 'u1', email: 'u1@example.com', sites: ['news'] }));
      expect((await store.getModerator('u1'))!.sites).toEqual(['news']);
      const u = await store.updateModerator('u1', { sites: ['news', 'blog'] });
      expect(u).toMatchObject({ id: 'u1', email: 'u1@example.com', role: 'moderator', name: 'مشرف', sites: ['news', 'blog'], passwordHash: 'scrypt$old' });
      const v = await store.updateModerator('u1', { role: 'admin', name: 'هدى', email: 'Huda@Example.com' });
      expect(v).toMatchObject({ role: 'admin', name: 'هدى', email: 'huda@example.com', sites: ['news', 'blog'] });
      expect((await store.findModeratorByEmail('HUDA@example.com'))!.id).toBe('u1');
      expect((await store.listModerators()).find((m) => m.id === 'u1')!.sites).toEqual(['news', 'blog']);
      expect(await store.updateModerator('nobody', { name: 'x' })).toBeNull();
    });

    it('when a moderator takes an email another one has, then the update is refused', async () => {
      await store.createModerator(aModerator({ id: 'e1', email: 'e1@example.com' }));
      await store.createModerator(aModerator({ id: 'e2', email: 'e2@example.com' }));
      await expect(store.updateModerator('e2', { email: 'E1@example.com' })).rejects.toThrow();
      expect((await store.getModerator('e2'))!.email).toBe('e2@example.com');
    });
  });
}
