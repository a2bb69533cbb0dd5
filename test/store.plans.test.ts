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
  const queue = await store.listByStatus({ site: 'blog', status: 'approved', before: null, limit: 10 });
  await store.listByStatus({ site: 'blog', status: 'approved', before: queue.next, limit: 10 });
  await store.countVisible('blog', ['/p1', '/p2']);
  await store.countByStatus('blog');
  await store.hasApproved('blog', 'ليلى', 'layla@example.com');
  await store.findDuplicate({ site: 'blog', page: '/p1', parentId: null, name: 'ليلى', email: 'layla@example.com', content: 'x' });
  await store.lastCommentAt({ site: 'blog', ip: '192.0.2.1', email: 'layla@example.com', since: T0 });
  await store.touchPage({ site: 'blog', page: '/p1', createdAt: T0 });
  await store.getPage('blog', '/p1');
  await store.claimIdempotency('k', 'h', T0);
  await store.completeIdempotency('k', 201, '{}');
  await store.getIdempotency('k', T0);
  await store.sweepIdempotency(T0);
  // issue 14: every order both ways and from a permalink, featured, feeds, likes, reports, author edit/delete
  for (const sort of ['oldest', 'newest', 'popular'] as const) {
    const q = { site: 'blog', page: '/p1', sort, before: null, limit: 10 };
    const p1 = await store.readers.listThreads({ ...q, after: null });
    const p2 = await store.readers.listThreads({ ...q, after: p1.next });
    await store.readers.listThreads({ ...q, after: null, before: p2.prev });
    await store.readers.listThreads({ ...q, after: null, from: p2.prev });
  }
  await store.readers.listFeatured('blog', '/p1', 10);
  await store.readers.listRecent('blog', null, 50);
  await store.readers.listRecent('blog', '/p1', 50);
  const liked = first.comments[0]!;
  await store.readers.setLike(liked.id, 'reader-1', true, T0);
  await store.readers.setLike(liked.id, 'reader-1', false, T0);
  await store.readers.hasApprovedReplies(liked.id);
  await store.readers.addReport({ commentId: liked.id, reader: 'reader-1', voter: 'voter-1', reason: 'spam', note: '', at: T0 }, 1, () => ({ entry: anEntry('approved', 'pending'), reason: { code: 'reported' } }));
  await store.readers.clearReports(liked.id, undefined);
  await store.readers.setFeatured(liked.id, undefined, T0);
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
    expect(planOf('FROM comments WHERE site = ? AND status = ? AND (created_at, id) <')).toMatch(/comments_queue/);
    expect(planOf("author_key = ? AND status = 'approved'")).toMatch(/comments_author/);
    // issue 10: a twin shares its author's key, so the author index (dup_key last) finds it, one seek per status
    expect(planOf('dup_key = ?')).toMatch(/comments_author \(site=\? AND author_key=\? AND status=\? AND dup_key=\?\)/);
    expect(planOf('ip = ? AND created_at >= ?')).toMatch(/comments_flood_ip/);
    expect(planOf('author_email = ? AND created_at >= ?')).toMatch(/comments_flood_email/);
    expect(planOf('FROM page_counts')).toMatch(/PRIMARY KEY|primary key|sqlite_autoindex/i);
    expect(planOf('FROM comment_counts')).toMatch(/PRIMARY KEY|primary key|sqlite_autoindex/i);
  });

  it('when the comment indexes are listed, then no index of random keys is kept that a lookup does not need (issue 10)', () => {
    const names = (store as unknown as { d: { prepare: (s: string) => { all: () => Array<{ name: string }> } } }).d
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'comments'`)
      .all()
      .map((r) => r.name);
    // dup_key is a hash: its own index made every insert write a leaf page at random (and split it)
    expect(names).not.toContain('comments_duplicate');
    expect(names).toContain('comments_author');
  });

  it('when the readers\' reads (issue 14) are explained, then each order walks its index in order, with no sort step', () => {
    const plans = store.explainPrepared().filter((p) => p.sql.includes('parent_id IS NULL'));
    const threadReads = plans.filter((p) => p.sql.includes('ORDER BY'));
    expect(threadReads.length).toBeGreaterThanOrEqual(6);
    for (const p of threadReads) {
      const plan = p.plan.join(' | ');
      expect(plan, p.sql).not.toMatch(/TEMP B-TREE/);
      expect(plan, p.sql).toMatch(/ORDER BY likes/.test(p.sql) ? /comments_popular/ : /comments_visible/);
    }
    const all = store.explainPrepared();
    const planOf = (fragment: string) => all.find((p) => p.sql.replace(/\s+/g, ' ').includes(fragment))?.plan.join(' | ') ?? `no statement with ${fragment}`;
    expect(planOf('featured_at IS NOT NULL')).toMatch(/comments_featured/);
    expect(planOf("page = ? AND status = 'approved' AND deleted_at IS NULL ORDER BY created_at DESC")).toMatch(/comments_page_recent/);
    expect(planOf("WHERE site = ? AND status = 'approved' AND deleted_at IS NULL ORDER BY created_at DESC")).toMatch(/comments_queue/);
    expect(planOf('INSERT OR IGNORE INTO comment_reactions')).not.toMatch(/SCAN/);
    expect(planOf('FROM comments WHERE parent_id = ? AND status')).toMatch(/comments_parent/);
  });
});
