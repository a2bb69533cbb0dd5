import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportedComment } from '../server/domain/import.js';
import { writeExport } from '../server/export/run-export.js';
import type { Store } from '../server/store/port.js';
import { allComments, importText, readFixture, tempStore } from './helpers/import.js';

async function exportText(store: Store, site: string, format: 'json' | 'wxr'): Promise<string> {
  const parts: string[] = [];
  for await (const p of writeExport(store, (await store.getSite(site))!, format)) parts.push(p);
  return parts.join('');
}

/** A comment as a reader of another tool would compare it: everything but Majlis's own ids. */
function comparable(all: ExportedComment[]) {
  const byId = new Map(all.map((c) => [c.id, c]));
  return all.map((c) => ({
    page: c.page,
    parent: c.parentId ? byId.get(c.parentId)!.content : null,
    status: c.status,
    prevStatus: c.prevStatus,
    createdAt: Math.floor(c.createdAt / 1000),
    content: c.content,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorUrl: c.authorUrl,
    ip: c.ip,
  }));
}

describe('export', () => {
  const stores: Array<{ dispose(): Promise<void> }> = [];
  let source: Store;
  const fresh = async (site: string | '' = '') => {
    const s = await tempStore(site);
    stores.push(s);
    return s.store;
  };

  beforeEach(async () => {
    source = await fresh('blog');
    await importText(source, 'wordpress', readFixture());
    // Native comments too: a reply, moderator history, a trashed one, a user agent, a closed page set by hand.
    const native = await source.createComment({
      site: 'blog', page: '/2018/07/hello-comments/', parentId: null, authorName: 'ضيف & "جديد"', authorEmail: 'guest@example.com',
      authorUrl: 'https://guest.example/?a=1&b=2', avatarKey: 'k', content: 'نص فيه <b>وسم</b> & رمز\n\nوفقرة  بمسافتين', status: 'pending',
      ip: '203.0.113.200', userAgent: 'Mozilla/5.0 (round trip)', reasons: [{ code: 'first_comment' }], pageTitle: null, pageUrl: null,
      createdAt: Date.UTC(2026, 10, 1, 12, 0, 0, 123),
    });
    await source.setStatus(native.id, undefined, { at: Date.UTC(2026, 10, 2), by: { id: 'm1', name: 'سارة' }, from: 'pending', to: 'approved' });
    await source.setStatus(native.id, undefined, { at: Date.UTC(2026, 10, 3), by: { id: 'm1', name: 'سارة' }, from: 'approved', to: 'trash' });
    await source.setPageClosed('blog', '/2012/03/مجلس-النقاش/', true, Date.UTC(2026, 10, 4));
  });
  afterEach(async () => {
    while (stores.length) await stores.pop()!.dispose();
  });

  it('when the JSON export is imported into an empty store and exported again, then the file is the same', async () => {
    const first = await exportText(source, 'blog', 'json');
    const doc = JSON.parse(first);
    expect(doc).toMatchObject({ format: 'majlis-export', version: 1, site: { id: 'blog' } });
    expect(doc.comments).toHaveLength(53);
    const trashed = doc.comments.find((c: { content: string }) => c.content.startsWith('نص فيه'));
    expect(trashed).toMatchObject({ status: 'trash', prevStatus: 'approved', version: 3, userAgent: 'Mozilla/5.0 (round trip)', author: { email: 'guest@example.com' } });
    expect(trashed.history).toHaveLength(2);
    expect(first).not.toMatch(/password|session/i);

    const empty = await fresh('');
    const { ok, summary } = await importText(empty, 'json', first, { chunk: 500 });
    expect(ok).toBe(true);
    expect(summary).toMatchObject({ imported: 53, skipped: 0, orphans: 0 });
    expect(await exportText(empty, 'blog', 'json')).toBe(first);
    // and it is re-runnable like any import
    expect((await importText(empty, 'json', first)).summary).toMatchObject({ imported: 0, skipped: 53 });
  });

  it('when the WXR export is read back by the WordPress importer, then the comments are the same', async () => {
    const wxr = await exportText(source, 'blog', 'wxr');
    expect(wxr).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
    const other = await fresh('blog');
    const { ok, summary } = await importText(other, 'wordpress', wxr, { chunk: 333 });
    expect(ok).toBe(true);
    expect(summary).toMatchObject({ imported: 53, orphans: 0, repaired: [], errors: [] });
    expect(comparable(await allComments(other))).toEqual(comparable(await allComments(source)));
    const pages = (p: Store) => p.listPages('blog').then((l) => l.map((x) => [x.page, x.title, x.closed]));
    expect(await pages(other)).toEqual(await pages(source));
  });

  it('when a site imports its own WXR export back, or a store imports one twice, then nothing is added (each comment carries its Majlis id and source)', async () => {
    const wxr = await exportText(source, 'blog', 'wxr');
    const before = await allComments(source);
    // back into the site it came from: every comment is found again, by its id
    const back = await importText(source, 'wordpress', wxr);
    expect(back.summary).toMatchObject({ imported: 0, skipped: before.length, errors: [] });
    expect((await allComments(source)).length).toBe(before.length);
    // into a new store, twice: the second run adds nothing, threads and sources kept
    const other = await fresh('blog');
    expect((await importText(other, 'wordpress', wxr)).summary).toMatchObject({ imported: before.length, orphans: 0 });
    expect((await importText(other, 'wordpress', wxr)).summary).toMatchObject({ imported: 0 });
    const moved = await allComments(other);
    expect(comparable(moved)).toEqual(comparable(before));
    expect(moved.map((c) => c.source).filter(Boolean).length).toBe(before.map((c) => c.source).filter(Boolean).length);
    // and the original WordPress file, imported into the copy, is recognised by the sources the WXR carried
    expect((await importText(other, 'wordpress', readFixture())).summary).toMatchObject({ imported: 0 });
  });

  it('when page keys keep escapes (a control character, a slash inside a segment), then the WXR links carry them and the import finds the same keys', async () => {
    const keys = ['%01/x', '/a%2Fb/ج', '/100%/off'];
    for (const page of keys) {
      await source.createComment({
        site: 'blog', page, parentId: null, authorName: 'هند', authorEmail: 'hind@example.com', authorUrl: null, avatarKey: 'k', content: `على ${page}`,
        status: 'approved', ip: '203.0.113.9', userAgent: '', reasons: [], pageTitle: null, pageUrl: null, createdAt: Date.UTC(2026, 10, 5),
      });
    }
    const wxr = await exportText(source, 'blog', 'wxr');
    const pagesIn = async (text: string) => {
      const other = await fresh('blog');
      await importText(other, 'wordpress', text);
      return (await allComments(other)).filter((c) => c.content.startsWith('على ')).map((c) => c.page).sort();
    };
    // Majlis reads its own thread keys back from the items' majlis_page_key, exactly as stored
    expect(await pagesIn(wxr)).toEqual(['%01/x', '/100%/off', '/a%2Fb/ج']);
    // and a reader of WXR's fields alone (the post meta dropped) finds them in the links' paths
    expect(await pagesIn(wxr.replace(/\s*<wp:postmeta>[\s\S]*?<\/wp:postmeta>/g, ''))).toEqual(['/%01/x', '/100%/off', '/a%2Fb/ج']);
  });
});

