import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, emptyReports } from '../server/domain/types.js';

/** What a fresh comment holds of the readers' features (issue 14). */
const NO_READER_STATE = { likes: 0, featuredAt: null, deletedAt: null, reports: emptyReports() };
import type { Store } from '../server/store/port.js';
import { openStore } from '../server/store/index.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { aComment, anEntry, aSite, makeSqliteHarness, mongoHarness, T0, type MakeHarness, type StoreHarness } from './helpers/store-fixtures.js';
import { describeAtomicWrites } from './helpers/store-suite-atomic.js';
import { describeCounters } from './helpers/store-suite-counters.js';
import { describeModeration } from './helpers/store-suite-moderation.js';
import { describeModerators } from './helpers/store-suite-moderators.js';
import { describeRules } from './helpers/store-suite-rules.js';
import { describeSearch } from './helpers/store-suite-search.js';
import { describeDeletes } from './helpers/store-suite-delete.js';
import { describeThreads } from './helpers/store-suite-threads.js';
import { describeNotify } from './helpers/store-suite-notify.js'; // [notify]
import { describeImport } from './helpers/store-suite-import.js';
import { describeReaders } from './helpers/store-suite-readers.js';
import { describeThreadBytes } from './helpers/store-suite-thread-bytes.js';
import { describePageNames } from './helpers/store-suite-page-names.js';

/** The behaviour every Store adapter must have; each test gets fresh, empty storage. */
function conformance(name: string, make: MakeHarness): void {
  describe(`${name} store`, () => {
    let harness: StoreHarness;
    let store: Store;
    beforeEach(async () => {
      harness = await make();
      store = harness.store;
    });
    afterEach(async () => harness.dispose());

    describe('sites', () => {
      it('when a site is ensured twice, then the first version is kept', async () => {
        const first = await store.ensureSite(aSite({ origins: ['https://a.example'] }));
        const again = await store.ensureSite(aSite({ origins: ['https://b.example'], createdAt: T0 + 5 }));
        expect(again).toEqual(first);
        expect(first.origins).toEqual(['https://a.example']);
      });

      it('when origins and settings are changed, then the site reads back changed; an unknown site gives null', async () => {
        await store.ensureSite(aSite());
        await store.setSiteOrigins('blog', ['https://x.example', 'https://y.example']);
        const settings = { ...DEFAULT_SETTINGS, holdAll: true, moderationKeys: ['كلمة'] };
        const updated = await store.setSiteSettings('blog', settings);
        expect(updated).toEqual({ id: 'blog', origins: ['https://x.example', 'https://y.example'], settings, createdAt: T0 });
        expect(await store.getSite('blog')).toEqual(updated);
        expect(await store.getSite('nope')).toBeNull();
        expect(await store.setSiteOrigins('nope', [])).toBeNull();
        expect(await store.setSiteSettings('nope', settings)).toBeNull();
      });

      it('when sites are listed, then all come ordered by id', async () => {
        for (const id of ['zeta', 'alpha', 'mid']) await store.ensureSite(aSite({ id }));
        expect((await store.listSites()).map((s) => s.id)).toEqual(['alpha', 'mid', 'zeta']);
      });
    });

    describe('pages', () => {
      beforeEach(async () => void (await store.ensureSite(aSite())));

      it('when a page is touched, then it exists open and unnamed; touching it again changes nothing', async () => {
        const first = await store.touchPage({ site: 'blog', page: '/p', createdAt: T0 });
        expect(first).toEqual({ site: 'blog', page: '/p', title: null, url: null, closed: false, createdAt: T0 });
        await store.setPageClosed('blog', '/p', true, T0 + 1);
        expect(await store.touchPage({ site: 'blog', page: '/p', createdAt: T0 + 9 })).toEqual({ ...first, closed: true });
        expect(await store.getPage('blog', '/unknown')).toBeNull();
      });

      it('when a page is closed and reopened, then it reads back so; closing an unseen page creates it closed', async () => {
        await store.touchPage({ site: 'blog', page: '/p', createdAt: T0 });
        await store.namePage('blog', '/p', { title: 'عنوان' }, T0);
        expect(await store.setPageClosed('blog', '/p', true, T0 + 1)).toMatchObject({ closed: true, title: 'عنوان', createdAt: T0 });
        expect((await store.setPageClosed('blog', '/p', false, T0 + 2)).closed).toBe(false);
        expect(await store.setPageClosed('blog', '/new', true, T0 + 3)).toEqual({
          site: 'blog', page: '/new', title: null, url: null, closed: true, createdAt: T0 + 3,
        });
      });
    });

    describe('page keys', () => {
      beforeEach(async () => void (await store.ensureSite(aSite())));

      it('when a key holds a raw control character, then every write and read takes it as its escaped spelling', async () => {
        await store.setPageClosed('blog', '\u0001/s', true, T0);
        const c = await store.createComment(aComment({ page: '%01/s' }));
        await store.createComment(aComment({ page: '\u0001/s', parentId: c.id, content: 'رد' }));
        expect(c.page).toBe('%01/s');
        expect(await store.getPage('blog', '%01/s')).toMatchObject({ page: '%01/s', closed: true });
        expect(await store.countVisible('blog', ['\u0001/s'])).toEqual({ '%01/s': 2 });
        expect((await store.listVisible({ site: 'blog', page: '\u0001/s', after: null, limit: 10 })).total).toBe(2);
      });
    });

    describe('comments', () => {
      beforeEach(async () => void (await store.ensureSite(aSite())));

      it('when a comment is created, then it reads back whole, at version 1 with no history', async () => {
        const input = aComment({ authorUrl: 'https://layla.example', reasons: [{ code: 'links', params: { count: 3 } }], pageTitle: 'مقال', pageUrl: 'https://blog.example/a' });
        const created = await store.createComment(input);
        expect(created).toEqual({ ...input, id: created.id, version: 1, history: [], prevStatus: null, editedAt: null, ...NO_READER_STATE });
        expect(await store.getComment(created.id)).toEqual(created);
        expect(await store.getComment('missing')).toBeNull();
      });

      it('when ids are generated, then they are distinct and later ones sort after earlier ones', async () => {
        const a = await store.createComment(aComment());
        await new Promise((r) => setTimeout(r, 2));
        const b = await store.createComment(aComment());
        expect(a.id < b.id).toBe(true);
        const given = await store.createComment(aComment({ id: 'imported-42' }));
        expect(given.id).toBe('imported-42');
      });
    });

    describeThreads(() => harness);
    describeModeration(() => harness);
    describeModerators(() => harness);
    describeRules(() => harness);
    describeSearch(() => harness);
    describeDeletes(() => harness);
    describeAtomicWrites(() => harness);
    describeCounters(() => harness);
    describeNotify(() => harness); // [notify]
    describeImport(() => harness);
    describeReaders(() => harness); // issue 14
    describeThreadBytes(() => harness); // issue 10
    describePageNames(() => harness);

    describe('moderators and sessions', () => {
      const mod = { id: 'm1', email: 'Sara@Example.com', name: 'سارة', role: 'admin' as const, sites: ['*'], passwordHash: 'scrypt$x', createdAt: T0 };

      it('when a moderator is looked up by email in any case, then it is found', async () => {
        expect(await store.countModerators()).toBe(0);
        await store.createModerator(mod);
        const found = await store.findModeratorByEmail('SARA@example.COM');
        expect(found).toMatchObject({ id: 'm1', name: 'سارة', role: 'admin', passwordHash: 'scrypt$x' });
        expect(found?.email.toLowerCase()).toBe('sara@example.com');
        expect(await store.getModerator('m1')).toEqual(found);
        expect(await store.findModeratorByEmail('nobody@example.com')).toBeNull();
        expect(await store.countModerators()).toBe(1);
      });

      it('when a second moderator uses the same email in another case, then it is refused', async () => {
        await store.createModerator(mod);
        await expect(store.createModerator({ ...mod, id: 'm2', email: 'sara@example.com' })).rejects.toThrow();
        expect(await store.countModerators()).toBe(1);
      });

      it('when a session expires or is deleted, then it is gone; deleting one moderator\'s sessions spares others', async () => {
        await store.createModerator(mod);
        await store.createModerator({ ...mod, id: 'm2', email: 'omar@example.com' });
        const s = (id: string, moderatorId: string, expiresAt: number) => ({ id, moderatorId, createdAt: T0, expiresAt });
        for (const x of [s('a', 'm1', T0 + 100), s('b', 'm1', T0 + 100), s('c', 'm2', T0 + 100), s('old', 'm1', T0 + 10)]) {
          await store.createSession(x);
        }
        expect(await store.getSession('a', T0 + 50)).toEqual(s('a', 'm1', T0 + 100));
        expect(await store.getSession('old', T0 + 10)).toBeNull();
        expect(await store.getSession('missing', T0)).toBeNull();
        await store.deleteSession('a');
        expect(await store.getSession('a', T0)).toBeNull();
        await store.deleteSessionsOf('m1');
        expect(await store.getSession('b', T0)).toBeNull();
        expect(await store.getSession('c', T0)).not.toBeNull();
      });
    });

    describe('two server processes on the same storage', () => {
      it('when one writes, then the other reads it, and a race on one version has exactly one winner', async () => {
        const other = await harness.openTwin();
        await store.ensureSite(aSite());
        const c = await store.createComment(aComment({ status: 'pending' }));
        expect(await other.getComment(c.id)).toEqual(c);

        const results = await Promise.all([
          store.setStatus(c.id, 1, anEntry('pending', 'approved')),
          other.setStatus(c.id, 1, anEntry('pending', 'trash')),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const winner = results.find((r) => r.ok)!.comment!;
        expect(await store.getComment(c.id)).toEqual(winner);
        expect(await other.getComment(c.id)).toEqual(winner);
      });
    });
  });
}

conformance('SQLite', makeSqliteHarness);

const mongoUri = process.env.MONGODB_URI;
if (!mongoUri) console.warn('MongoDB conformance suite NOT run: set MONGODB_URI to run it');
describe.skipIf(!mongoUri)('MongoDB (needs MONGODB_URI)', () => {
  conformance('MongoDB', mongoHarness(mongoUri ?? ''));
});

describe('openStore', () => {
  it('when no MongoDB URI is given, then it creates the data directory and a SQLite file that keeps data across reopening', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'majlis-open-'));
    const dataDir = path.join(root, 'nested', 'data');
    try {
      const first = await openStore({ dataDir });
      expect(first.kind).toBe('sqlite');
      await first.ensureSite(aSite());
      await first.close();
      expect(existsSync(path.join(dataDir, 'majlis.sqlite'))).toBe(true);

      const again = new SqliteStore(path.join(dataDir, 'majlis.sqlite'));
      await again.open();
      expect((await again.getSite('blog'))?.id).toBe('blog');
      await again.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
