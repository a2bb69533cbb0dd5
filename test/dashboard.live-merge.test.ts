import { describe, expect, it } from 'vitest';
import { LiveLogs } from '../widget/dashboard/live-log.js';
import { appendPage, mergeFetched, upsert, withoutDeleted, type Row } from '../widget/dashboard/queue-model.js';
import type { CommentStatus, ModeratorComment } from '../widget/dashboard/types.js';

// The dashboard's rules for an answer that was read while live events kept coming (no browser):
// whatever arrived while a request was on its way wins over the answer when it is newer.
// The same rules in Chromium, with the answer held back on purpose: dashboard.sync-races.browser.test.ts.

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
const comment = (id: string, status: CommentStatus, version: number, n: number): ModeratorComment =>
  ({ id, site: 'test', status, version, createdAt: at(n), author: { name: 'سارة', url: null, avatar: '' }, reports: { count: 0 } }) as unknown as ModeratorComment;
const ids = (rows: Row[]) => rows.map((r) => r.c.id);

describe('a list answer merged with what arrived live meanwhile', () => {
  it('when a comment of the answer was decided live while it was on its way, then the newer version wins and it leaves the tab', () => {
    const logs = new LiveLogs();
    const live = logs.start();
    logs.note(comment('a', 'approved', 2, 1));
    logs.note(comment('a', 'pending', 1, 1)); // an older event arriving late changes nothing
    const rows = mergeFetched([comment('b', 'pending', 1, 2), comment('a', 'pending', 1, 1)], live, 'pending');
    expect(ids(rows)).toEqual(['b']);
  });

  it('when a comment arrived live that the answer did not have yet, then it is listed once, in date order', () => {
    const logs = new LiveLogs();
    const live = logs.start();
    logs.note(comment('c', 'pending', 1, 3));
    const rows = mergeFetched([comment('b', 'pending', 1, 2), comment('a', 'pending', 1, 1)], live, 'pending');
    expect(ids(rows)).toEqual(['c', 'b', 'a']);
  });

  it('when a comment was deleted for good while the answer was on its way, then it is not listed', () => {
    const logs = new LiveLogs();
    const live = logs.start();
    logs.note(comment('a', 'spam', 3, 1));
    logs.gone(['a']);
    expect(ids(mergeFetched([comment('a', 'spam', 2, 1), comment('b', 'spam', 1, 2)], live, 'spam'))).toEqual(['b']);
    const shown = upsert([], comment('a', 'spam', 2, 1), 'spam', 0);
    expect(ids(withoutDeleted(shown, ['a']))).toEqual([]);
    expect(withoutDeleted(shown, ['zz'])).toBe(shown);
  });

  it('when «more» is answered after a comment of that page changed live, then the page adds it only in its newer version', () => {
    const logs = new LiveLogs();
    const shown = mergeFetched([comment('d', 'pending', 1, 4)], logs.start(), 'pending');
    const live = logs.start();
    logs.note(comment('a', 'approved', 2, 1)); // not shown, so the live event left the list as it was
    logs.note(comment('b', 'trash', 2, 2));
    logs.gone(['b']);
    const page = [comment('c', 'pending', 1, 3), comment('b', 'pending', 1, 2), comment('a', 'pending', 1, 1)];
    expect(ids(appendPage(shown, page, 'pending', live))).toEqual(['d', 'c']);
  });

  it('when a request is answered, then its log stops and later events no longer reach it, while another request\'s log still does', () => {
    const logs = new LiveLogs();
    const first = logs.start();
    const second = logs.start();
    logs.stop(first);
    logs.note(comment('a', 'approved', 2, 1));
    expect(first.comments.size).toBe(0);
    expect(second.fresher(comment('a', 'pending', 1, 1))?.status).toBe('approved');
  });
});
