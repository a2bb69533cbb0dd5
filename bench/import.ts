/**
 * Import/export benchmark (issue 11): generates a 100,000-comment WXR, imports
 * it into a fresh SQLite store and exports it again (JSON and WXR), then imports
 * the same comments from a Disqus export into another store, each in its own
 * process so that peak RSS is that of the step alone. Reports comments per
 * second and peak RSS. Targets on the project's 2-core machine: ≥ 5,000
 * comments/s and ≤ 300 MB. Run alone with `npx tsx bench/import.ts`.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportedComment } from '../server/domain/import.js';
import { DEFAULT_SETTINGS, type PageInfo, type Site } from '../server/domain/types.js';
import { writeJsonExport } from '../server/export/json.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const COMMENTS = Number(process.env.BENCH_IMPORT_COMMENTS ?? 100_000);
const PER_POST = 100;

const pad = (n: number) => String(n).padStart(2, '0');
const wpDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** A WXR 1.2 file as WordPress writes it: posts of 100 comments, a third of them replies, mixed statuses, some HTML. */
export async function generateWxr(file: string, comments = COMMENTS): Promise<number> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench</title>
	<link>https://bench.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url>
	<wp:base_blog_url>https://bench.example</wp:base_blog_url>
`);
  let id = 0;
  const t0 = Date.UTC(2015, 0, 1);
  for (let post = 1; id < comments; post++) {
    const parts: string[] = [
      `	<item>
		<title><![CDATA[مقال رقم ${post} عن المجلس]]></title>
		<link>https://bench.example/2020/01/%d9%85%d9%82%d8%a7%d9%84-${post}/</link>
		<content:encoded><![CDATA[<p>${'نص المقال الطويل. '.repeat(40)}</p>]]></content:encoded>
		<wp:post_id>${post}</wp:post_id>
		<wp:post_date><![CDATA[${wpDate(t0 + post * 3_600_000 + 3 * 3_600_000)}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[${wpDate(t0 + post * 3_600_000)}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[${post % 10 === 0 ? 'closed' : 'open'}]]></wp:comment_status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
`,
    ];
    const first = id + 1;
    for (let k = 0; k < PER_POST && id < comments; k++) {
      id += 1;
      const parent = k > 0 && k % 3 === 0 ? first + Math.floor(k / 2) - 1 : 0;
      const when = t0 + post * 3_600_000 + k * 61_000;
      const status = k % 17 === 0 ? '0' : k % 29 === 0 ? 'trash' : '1';
      const html = k % 5 === 0 ? ` <b>مهم</b> و<a href="https://example.org/${id}">رابط</a>` : '';
      parts.push(`		<wp:comment>
			<wp:comment_id>${id}</wp:comment_id>
			<wp:comment_author><![CDATA[قارئ ${id % 5000}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader${id % 5000}@bench.example]]></wp:comment_author_email>
			<wp:comment_author_url>${k % 7 === 0 ? `https://reader${id}.example/?a=1&amp;b=2` : ''}</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[${wpDate(when + 3 * 3_600_000)}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[${wpDate(when)}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[تعليق رقم ${id}: شكراً على هذا المقال المفيد، أتفق مع معظم ما جاء فيه وأختلف في نقطة واحدة.${html}
سطر ثانٍ من التعليق.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[${status}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>${parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
`);
    }
    parts.push('	</item>\n');
    await write(parts.join(''));
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return id;
}

/**
 * A Disqus export (help.disqus.com "Comments Export") of the same shape: a category, every
 * thread, then every post, 100 per thread, a third of them replies, some spam or deleted.
 */
export async function generateDisqus(file: string, comments = COMMENTS): Promise<number> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await write(`<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1">
    <forum>bench</forum>
    <title>General</title>
    <isDefault>true</isDefault>
  </category>
`);
  const t0 = Date.UTC(2015, 0, 1);
  const threads = Math.ceil(comments / PER_POST);
  for (let t = 1; t <= threads; t++) {
    await write(`  <thread dsq:id="${t}">
    <id>post-${t}</id>
    <forum>bench</forum>
    <category dsq:id="1" />
    <link>https://bench.example/2020/01/%d9%85%d9%82%d8%a7%d9%84-${t}/</link>
    <title>مقال رقم ${t} عن المجلس</title>
    <message></message>
    <createdAt>${iso(t0 + t * 3_600_000)}</createdAt>
    <author>
      <name>المحرر</name>
      <isAnonymous>false</isAnonymous>
      <username>editor</username>
    </author>
    <isClosed>${t % 10 === 0}</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
`);
  }
  for (let id = 1; id <= comments; ) {
    const thread = Math.ceil(id / PER_POST);
    const first = (thread - 1) * PER_POST + 1;
    const parts: string[] = [];
    for (let k = id - first; k < PER_POST && id <= comments; k++, id++) {
      const parent = k > 0 && k % 3 === 0 ? first + Math.floor(k / 2) - 1 : 0;
      const html = k % 5 === 0 ? ` <b>مهم</b> و<a href="https://example.org/${id}">رابط</a>` : '';
      parts.push(`  <post dsq:id="${id}">
    <id />
    <message><![CDATA[<p>تعليق رقم ${id}: شكراً على هذا المقال المفيد، أتفق مع معظم ما جاء فيه وأختلف في نقطة واحدة.${html}</p><p>سطر ثانٍ من التعليق.</p>]]></message>
    <createdAt>${iso(t0 + thread * 3_600_000 + k * 61_000)}</createdAt>
    <isDeleted>${k % 29 === 0}</isDeleted>
    <isSpam>${k % 17 === 0}</isSpam>
    <author>
      <email>reader${id % 5000}@bench.example</email>
      <name>قارئ ${id % 5000}</name>
      <isAnonymous>false</isAnonymous>
      <username>reader${id % 5000}</username>
    </author>
    <ipAddress>10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}</ipAddress>
    <thread dsq:id="${thread}" />${parent ? `\n    <parent dsq:id="${parent}" />` : ''}
  </post>
`);
    }
    await write(parts.join(''));
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
  return comments;
}

/**
 * Majlis's own export (server/export/json.ts, written by writeJsonExport itself) of the same
 * shape: pages of 100 comments, a third of them replies, mixed statuses with their history.
 */
export async function generateMajlisJson(file: string, comments = COMMENTS): Promise<number> {
  const out = createWriteStream(file);
  const t0 = Date.UTC(2015, 0, 1);
  const posts = Math.ceil(comments / PER_POST);
  const pageOf = (post: number) => `/2020/01/post-${String(post).padStart(6, '0')}/`;
  const pages: PageInfo[] = Array.from({ length: posts }, (_, i) => ({ site: 'bench', page: pageOf(i + 1), title: `مقال رقم ${i + 1}`, url: `https://bench.example${pageOf(i + 1)}`, closed: (i + 1) % 10 === 0, createdAt: t0 + (i + 1) * 3_600_000 }));
  async function* all(): AsyncGenerator<ExportedComment> {
    for (let id = 1; id <= comments; id++) {
      const post = Math.ceil(id / PER_POST);
      const k = (id - 1) % PER_POST;
      const first = (post - 1) * PER_POST + 1;
      const when = t0 + post * 3_600_000 + k * 61_000;
      const status = k % 17 === 0 ? 'pending' : k % 29 === 0 ? 'trash' : 'approved';
      yield {
        id: `c${String(id).padStart(8, '0')}`,
        page: pageOf(post),
        parentId: k > 0 && k % 3 === 0 ? `c${String(first + Math.floor(k / 2) - 1).padStart(8, '0')}` : null,
        status,
        prevStatus: status === 'trash' ? 'approved' : null,
        version: 1,
        authorName: `قارئ ${id % 5000}`,
        authorEmail: `reader${id % 5000}@bench.example`,
        authorUrl: k % 7 === 0 ? `https://reader${id}.example/?a=1&b=2` : null,
        ip: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
        userAgent: 'Mozilla/5.0 (bench)',
        content: `تعليق رقم ${id}: شكراً على هذا المقال المفيد، أتفق مع معظم ما جاء فيه وأختلف في نقطة واحدة.${k % 11 === 0 ? ' 😀👍🏽' : ''}\nسطر ثانٍ من التعليق.`,
        reasons: status === 'pending' ? [{ code: 'links', params: { count: 2 } }] : [],
        history: status === 'trash' ? [{ at: when + 60_000, by: { id: 'm1', name: 'المشرف' }, from: 'approved', to: 'trash' }] : [],
        pageTitle: `مقال رقم ${post}`,
        pageUrl: `https://bench.example${pageOf(post)}`,
        createdAt: when,
        editedAt: null,
        source: { site: 'https://bench.example', id: String(id) },
      } as unknown as ExportedComment;
    }
  }
  const site = { id: 'bench', origins: ['https://bench.example'], settings: DEFAULT_SETTINGS, createdAt: t0 } as Site;
  for await (const piece of writeJsonExport(site, pages, all())) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return comments;
}

export async function runImportBench(comments = COMMENTS): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-import-'));
  try {
    const file = path.join(dir, 'bench.xml');
    const tGen = performance.now();
    const n = await generateWxr(file, comments);
    const generated = { comments: n, megabytes: +(statSync(file).size / 1e6).toFixed(1), seconds: +((performance.now() - tGen) / 1000).toFixed(1) };
    const dataDir = path.join(dir, 'data');
    const imp = measure(dataDir, ['import', 'wordpress', file, '--site', 'bench', '--json']);
    const summary = JSON.parse(imp.stdout) as { imported: number };
    if (summary.imported !== n) throw new Error(`imported ${summary.imported} of ${n}`);
    const json = measure(dataDir, ['export', '--site', 'bench', '--format', 'json', '--out', path.join(dir, 'out.json')]);
    const wxr = measure(dataDir, ['export', '--site', 'bench', '--format', 'wxr', '--out', path.join(dir, 'out.xml')]);
    // The same comments from Disqus, into a store of their own.
    const disqusFile = path.join(dir, 'bench-disqus.xml');
    await generateDisqus(disqusFile, n);
    rmSync(file);
    const disqus = measure(path.join(dir, 'data-disqus'), ['import', 'disqus', disqusFile, '--site', 'bench', '--json']);
    const disqusSummary = JSON.parse(disqus.stdout) as { imported: number };
    if (disqusSummary.imported !== n) throw new Error(`imported ${disqusSummary.imported} of ${n} from Disqus`);
    const rate = (s: number) => Math.round(n / s);
    // Wall-clock rates count the whole command (process start included); CPU rates stay
    // meaningful when other work shares the machine's two cores.
    const report = (m: ReturnType<typeof measure>) => ({
      seconds: +m.seconds.toFixed(2),
      commentsPerSec: rate(m.seconds),
      cpuSeconds: +m.cpuSeconds.toFixed(2),
      commentsPerCpuSec: rate(m.cpuSeconds),
      peakRssMb: m.peakRssMb,
    });
    return { generated, import: report(imp), exportJson: report(json), exportWxr: report(wxr), importDisqus: report(disqus), targets: { commentsPerSec: 5000, peakRssMb: 300 } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the CLI under GNU time (`%M`: peak RSS in KB of that process, the one
 * doing the work). Seconds include the process start (tsx), so the rates are
 * what a user of the command sees.
 */
function measure(dataDir: string, args: string[]): { seconds: number; cpuSeconds: number; peakRssMb: number; stdout: string } {
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', MONGODB_URI: '', REDIS_URL: '' };
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, '--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`bench step "${args.join(' ')}" failed: ${r.stderr}`);
  const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr.trim());
  return { seconds, cpuSeconds: m ? Number(m[1]) + Number(m[2]) : NaN, peakRssMb: m ? Math.round(Number(m[3]) / 1024) : NaN, stdout: r.stdout };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const results = await runImportBench();
  console.log(JSON.stringify(results, null, 2));
}
