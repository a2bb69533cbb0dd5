/**
 * Import/export benchmark (issue 11): generates a 100,000-comment WXR, imports
 * it into a fresh SQLite store and exports it again (JSON and WXR), each in its
 * own process so that peak RSS is that of the step alone. Reports comments per
 * second and peak RSS. Targets on the project's 2-core machine: ≥ 5,000
 * comments/s and ≤ 300 MB. Run alone with `npx tsx bench/import.ts`.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    return { generated, import: report(imp), exportJson: report(json), exportWxr: report(wxr), targets: { commentsPerSec: 5000, peakRssMb: 300 } };
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
