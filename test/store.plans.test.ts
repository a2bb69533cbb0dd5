import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../server/store/sqlite.js';
import { aComment, anEntry, aSite, T0 } from './helpers/store-fixtures.js';

// Issue 10 point 2: every query a request runs finds its rows through an index,
// so its cost follows the size of the answer, not of the page or the store.
const dir = mkdtempSync(path.join(tmpdir(), 'majlis-plans-'));
let store: SqliteStore;

beforeAll(async () => {
  store = new SqliteStore(path.join(dir, 'majlis.sqlite'));
  await store.open();
  await store.ensureSite(aSite());
  // Enough rows over a few pages that a scan would be a real choice for the planner.
  for (let i = 0; i < 300; i++) {
    const root = await store.createComment(aComment({ page: `/p${i % 5}`, createdAt: T0 + i, ip: `192.0.2.${i % 200}` }));
    if (i % 3 === 0) await store.createComment(aComment({ page: root.page, parentId: root.id, status: i % 2 ? 'approved' : 'pending', createdAt: T0 + i }));
  }
  // Every read and write path a request can take, once.
  const c = await store.createComment(aComment({ page: '/p1', status: 'pending' }));
  await store.insertComment(aComment({ page: '/p1', content: 'guarded' }), { duplicate: true, floodWindowMs: 15_000 });
  await store.setStatus(c.id, 1, anEntry('pending', 'approved'));
  await store.setStatus(c.id, undefined, anEntry('approved', 'spam'));
  const first = await store.listVisible({ site: 'blog', page: '/p1', after: null, limit: 10 });
  await store.listVisible({ site: 'blog', page: '/p1', after: first.next, limit: 10 });
  const firstPublic = await store.listVisiblePublic({ site: 'blog', page: '/p1', after: null, limit: 10 });
  await store.listVisiblePublic({ site: 'blog', page: '/p1', after: firstPublic.next, limit: 10 });
  const queue = await store.listByStatus({ site: 'blog', status: 'approved', before: null, limit: 10 });
  await store.listByStatus({ site: 'blog', status: 'approved', before: queue.next, limit: 10 });
  await store.countVisible('blog', ['/p1', '/p2']);
  await store.countByStatus('blog');
  await store.hasApproved('blog', 'ليلى', 'layla@example.com');
  await store.findDuplicate({ site: 'blog', page: '/p1', parentId: null, name: 'ليلى', email: 'layla@example.com', content: 'x' });
  await store.lastCommentAt({ site: 'blog', ip: '192.0.2.1', email: 'layla@example.com', since: T0 });
  await store.touchPage({ site: 'blog', page: '/p1', title: null, url: null, createdAt: T0 });
  await store.getPage('blog', '/p1');
  await store.claimIdempotency('k', 'h', T0);
  await store.completeIdempotency('k', 201, '{}');
  await store.getIdempotency('k', T0);
  await store.sweepIdempotency(T0);
}, 60_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('query plans', () => {
  it('when every statement the store prepared is explained, then none scans a table whole', () => {
    const plans = store.explainPrepared();
    expect(plans.length).toBeGreaterThan(20);
    // "SCAN t" (with or without an index) reads the whole table or index; only the list of
    // values given in a query (json_each) may be walked.
    // The one exception is the idempotency sweep (once a minute, never in a request): keeping the newest
    // maxEntries records walks that many entries of the created_at index, a bound of its own.
    const scans = plans
      .filter((p) => !p.sql.includes('ORDER BY created_at DESC LIMIT -1 OFFSET ?'))
      .flatMap((p) => p.plan.filter((line) => /^SCAN /.test(line) && !/^SCAN json_each/.test(line)).map((line) => `${line}  ⟵  ${p.sql.replace(/\s+/g, ' ')}`));
    expect(scans).toEqual([]);
  });

  it('when the hot reads are explained, then each uses the index meant for it', () => {
    const plans = store.explainPrepared();
    const planOf = (fragment: string) => plans.find((p) => p.sql.replace(/\s+/g, ' ').includes(fragment))?.plan.join(' | ') ?? `no statement with ${fragment}`;
    expect(planOf("parent_id IS NULL AND (created_at, id) > (?, ?)")).toMatch(/comments_visible/);
    expect(planOf('WHERE thread_id IN')).toMatch(/comments_thread/);
    // the public read of a thread page (sqlite-public.ts): the same indexes
    expect(planOf("AS editedAt FROM comments WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL AND (created_at, id) > (?, ?)")).toMatch(/comments_visible/);
    expect(planOf("AS editedAt FROM comments WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL ORDER")).toMatch(/comments_visible/);
    expect(planOf('AS editedAt FROM comments WHERE thread_id IN')).toMatch(/comments_thread/);
    expect(planOf('SELECT visible FROM page_counts WHERE site = ? AND page = ?')).toMatch(/PRIMARY KEY|primary key|sqlite_autoindex/i);
    expect(planOf('FROM comments WHERE site = ? AND status = ? AND (created_at, id) <')).toMatch(/comments_queue/);
    expect(planOf('author_key = ?')).toMatch(/comments_author/);
    expect(planOf('dup_key = ?')).toMatch(/comments_duplicate/);
    expect(planOf('ip = ? AND created_at >= ?')).toMatch(/comments_flood_ip/);
    expect(planOf('author_email = ? AND created_at >= ?')).toMatch(/comments_flood_email/);
    expect(planOf('FROM page_counts')).toMatch(/PRIMARY KEY|primary key|sqlite_autoindex/i);
    expect(planOf('FROM comment_counts')).toMatch(/PRIMARY KEY|primary key|sqlite_autoindex/i);
  });
});
