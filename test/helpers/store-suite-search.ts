import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredComment } from '../../server/domain/types.js';
import { commentMatches } from '../../server/search/match.js';
import { parseSearch } from '../../server/search/query.js';
import type { Store } from '../../server/store/port.js';
import { aComment, aSite, SITE, T0, type StoreHarness } from './store-fixtures.js';

/** Moderation search (issue 13 point 1): each adapter against the reference matcher in search/match.ts. */
export function describeSearch(current: () => StoreHarness): void {
  describe('search', () => {
    let store: Store;
    let all: StoredComment[];
    beforeEach(async () => {
      store = current().store;
      const texts = ['قرأتُ المقالةَ عن الإسلام', 'مقـــالة أخرى', 'nothing here', 'نعم ok', 'article ٢٠٢٦'];
      const ips = ['203.0.113.5', '2001:db8::7', '::ffff:203.0.113.9', '198.51.100.1', '203.0.114.1'];
      all = [];
      await store.ensureSite(aSite());
      await store.ensureSite(aSite({ id: 'elsewhere' }));
      for (let i = 0; i < 25; i++) {
        all.push(
          await store.createComment(
            aComment({
              page: `/p/${i % 3}`,
              authorName: i % 2 ? 'سارة' : 'Omar',
              authorEmail: i % 4 ? `user${i % 5}@example.com` : 'Sara@Example.com',
              content: `${texts[i % 5]} ${i}`,
              ip: ips[i % 5]!,
              status: (['pending', 'approved', 'spam', 'trash'] as const)[i % 4],
              pageUrl: `https://blog.example/p/${i % 3}`,
              createdAt: T0 + i * 10,
            }),
          ),
        );
      }
      await store.createComment(aComment({ site: 'elsewhere', content: 'مقالة', createdAt: T0 + 1 }));
    });

    it.each([
      'مقالة',
      'الاسلام',
      'ok',
      '2026',
      'name:ساره',
      'email:sara@example.com',
      'ip:203.0.113.0/24',
      'ip:2001:db8::/32',
      'ip:198.51.100.1',
      'page:/p/1 status:spam',
      'url:https://blog.example/p/2',
      'url:https://blog.example/*',
      'status:pending status:trash',
      'مقالة ip:203.0.113.0/24',
      'nothing here',
      'absent',
    ])('when searching %s page by page, then every match comes newest first as the reference says', async (q) => {
      const expected = all
        .filter((c) => commentMatches(parseSearch({ site: SITE, q, before: null, limit: 7 }), c))
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .map((c) => c.id);
      const got: string[] = [];
      let before = null;
      for (let i = 0; i < 10; i++) {
        const page = await store.searchComments(parseSearch({ site: SITE, q, before, limit: 7 }));
        got.push(...page.comments.map((c) => c.id));
        before = page.next;
        if (!before) break;
      }
      expect(got).toEqual(expected);
      if (q === 'absent') expect(got).toEqual([]);
      if (q === 'مقالة') expect(got.length).toBeGreaterThan(5);
    });

    it('when a commenter is summed up, then names, IPs, span and counts cover their comments in any email case', async () => {
      const stats = await store.commenterStats(SITE, 'SARA@example.com');
      const theirs = all.filter((c) => c.authorEmail.toLowerCase() === 'sara@example.com');
      expect(stats.counts).toEqual({ pending: theirs.length, approved: 0, spam: 0, trash: 0 });
      expect(stats.firstAt).toBe(Math.min(...theirs.map((c) => c.createdAt)));
      expect(stats.lastAt).toBe(Math.max(...theirs.map((c) => c.createdAt)));
      expect(new Set(stats.names)).toEqual(new Set(theirs.map((c) => c.authorName)));
      expect(new Set(stats.ips)).toEqual(new Set(theirs.map((c) => c.ip)));
      expect(stats.ips[0]).toBe(theirs.sort((a, b) => b.createdAt - a.createdAt)[0]!.ip);
      expect((await store.commenterStats(SITE, 'nobody@example.com')).firstAt).toBeNull();
    });
  });
}
