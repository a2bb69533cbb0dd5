import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalPageKey } from '../server/validation/page-key.js';
import type { CommentStatus } from '../server/domain/types.js';
import { EventBus } from '../server/events/bus.js';
import type { Store } from '../server/store/port.js';
import { moderateComment } from '../server/usecases/moderate-comment.js';
import { allComments, importText, readFixture, readTruth, tempStore } from './helpers/import.js';

const WP_STATUS: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'trash' };

/** What a reader saw of the comments whose WordPress text is HTML or holds entities. */
const HTML_TEXT: Record<number, string> = {
  8: 'زوروا موقعي (http://spam.example.com/) و شكراً',
  9: 'مرحبا بكم',
  10: 'مرحبا alert("xss") بكم رابط (http://a.example/)',
  17: '[…] كما ذُكر في مجلس النقاش […]',
  18: 'Majlis review\n\nA short excerpt of the trackback…',
  22: `Fish & chips <3 — "quoted" 'single' 5 > 3 & 2 < 4 C:\\Users\\أحمد`,
  39: 'See a (https://a.example) and b (https://b.example)',
  40: 'Hello document.cookiebold it',
  42: '[…] as explained in Hello, comments & friends […]',
  43: 'Trackback title\n\nExcerpt',
};

describe('WordPress import of the real export', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await tempStore()));
  afterEach(async () => dispose());

  it('when the fixture is imported, then every exported comment has the page, parent, status, date and text WordPress had', async () => {
    const { ok, summary } = await importText(store, 'wordpress', readFixture(), { chunk: 613 });
    expect(ok).toBe(true);
    const truth = readTruth().comments;
    const expected = truth.filter((c) => c.in_wxr && c.type === 'comment');
    const inWxr = new Set(truth.filter((c) => c.in_wxr).map((c) => c.id));
    const imported = await allComments(store);
    expect(imported).toHaveLength(expected.length);
    const bySource = new Map(imported.map((c) => [c.source!.id, c]));
    const idToSource = new Map(imported.map((c) => [c.id, c.source!.id]));

    for (const t of expected) {
      const c = bySource.get(String(t.id));
      expect(c, `comment ${t.id}`).toBeDefined();
      expect(c!.source).toEqual({ site: 'http://wp.test', id: String(t.id) });
      expect(c!.page, `page of ${t.id}`).toBe(canonicalPageKey(new URL(t.post_permalink).pathname));
      const parentSource = c!.parentId ? idToSource.get(c!.parentId) : null;
      expect(parentSource ?? null, `parent of ${t.id}`).toBe(t.parent !== 0 && inWxr.has(t.parent) ? String(t.parent) : null);
      expect(c!.status, `status of ${t.id}`).toBe(WP_STATUS[t.status]);
      expect(new Date(c!.createdAt).toISOString(), `date of ${t.id}`).toBe(`${t.date_gmt.replace(' ', 'T')}.000Z`);
      expect(c!.content, `text of ${t.id}`).toBe(HTML_TEXT[t.id] ?? t.content);
      expect(c!.authorEmail).toBe(t.email.toLowerCase());
      expect(c!.ip).toBe(t.ip);
    }
    expect(summary).toEqual({
      imported: 52,
      skipped: 4,
      pages: 3,
      byStatus: { approved: 39, pending: 9, spam: 0, trash: 4 },
      orphans: 1,
      repaired: [],
      errors: [],
    });
  });

  it('when the Arabic slug is percent-encoded in lower case, then the thread key is the decoded path the widget uses', async () => {
    await importText(store, 'wordpress', readFixture());
    const pages = await store.listPages('blog');
    expect(pages.map((p) => [p.page, p.title, p.closed])).toEqual([
      ['/2012/03/مجلس-النقاش/', 'مرحباً بكم في مجلس النقاش', false],
      ['/2018/07/hello-comments/', 'Hello, comments & friends', false],
      ['/2020/01/closed-thread/', 'Closed thread: التعليقات مغلقة', true],
    ]);
    const browserKey = canonicalPageKey('/2012/03/%D9%85%D8%AC%D9%84%D8%B3-%D8%A7%D9%84%D9%86%D9%82%D8%A7%D8%B4/');
    const visible = await store.listVisible({ site: 'blog', page: browserKey, after: null, limit: 200 });
    // 22 approved on the post in WordPress's count, less its pingback and trackback (not imported by default).
    expect(visible.total).toBe(20);
  });

  it('when authors are cleaned, then entities are decoded, bidi marks removed and URLs keep their "&"', async () => {
    await importText(store, 'wordpress', readFixture());
    const bySource = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    expect(bySource.get('28')).toMatchObject({ authorName: 'Bold Tom & Jerry', authorEmail: 'tom@example.com', authorUrl: 'http://tom.example/?a=1&b=2' });
    expect(bySource.get('26')!.authorName).toBe('محمد');
    expect(bySource.get('5')!.authorUrl).toBe('http://ahmed-blog.example.org/مدونة');
    expect(bySource.get('21')!.ip).toBe('2001:db8::1');
  });

  it('when pings are asked for, then pingbacks and trackbacks come too, as text', async () => {
    const { summary } = await importText(store, 'wordpress', readFixture(), { withPings: true });
    expect(summary).toMatchObject({ imported: 56, skipped: 0 });
    const bySource = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    for (const id of [17, 18, 42, 43]) expect(bySource.get(String(id))!.content).toBe(HTML_TEXT[id]);
    expect(bySource.get('17')!.authorName).toBe('مدونة أخرى » مقال عن مجلس');
  });

  it('when a trashed comment is restored, then it returns to the status WordPress recorded in _wp_trash_meta_status', async () => {
    await importText(store, 'wordpress', readFixture());
    const bySource = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    const deps = { store, bus: new EventBus(), clock: Date.now } as unknown as Parameters<typeof moderateComment>[0];
    const mod = { id: 'm1', name: 'Admin', email: 'a@example.com', role: 'admin' as const, sites: ['*'], passwordHash: '', createdAt: 0 };
    expect((await moderateComment(deps, { id: bySource.get('13')!.id, action: 'restore' }, mod)).status).toBe('approved');
    expect((await moderateComment(deps, { id: bySource.get('14')!.id, action: 'restore' }, mod)).status).toBe('pending');
  });

  it('when the same file is imported again after moderators decided, then 0 are imported and the decisions stay', async () => {
    await importText(store, 'wordpress', readFixture());
    const first = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    await store.setStatus(first.get('8')!.id, undefined, { at: Date.now(), by: { id: 'm', name: 'M' }, from: 'pending', to: 'approved' });
    await store.setPageClosed('blog', '/2020/01/closed-thread/', false, Date.now());
    const { summary } = await importText(store, 'wordpress', readFixture());
    expect(summary).toMatchObject({ imported: 0, skipped: 56, orphans: 0, byStatus: { approved: 0, pending: 0, spam: 0, trash: 0 } });
    const after = await allComments(store);
    expect(after).toHaveLength(52);
    expect(after.find((c) => c.source!.id === '8')!.status).toBe('approved');
    expect((await store.getPage('blog', '/2020/01/closed-thread/'))!.closed).toBe(false);
  });

  it('when run dry, then nothing is written and the counts equal the real run', async () => {
    const dry = await importText(store, 'wordpress', readFixture(), { dryRun: true });
    expect(await allComments(store)).toEqual([]);
    expect(await store.listPages('blog')).toEqual([]);
    const real = await importText(store, 'wordpress', readFixture());
    expect(dry.summary).toEqual(real.summary);
  });

  it('when approved authors are imported, then they count as previously approved and appear in date order among existing comments', async () => {
    const page = '/2018/07/hello-comments/';
    const mid = Date.UTC(2019, 0, 1, 0, 5);
    await store.createComment({
      site: 'blog', page, parentId: null, authorName: 'Native', authorEmail: 'native@example.com', authorUrl: null, avatarKey: 'k',
      content: 'posted on Majlis', status: 'approved', ip: '127.0.0.1', userAgent: 'x', reasons: [], pageTitle: null, pageUrl: null, createdAt: mid,
    });
    await importText(store, 'wordpress', readFixture());
    expect(await store.hasApproved('blog', 'أحمد', 'ahmed@example.com')).toBe(true);
    expect(await store.hasApproved('blog', 'Curious', 'curious@example.com')).toBe(false);
    const visible = await store.listVisible({ site: 'blog', page, after: null, limit: 200 });
    const roots = visible.comments.filter((c) => c.parentId === null).map((c) => c.content);
    expect(roots.slice(0, 3)).toEqual(['First!', 'A different John Smith here.', 'posted on Majlis']);
  });
});

describe('WordPress import that fails while writing (SQLite)', () => {
  it('when the store refuses a comment part-way, then nothing of the file is left behind', async () => {
    const { store, dispose } = await tempStore();
    try {
      const { anImported } = await import('./helpers/store-suite-import.js');
      const batch = {
        site: 'blog',
        pages: [{ page: '/2012/03/مقال/', title: null, url: null, closed: true, createdAt: 0 }],
        comments: [anImported('1'), anImported('2', { parentKey: '1' }), anImported('3', { content: 'x'.repeat(60_000) }), anImported('4')],
        dryRun: false,
      };
      await expect(store.importComments(batch)).rejects.toThrow();
      expect(await allComments(store)).toEqual([]);
      expect(await store.listPages('blog')).toEqual([]);
    } finally {
      await dispose();
    }
  });
});

describe('WordPress import of malformed and older files', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await tempStore()));
  afterEach(async () => dispose());

  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

  it('when an author URL has a raw "&" and a comment holds U+000B, then both are repaired, reported with their lines, and imported', async () => {
    let text = readFixture();
    text = text.replace('<wp:comment_author_url>https://sara.example.net</wp:comment_author_url>', '<wp:comment_author_url>https://sara.example.net/?a=1&b=2</wp:comment_author_url>');
    text = text.replace('<![CDATA[سطر أول', '<![CDATA[سطر\u000Bأول');
    text = text.replace('<![CDATA[Posted over IPv6.]]>', '<![CDATA[Posted&nbsp;over IPv6.]]>').replace('<wp:comment_author><![CDATA[IPv6 User]]>', '<wp:comment_author>IPv6&nbsp;User');
    const { ok, summary } = await importText(store, 'wordpress', text, { chunk: 101 });
    expect(ok).toBe(true);
    expect(summary.imported).toBe(52);
    expect(summary.repaired).toEqual([
      { line: lineOf(text, 'sara.example.net/?a=1&b=2'), what: 'raw "&" escaped as "&amp;"' },
      { line: lineOf(text, 'IPv6&nbsp;User'), what: 'HTML entity &nbsp; replaced by its character' },
      { line: lineOf(text, 'سطر\u000Bأول'), what: 'control character U+000B replaced by a line break' },
    ]);
    const bySource = new Map((await allComments(store)).map((c) => [c.source!.id, c]));
    expect(bySource.get('2')!.authorUrl).toBe('https://sara.example.net/?a=1&b=2');
    expect(bySource.get('24')!.content).toBe('سطر\nأول\nسطر ثانٍ\n\nفقرة جديدة');
    expect(bySource.get('21')!.authorName).toBe('IPv6 User');
    expect(bySource.get('21')!.content).toBe('Posted&nbsp;over IPv6.'.replace('&nbsp;', '\u00a0'));
  });

  it('when blank lines come before the XML declaration, then the file is read and the repair names the line', async () => {
    const text = `\n\n${readFixture()}`;
    const { ok, summary } = await importText(store, 'wordpress', text);
    expect(ok).toBe(true);
    expect(summary.imported).toBe(52);
    expect(summary.repaired).toEqual([{ line: 3, what: 'text before the XML declaration (often blank lines printed by a plugin): the declaration was dropped' }]);
  });

  it('when the file cannot be read (a tag left open), then it fails with the line and nothing at all is imported', async () => {
    const text = readFixture().replace('<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n\t\t\t<wp:comment_parent>0</wp:comment_parent>', '<wp:comment_type><![CDATA[comment]]>\n\t\t\t<wp:comment_parent>0</wp:comment_parent>');
    const { ok, summary } = await importText(store, 'wordpress', text);
    expect(ok).toBe(false);
    expect(summary.imported).toBe(0);
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]!.line).toBeGreaterThan(lineOf(text, '<wp:comment_id>1</wp:comment_id>'));
    expect(summary.errors[0]!.line).toBeLessThan(lineOf(text, '<wp:comment_id>3</wp:comment_id>'));
    expect(summary.errors[0]!.what).toMatch(/comment_type|comment_parent|tag/);
    expect(await allComments(store)).toEqual([]);
    expect(await store.listPages('blog')).toEqual([]);
  });

  it('when the file is truncated or not a WordPress export, then it fails with a line and imports nothing', async () => {
    const text = readFixture();
    const cut = await importText(store, 'wordpress', text.slice(0, Math.floor(text.length / 2)));
    expect(cut.ok).toBe(false);
    expect(cut.summary.errors[0]!.line).toBeGreaterThan(1);
    const html = await importText(store, 'wordpress', '<html><body>hello</body></html>');
    expect(html.ok).toBe(false);
    expect(html.summary.errors[0]).toEqual({ line: 1, what: 'not a WordPress export: the document starts with <html>, not <rss>' });
    const garbage = await importText(store, 'wordpress', 'PK\u0003\u0004 this is a zip file');
    expect(garbage.ok).toBe(false);
    expect(await allComments(store)).toEqual([]);
  });

  it.each(['1.0', '1.1'])('when the export uses the WXR %s namespace, then it imports the same', async (version) => {
    const text = readFixture().replaceAll('http://wordpress.org/export/1.2/', `http://wordpress.org/export/${version}/`).replace('<wp:wxr_version>1.2', `<wp:wxr_version>${version}`);
    const { summary } = await importText(store, 'wordpress', text);
    expect(summary).toMatchObject({ imported: 52, skipped: 4, pages: 3, orphans: 1 });
  });

  it('when WordPress left comment_date_gmt empty, then UTC comes from the local date and the post offset, and is reported', async () => {
    const text = readFixture().replace('<wp:comment_date_gmt><![CDATA[2012-03-04 09:00:00]]></wp:comment_date_gmt>', '<wp:comment_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:comment_date_gmt>');
    const { summary } = await importText(store, 'wordpress', text);
    expect(summary.repaired).toEqual([
      { line: lineOf(text, '<wp:comment_id>1</wp:comment_id>') - 1, what: "comment_date_gmt is empty: UTC taken from the local date with the export's offset (UTC+03:00)" },
    ]);
    const c = (await allComments(store)).find((x) => x.source!.id === '1')!;
    expect(new Date(c.createdAt).toISOString()).toBe('2012-03-04T09:00:00.000Z');
  });

  it('when a post has no link and its id is written with an escape and a tab, then its fallback key "/?p=ID" is canonical as the widget reads it', async () => {
    const item = readFixture().match(/<item>[\s\S]*?<\/item>/)![0];
    const bare = item.replace(/<link>[^<]*<\/link>/, '').replace(/<guid[^>]*>[^<]*<\/guid>/, '').replace(/<wp:post_id>[^<]*<\/wp:post_id>/, '<wp:post_id>1%32&#9;3</wp:post_id>');
    const text = readFixture().replace(item, bare);
    expect(text).not.toBe(readFixture());
    await importText(store, 'wordpress', text);
    const keys = (await store.listPages('blog')).map((p) => p.page);
    expect(keys).toContain('/?p=12%093');
  });
});
