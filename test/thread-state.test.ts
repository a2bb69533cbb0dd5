import { describe, expect, it } from 'vitest';
import { ThreadState } from '../widget/comments/thread-state.js';
import type { CommentPage, PublicComment } from '../widget/comments/types.js';

// The widget's model of its thread (issue 9 points 1, 2, 5), without a browser.

const c = (id: string, minute: number, parentId: string | null = null): PublicComment => ({
  id,
  parentId,
  page: '/p',
  author: { name: id, url: null, avatar: '/avatar/x.svg' },
  content: id,
  createdAt: new Date(Date.UTC(2026, 10, 29, 10, minute)).toISOString(),
  editedAt: null,
});
const page = (comments: PublicComment[], nextCursor: string | null, total: number): CommentPage => ({
  comments,
  nextCursor,
  total,
  thread: { closed: false, threadDepth: 5, requireFormToken: false, minLength: 1, maxLength: 5000 },
});
const ids = (t: ThreadState) => t.shown().map((x) => x.id);

describe('ThreadState', () => {
  it('when a thread sorting before the loaded cursor is approved, then it is shown; one after it is only counted', () => {
    const t = new ThreadState();
    t.reset([page([c('R1', 1), c('R2', 3)], 'cursor', 4)]);
    expect(t.approve(c('H', 2)).result).toBe('shown');
    expect(t.approve(c('R5', 9)).result).toBe('counted');
    expect(ids(t)).toEqual(['R1', 'R2', 'H']);
    expect(t.count).toBe(6);
  });

  it('when everything is loaded, then any newly approved thread is shown', () => {
    const t = new ThreadState();
    t.reset([page([c('R1', 1)], null, 1)]);
    expect(t.approve(c('R9', 9)).result).toBe('shown');
    expect(t.approve(c('R9', 9)).result).toBe('known');
    expect(t.total).toBe(2);
  });

  it('when a parent is removed, then its replies go with it; re-approved with its replies, all come back', () => {
    const t = new ThreadState();
    t.reset([page([c('P', 1), c('A', 2, 'P'), c('B', 3, 'A')], null, 3)]);
    expect(t.remove('P')).toBe(3);
    expect(t.total).toBe(0);
    for (const x of [c('P', 1), c('A', 2, 'P'), c('B', 3, 'A')]) expect(t.approve(x).result).toBe('shown');
    expect(t.total).toBe(3);
  });

  it('when a reply’s parent is not loaded, then the reply is counted but not shown', () => {
    const t = new ThreadState();
    t.reset([page([c('R1', 1)], 'cursor', 3)]);
    expect(t.approve(c('X', 5, 'R7')).result).toBe('counted');
    expect(ids(t)).toEqual(['R1']);
  });

  it('when the reader has a pending comment and the thread is empty, then the count includes it; approved, it turns normal once', () => {
    const t = new ThreadState();
    t.reset([page([], null, 0)]);
    t.setOwn(c('MINE', 5), 'pending');
    expect(t.count).toBe(1);
    expect(t.shown()[0]).toMatchObject({ id: 'MINE', pending: true });
    expect(t.approve(c('MINE', 5))).toEqual({ result: 'shown', wasOwn: true });
    t.setOwn(c('MINE', 5), 'approved');
    expect(t.count).toBe(1);
    expect(t.shown()[0]!.pending).toBeUndefined();
    t.remove('MINE');
    t.setOwn(c('MINE', 5), 'removed');
    expect(t.count).toBe(0);
  });

  it('when pages are appended, then the cursor moves to the last thread of the last page', () => {
    const t = new ThreadState();
    t.reset([page([c('R1', 1), c('R2', 3)], 'c1', 4)]);
    t.append(page([c('R3', 5), c('R4', 7)], null, 4));
    expect(t.pages).toBe(2);
    expect(t.approve(c('H', 6)).result).toBe('shown');
  });

  it('when a re-sync fetches pages, then they must show every thread shown now (all of them when all were loaded)', () => {
    const t = new ThreadState();
    t.reset([page([c('R1', 1), c('R3', 3)], null, 2)]);
    t.approve(c('R5', 5));
    // Two threads a page: R1, R2 (approved while away); R3 and R5 are further on.
    expect(t.covers([page([c('R1', 1), c('R2', 2)], 'next', 4)])).toBe(false);
    expect(t.covers([page([c('R1', 1), c('R2', 2)], 'next', 4), page([c('R3', 3), c('R5', 5)], null, 4)])).toBe(true);
    const partial = new ThreadState();
    partial.reset([page([c('R1', 1), c('R3', 3)], 'next', 5)]);
    expect(partial.covers([page([c('R1', 1), c('R2', 2)], 'next', 5)])).toBe(false);
    expect(partial.covers([page([c('R1', 1), c('R2', 2)], 'n1', 5), page([c('R3', 3), c('R4', 4)], 'n2', 5)])).toBe(true);
  });
});

// Issue 14: orders, permalink pages (prevCursor), likes, featured, edits and the deleted placeholder.
describe('ThreadState with issue 14 events', () => {
  it('when opened around a permalink (prevCursor set), then a live thread before the first loaded one is only counted; prepending brings the earlier page', () => {
    const t = new ThreadState();
    t.reset([{ ...page([c('R3', 3), c('R4', 4)], null, 4), prevCursor: 'p1' }]);
    expect(t.approve(c('R0', 0)).result).toBe('counted');
    expect(t.approve(c('R5', 5)).result).toBe('shown');
    t.prepend({ ...page([c('R1', 1), c('R2', 2)], null, 6), prevCursor: null });
    expect(t.prevCursor).toBeNull();
    expect(ids(t).sort()).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
  });

  it('when sorted newest first with more pages, then a new thread shows at the top and an old one on unloaded pages is counted', () => {
    const t = new ThreadState();
    t.sort = 'newest';
    t.reset([page([c('R9', 9), c('R8', 8)], 'cursor', 5)]);
    expect(t.approve(c('R10', 10)).result).toBe('shown');
    expect(t.approve(c('R1', 1)).result).toBe('counted');
  });

  it('after any random sequence of approvals, removals, edits, deletions, likes and features, it equals a fresh load (seeded)', () => {
    for (let seedNo = 1; seedNo <= 30; seedNo++) {
      let s = seedNo;
      const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const sort = (['oldest', 'newest', 'popular'] as const)[seedNo % 3]!;
      const server = new Map<string, PublicComment>();
      let featured: PublicComment[] = [];
      const t = new ThreadState();
      t.sort = sort;
      t.reset([{ ...page([], null, 0), featured: [] }]);
      let n = 0;
      for (let step = 0; step < 60; step++) {
        const list = [...server.values()];
        const pick = list[Math.floor(rand() * list.length)];
        const r = rand();
        if (r < 0.35 || !pick) {
          const parent = rand() < 0.5 && pick && !pick.deleted ? pick.id : null;
          const made = { ...c(`C${++n}`, n, parent), likes: 0, featured: false };
          server.set(made.id, made);
          t.approve(made);
        } else if (r < 0.5) {
          // Removal hides its replies too.
          const gone = new Set([pick.id]);
          for (let grew = true; grew; ) {
            grew = false;
            for (const x of server.values()) if (x.parentId && gone.has(x.parentId) && !gone.has(x.id)) (gone.add(x.id), (grew = true));
          }
          gone.forEach((g) => server.delete(g));
          featured = featured.filter((f) => !gone.has(f.id));
          t.remove(pick.id);
        } else if (r < 0.65) {
          const edited = rand() < 0.5
            ? { ...pick, content: `${pick.content}!`, editedAt: new Date(0).toISOString() }
            : { ...pick, deleted: true, content: '', links: [], author: { name: '', url: null, avatar: '' }, featured: false };
          server.set(pick.id, edited);
          if (edited.deleted) featured = featured.filter((f) => f.id !== pick.id);
          else featured = featured.map((f) => (f.id === pick.id ? edited : f));
          t.edit(edited);
        } else if (r < 0.85 && !pick.deleted) {
          const likes = Math.floor(rand() * 5);
          server.set(pick.id, { ...pick, likes });
          featured = featured.map((f) => (f.id === pick.id ? { ...f, likes } : f));
          t.like(pick.id, likes);
        } else if (!pick.deleted) {
          const on = !pick.featured;
          const now = { ...pick, featured: on };
          server.set(pick.id, now);
          featured = on ? [now, ...featured.filter((f) => f.id !== pick.id)].slice(0, 10) : featured.filter((f) => f.id !== pick.id);
          t.feature(now, on);
        }
      }
      const fresh = new ThreadState();
      fresh.sort = sort;
      fresh.reset([{ ...page([...server.values()], null, server.size), featured }]);
      const view = (x: ThreadState) => ({
        shown: x.shown().sort((a, b) => (a.id < b.id ? -1 : 1)),
        featured: x.featured.map((f) => `${f.id}:${f.content}:${f.likes}`),
        total: x.total,
      });
      expect(view(t), `seed ${seedNo}`).toEqual(view(fresh));
    }
  });
});
