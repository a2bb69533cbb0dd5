import { rmSync } from 'node:fs';
import { storeAtVersion } from './helpers/old-store.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorKey, duplicateKey } from '../server/moderation/collate.js';
import { writeExport } from '../server/export/run-export.js';
import { rebuildCounters } from '../server/store/sqlite-counters.js';
import { SqliteStore } from '../server/store/sqlite.js';
import type { Store } from '../server/store/port.js';
import { allComments, DISQUS_FIXTURE, importText, readFixture, tempStore } from './helpers/import.js';

// Retention empties a bin by when each comment entered it (its last history entry, else its
// date). An imported comment in a bin says when it went there, or a purge a minute after the
// first start deleted every old imported trash, and importing the file again brought it back.

/** When the imports here run (WordPress binned 13 and 59 a day before). */
const IMPORTED_AT = Date.UTC(2026, 10, 30, 13);
/** _wp_trash_meta_time of comments 13 and 59 in the real export (seconds). */
const WP_TRASHED_AT = 1795957653_000;
const DAY = 86_400_000;

describe('imported comments in a bin', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await tempStore()));
  afterEach(async () => dispose());

  it("when WordPress's trash is imported, then each comment entered the bin when _wp_trash_meta_time says, else at the import, and retention counts from then", async () => {
    await importText(store, 'wordpress', readFixture(), { now: IMPORTED_AT });
    const trash = (await allComments(store)).filter((c) => c.status === 'trash');
    expect(trash.map((c) => c.source!.id).sort()).toEqual(['13', '14', '38', '59']);
    for (const c of trash) {
      const at = c.source!.id === '13' || c.source!.id === '59' ? WP_TRASHED_AT : IMPORTED_AT;
      expect(c.history, c.source!.id).toEqual([{ at, by: null, from: c.prevStatus ?? 'pending', to: 'trash' }]);
    }
    // The default 30 days, counted at the import: nothing goes, though the comments are years old.
    expect(await store.purgeComments('blog', 'trash', IMPORTED_AT - 30 * DAY)).toEqual([]);
    // 30 days after WordPress binned 13 and 59 (what entered before then + 1 ms), those two go; the others 30 days after the import.
    const sources = async (cutoff: number) => {
      const gone = new Set((await store.purgeComments('blog', 'trash', cutoff)).map((g) => g.id));
      return trash.filter((c) => gone.has(c.id)).map((c) => c.source!.id).sort();
    };
    expect(await sources(WP_TRASHED_AT + 1)).toEqual(['13', '59']);
    expect(await sources(IMPORTED_AT + 1)).toEqual(['14', '38']);
  });

  it('when a Disqus export holds spam and deleted posts, then they entered their bins at the import', async () => {
    const { readFileSync } = await import('node:fs');
    await importText(store, 'disqus', readFileSync(DISQUS_FIXTURE, 'utf8'), { site: 'blog', now: IMPORTED_AT });
    const binned = (await allComments(store)).filter((c) => c.status === 'spam' || c.status === 'trash');
    expect(binned.length).toBeGreaterThan(0);
    for (const c of binned) expect(c.history).toEqual([{ at: IMPORTED_AT, by: null, from: 'approved', to: c.status }]);
    expect(await store.purgeComments('blog', 'spam', IMPORTED_AT)).toEqual([]);
    expect(await store.purgeComments('blog', 'trash', IMPORTED_AT)).toEqual([]);
  });

  it('when a site is exported as WXR and imported elsewhere, then the time its trash entered the bin goes with it (to the second)', async () => {
    await importText(store, 'wordpress', readFixture(), { now: IMPORTED_AT });
    const site = (await store.getSite('blog'))!;
    const chunks: string[] = [];
    for await (const part of writeExport(store, site, 'wxr')) chunks.push(part);
    const xml = chunks.join('');
    expect(xml.match(/_wp_trash_meta_time/g)).toHaveLength(4);
    const other = await tempStore('copy');
    try {
      await importText(other.store, 'wordpress', xml, { site: 'copy', now: IMPORTED_AT + DAY });
      const times = (list: Awaited<ReturnType<typeof allComments>>) =>
        list.filter((c) => c.status === 'trash').map((c) => [c.content, c.history.at(-1)!.at]).sort();
      expect(times(await allComments(other.store, 'copy'))).toEqual(times(await allComments(store)));
    } finally {
      await other.dispose();
    }
  });
});

describe('SQLite migration 18: imported bins without history', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('when a store imported trash and spam before bins had a time, then opening it says they entered their bins now; comments posted here are left alone', async () => {
    const { file, db } = storeAtVersion(17, dirs);
    db.prepare(`INSERT INTO sites (id, created_at) VALUES ('blog', 0)`).run();
    const add = db.prepare(
      `INSERT INTO comments (id, site, page, thread_id, author_name, author_email, avatar_key, content, status, prev_status, ip, user_agent, created_at, author_key, dup_key, source_site, source_id)
       VALUES (?, 'blog', '/p', ?, 'أحمد', ?, 'k', ?, ?, ?, '', '', 1000, ?, ?, ?, ?)`,
    );
    const row = (id: string, status: string, prev: string | null, source: string | null) =>
      add.run(id, id, `${id}@example.com`, id, status, prev, authorKey('أحمد', `${id}@example.com`), duplicateKey({ site: 'blog', page: '/p', parentId: null, name: 'أحمد', email: `${id}@example.com`, content: id }), source ? 'https://blog.example' : null, source);
    row('t1', 'trash', 'approved', '1');
    row('s1', 'spam', null, '2');
    row('a1', 'approved', null, '3');
    row('local', 'trash', 'pending', null);
    rebuildCounters(db);
    db.close();

    const before = Date.now();
    const store = new SqliteStore(file);
    await store.open();
    try {
      const history = async (id: string) => (await store.getComment(id))!.history;
      const [t1, s1] = [await history('t1'), await history('s1')];
      expect(t1).toEqual([{ at: t1[0]!.at, by: null, from: 'approved', to: 'trash' }]);
      expect(s1).toEqual([{ at: s1[0]!.at, by: null, from: 'pending', to: 'spam' }]);
      for (const h of [t1, s1]) expect(h[0]!.at).toBeGreaterThanOrEqual(before);
      expect(await history('a1')).toEqual([]);
      expect(await history('local')).toEqual([]);
      expect(await store.purgeComments('blog', 'trash', before)).toEqual([{ id: 'local', page: '/p' }]);
    } finally {
      await store.close();
    }
  });
});
