import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { avatarKey } from '../server/avatar.js';
import type { Store } from '../server/store/port.js';
import { allComments, DISQUS_FIXTURE, importText, readFixture, tempStore } from './helpers/import.js';

describe('Disqus import', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await tempStore()));
  afterEach(async () => dispose());

  it('when a Disqus export is imported, then threads land on the path of their link with statuses, parents, dates and text', async () => {
    const { ok, summary } = await importText(store, 'disqus', readFixture(DISQUS_FIXTURE), { chunk: 64 });
    expect(ok).toBe(true);
    expect(summary).toEqual({ imported: 5, skipped: 0, pages: 2, byStatus: { approved: 3, pending: 0, spam: 1, trash: 1 }, orphans: 1, repaired: [], errors: [] });
    const bySource = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    const first = bySource.get('9001')!;
    expect(first).toMatchObject({
      source: { site: 'disqus:majlis-news', id: '9001' },
      page: '/2024/05/المجلس/',
      parentId: null,
      status: 'approved',
      authorName: 'هدى',
      authorEmail: 'huda@example.com',
      ip: '198.51.100.20',
      content: 'مقال ممتاز & مفيد\n\nسطر ثانٍ\nوسطر ثالث',
      pageTitle: 'المجلس & الأخبار',
      pageUrl: 'https://news.example/2024/05/%D8%A7%D9%84%D9%85%D8%AC%D9%84%D8%B3/',
    });
    expect(new Date(first.createdAt).toISOString()).toBe('2024-05-01T09:15:30.000Z');
    expect(bySource.get('9002')).toMatchObject({ parentId: first.id, content: 'I agree, see the source (https://example.org/source)', status: 'approved' });
    expect(bySource.get('9003')).toMatchObject({ status: 'spam', prevStatus: 'approved' });
    expect(bySource.get('9004')).toMatchObject({ status: 'trash', parentId: bySource.get('9002')!.id });
    expect(bySource.get('9005')).toMatchObject({ parentId: null, page: '/2024/06/closed-story/', authorEmail: '' });
    expect(bySource.get('9005')!.status).toBe('approved');
    expect((await store.getPage('blog', '/2024/06/closed-story/'))!.closed).toBe(true);
    expect((await store.getPage('blog', '/2024/05/المجلس/'))!.closed).toBe(false);
  });

  it('when avatars are made, then they come from Majlis\'s own HMAC of the email', async () => {
    await importText(store, 'disqus', readFixture(DISQUS_FIXTURE), { secret: 'another-secret' });
    const c = (await allComments(store)).find((x) => x.source!.id === '9001')!;
    const stored = await store.getComment(c.id);
    expect(stored!.avatarKey).toBe(avatarKey('another-secret', 'huda@example.com'));
  });

  it('when threads are keyed by identifier, then a thread with a disqus_identifier uses it and one without falls back to its link', async () => {
    await importText(store, 'disqus', readFixture(DISQUS_FIXTURE), { pageKey: 'identifier' });
    const pages = (await store.listPages('blog')).map((p) => p.page);
    expect(pages).toEqual(['/2024/06/closed-story/', 'article-42']);
  });

  it('when the same Disqus file is imported again, then nothing is imported', async () => {
    await importText(store, 'disqus', readFixture(DISQUS_FIXTURE));
    const again = await importText(store, 'disqus', readFixture(DISQUS_FIXTURE));
    expect(again.summary).toMatchObject({ imported: 0, skipped: 5 });
    expect(await allComments(store)).toHaveLength(5);
  });

  it('when a post names a thread the file lacks or has no date, then it is left out and named with its line', async () => {
    const text = readFixture(DISQUS_FIXTURE)
      .replace('<thread dsq:id="5002" />\n    <parent dsq:id="8999" />', '<thread dsq:id="4040" />')
      .replace('<createdAt>2024-05-02T10:00:00Z</createdAt>', '<createdAt>yesterday</createdAt>');
    const { ok, summary } = await importText(store, 'disqus', text);
    expect(ok).toBe(true);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(summary.imported).toBe(3);
    expect(summary.errors).toEqual([
      { line: lineOf('<post dsq:id="9003">'), what: 'post 9003 has no readable <createdAt>: not imported' },
      { line: lineOf('<post dsq:id="9005">'), what: 'post 9005 names thread 4040, which the file does not have: not imported' },
    ]);
  });

  it('when posts come before their thread and the forum is named only on threads, then they import as from a file in Disqus\'s order', async () => {
    const text = readFixture(DISQUS_FIXTURE);
    const category = /  <category [\s\S]*?<\/category>\n/.exec(text)![0];
    const thread = /  <thread dsq:id="5001">[\s\S]*?<\/thread>\n/.exec(text)![0];
    const odd = text.replace(category, '').replace(thread, '').replace('</disqus>', `${thread}</disqus>`);
    const seen = (await importText(store, 'disqus', text)).summary;
    const shape = async () => {
      const comments = await allComments(store);
      const sourceOf = new Map(comments.map((c) => [c.id, c.source!.id]));
      return comments
        .map((c) => ({ source: c.source, page: c.page, parent: c.parentId && sourceOf.get(c.parentId), content: c.content, status: c.status, pageTitle: c.pageTitle }))
        .sort((a, b) => a.source!.id.localeCompare(b.source!.id));
    };
    const expected = await shape();
    await dispose();
    ({ store, dispose } = await tempStore());
    const { ok, summary } = await importText(store, 'disqus', odd, { chunk: 64 });
    expect(ok).toBe(true);
    expect(summary).toEqual(seen);
    expect(await shape()).toEqual(expected);
    expect(expected[0]!.source!.site).toBe('disqus:majlis-news');
  });

  it('when a WordPress file is given as Disqus, then it fails saying it is a WordPress export (the choice to make) and imports nothing', async () => {
    const { ok, summary } = await importText(store, 'disqus', readFixture());
    expect(ok).toBe(false);
    expect(summary.errors[0]!.what).toMatch(/looks like a WordPress export.*"WordPress \(WXR\)" \(wordpress\)/);
    expect(await allComments(store)).toEqual([]);
    // XML of no known export still fails naming its root element
    const other = await importText(store, 'disqus', '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    expect(other.summary.errors).toEqual([{ line: 2, what: 'not a Disqus export: the document starts with <feed>, not <disqus>' }]);
  });
});
