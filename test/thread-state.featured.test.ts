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
