import { describe, expect, it } from 'vitest';
import { ThreadState } from '../widget/comments/thread-state.js';
import type { CommentPage, PublicComment } from '../widget/comments/types.js';

// REVIEW14 item 6: popular order and "load more" while likes change (no browser).

const c = (id: string, minute: number, likes: number, parentId: string | null = null): PublicComment => ({
  id,
  parentId,
  page: '/p',
  author: { name: id, url: null, avatar: '/avatar/x.svg' },
  content: id,
  createdAt: new Date(Date.UTC(2026, 10, 29, 10, minute)).toISOString(),
  editedAt: null,
  likes,
});
const page = (comments: PublicComment[], nextCursor: string | null, total: number): CommentPage => ({
  comments,
  nextCursor,
  total,
  prevCursor: null,
  thread: { closed: false, threadDepth: 5, requireFormToken: false, minLength: 1, maxLength: 5000, reactions: true },
});
const roots = (t: ThreadState) => t.shown().filter((x) => !x.parentId).map((x) => x.id);

describe('ThreadState in popular order', () => {
  it('when "load more" is asked in popular order, then it refetches from the start with loaded threads + a page and replaces the state, so a thread liked past the cursor is not lost', () => {
    const t = new ThreadState();
    t.sort = 'popular';
    t.reset([page([c('A', 1, 5), c('B', 2, 3), c('B1', 3, 0, 'B')], 'after-B', 4)]);
    // C (not loaded, 2 likes) is liked to 4: it now sorts before the keyset cursor (3, B).
    expect(t.morePlan()).toEqual({ limit: 4 });
    t.replace(page([c('A', 1, 5), c('C', 4, 4), c('B', 2, 3), c('B1', 3, 0, 'B'), c('D', 5, 1)], null, 5));
    expect(roots(t)).toEqual(['A', 'C', 'B', 'D']);
    expect(t.nextCursor).toBeNull();
    expect(t.total).toBe(5);
    expect(t.pages).toBe(2);
    expect(t.morePlan()).toBeNull();
  });

  it('when more is asked again after a replace, then the limit grows by one page each time and stops at 200', () => {
    const t = new ThreadState();
    t.sort = 'popular';
    t.reset([page([c('A', 1, 5), c('B', 2, 3)], 'x', 9)]);
    t.replace(page([c('A', 1, 5), c('B', 2, 3), c('C', 3, 2), c('D', 4, 1)], 'y', 9));
    expect(t.morePlan()).toEqual({ limit: 6 });
    const many = Array.from({ length: 199 }, (_, i) => c(`R${i}`, i, 0));
    t.replace(page(many, 'z', 500));
    expect(t.morePlan()).toEqual({ limit: 200 });
  });

  it('when the order is oldest or newest, then "load more" keeps using the keyset cursor', () => {
    for (const sort of ['oldest', 'newest'] as const) {
      const t = new ThreadState();
      t.sort = sort;
      t.reset([page([c('A', 1, 5), c('B', 2, 3)], 'cur', 4)]);
      expect(t.morePlan()).toEqual({ cursor: 'cur' });
    }
  });

  it('when the last loaded thread loses its likes, then the boundary follows: an older thread with as few likes approved live is shown in place', () => {
    const t = new ThreadState();
    t.sort = 'popular';
    t.reset([page([c('A', 1, 5), c('B', 6, 3)], 'after-B', 3)]);
    t.like('B', 0);
    // Server order now: A(5), X(0, minute 3), B(0, minute 6): X sorts before the last loaded thread.
    expect(t.approve(c('X', 3, 0)).result).toBe('shown');
    expect(t.approve(c('Y', 9, 0)).result).toBe('counted');
  });
});
