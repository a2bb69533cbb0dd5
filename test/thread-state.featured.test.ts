import { describe, expect, it } from 'vitest';
import { ThreadState } from '../widget/comments/thread-state.js';
import type { CommentPage, PublicComment } from '../widget/comments/types.js';

// REVIEW14 item 11: the featured section shows at most 10; when one of a full 10 goes live,
// the 11th (which a reload shows) is not known here, so the widget must fetch the list again.

const c = (id: string, minute: number): PublicComment => ({
  id,
  parentId: null,
  page: '/p',
  author: { name: id, url: null, avatar: '/avatar/x.svg' },
  content: id,
  createdAt: new Date(Date.UTC(2026, 10, 29, 10, minute)).toISOString(),
  editedAt: null,
  likes: 0,
  featured: true,
});
const page = (comments: PublicComment[], featured: PublicComment[]): CommentPage => ({
  comments,
  nextCursor: null,
  total: comments.length,
  featured,
  thread: { closed: false, threadDepth: 5, requireFormToken: false, minLength: 1, maxLength: 5000 },
});
const ten = Array.from({ length: 10 }, (_, i) => c(`F${i}`, i));

describe('ThreadState featured refill', () => {
  it('when a comment of a full featured list (10) is unfeatured live, then the list is marked to be fetched again, and taking the fetched list clears the mark', () => {
    const t = new ThreadState();
    t.reset([page(ten, ten)]);
    expect(t.featuredStale).toBe(false);
    t.feature(ten[3]!, false);
    expect(t.featured).toHaveLength(9);
    expect(t.featuredStale).toBe(true);
    const reloaded = [...ten.filter((f) => f.id !== 'F3'), c('F10', 20)];
    t.takeFeatured(reloaded);
    expect(t.featured.map((f) => f.id)).toEqual(reloaded.map((f) => f.id));
    expect(t.featuredStale).toBe(false);
  });

  it('when a featured comment of a full list is removed or deleted by its author live, then the list is marked too', () => {
    const t = new ThreadState();
    t.reset([page(ten, ten)]);
    t.remove('F0');
    expect(t.featuredStale).toBe(true);
    const u = new ThreadState();
    u.reset([page(ten, ten)]);
    u.edit({ ...ten[1]!, deleted: true, content: '' });
    expect(u.featuredStale).toBe(true);
  });

  it('when the list was not full, then unfeaturing needs no fetch (a reload shows the same fewer)', () => {
    const t = new ThreadState();
    const nine = ten.slice(0, 9);
    t.reset([page(nine, nine)]);
    t.feature(nine[0]!, false);
    t.remove('F1');
    expect(t.featured).toHaveLength(7);
    expect(t.featuredStale).toBe(false);
  });
});

describe('ThreadState: a featured comment coming back', () => {
  it('when the only featured comment is held (reports) and approved again live, then «تعليقات مختارة» shows it again at once, as a reload does', () => {
    const t = new ThreadState();
    const [a, b] = [{ ...c('A', 1), featured: false }, c('B', 2)];
    t.reset([page([a, b], [b])]);
    expect(t.remove('B')).toBe(1);
    expect(t.featured).toEqual([]);
    t.approve(b);
    expect(t.featured.map((f) => f.id)).toEqual(['B']);
    expect(t.featuredStale).toBe(false);
  });

  it('when other comments are featured, then the list is fetched again (its place follows when it was featured, which readers are not told)', () => {
    const t = new ThreadState();
    const three = ten.slice(0, 3);
    t.reset([page(three, three)]);
    t.remove('F1');
    expect(t.featuredStale).toBe(false);
    t.approve(three[1]!);
    expect(t.featuredStale).toBe(true);
  });

  it('when it comes back beyond the loaded pages, then it is only counted in the thread but the featured section still wants it', () => {
    const t = new ThreadState();
    const first = { ...c('A', 1), featured: false };
    t.reset([{ ...page([first], []), nextCursor: 'next', total: 2 }]);
    const later = c('Z', 30);
    expect(t.approve(later).result).toBe('counted');
    expect(t.featured.map((f) => f.id)).toEqual(['Z']);
  });

  it('when a comment that is not featured comes back, then the featured section is left as it is', () => {
    const t = new ThreadState();
    const two = ten.slice(0, 2);
    t.reset([page(two, two)]);
    t.approve({ ...c('N', 40), featured: false });
    expect(t.featured.map((f) => f.id)).toEqual(['F0', 'F1']);
    expect(t.featuredStale).toBe(false);
  });

  it('when a thread not loaded loses its root live, then a featured reply in it leaves the section, and a deeper one makes the list be fetched again', () => {
    const t = new ThreadState();
    const first = { ...c('A', 1), featured: false };
    const reply = { ...c('R', 30), parentId: 'Z' };
    const deeper = { ...c('D', 31), parentId: 'Y' };
    t.reset([{ ...page([first], [reply]), nextCursor: 'next', total: 4 }]);
    t.remove('Z');
    expect(t.featured).toEqual([]);
    expect(t.featuredStale).toBe(false);
    const u = new ThreadState();
    u.reset([{ ...page([first], [deeper]), nextCursor: 'next', total: 4 }]);
    u.remove('Z');
    expect(u.featuredStale).toBe(true);
  });
});
