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
