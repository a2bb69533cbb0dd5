/**
 * Issue 13's search speed: a store of 1,000,000 comments (100,000 with --quick) seeded in
 * bulk (seed.ts), then a spread of moderation searches through HTTP against the compiled
 * server, one at a time (the figure is a moderator's wait, not a throughput): Arabic words
 * with spelling variants, a word in every comment, a phrase, `email:`, `name:`, `ip:` (an
 * address and CIDR ranges), `page:`, `status:` and combinations. Target: p50 ≤ 50 ms.
 *
 * The seeder writes one text for every comment, so before measuring, every 100th comment is
 * given words spelled in several ways (with tashkeel, hamza forms, ة/ه, ى/ي, Arabic-Indic
 * digits) and some comments are moved to pending, spam and trash — through SQL UPDATEs, so
 * the store's triggers keep the search index — and the counters are recounted.
 */
import { registerPublicFunctions } from '../server/store/sqlite-public.js';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../server/store/index.js';
import { registerSearchFunctions } from '../server/store/sqlite-search.js';
import { login, percentile, startServer } from './proc.js';
import { seedStore, SITE, type SeedResult } from './seed.js';

/** Sentences written into every 100th comment, in turns: the same words spelled differently. */
const VARIANTS = [
  'أتفق مع الإسلامِ المعتدل الذي وصفه الكاتب، وأضيف مدرسة الحيّ مثالاً.',
  'الاسلام دين يسر، وقد قرأت هذا في مدرسه القرية سنة ٢٠٢٦.',
  'زرت المستشفى الجديد، والأسلام ذكر في كلمة الافتتاح عام 2026.',
  'مستشفي المدينة مزدحم، وما كتبتموه عن المدرسةِ صحيح تماماً.',
];

export interface SearchQueryResult {
  name: string;
  q: string;
  /** comments in the first answer page (at most 50) */
  found: number;
  p50ms: number;
  p95ms: number;
}

export interface SearchResult {
  comments: number;
  seed: SeedResult;
  variedS: number;
  requests: number;
  p50ms: number;
  p95ms: number;
  queries: SearchQueryResult[];
}

/** Gives every 100th comment one of VARIANTS and moves some to pending, spam and trash. */
function vary(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'majlis.sqlite'));
  registerSearchFunctions(db);
  registerPublicFunctions(db);
  db.pragma('synchronous = OFF');
  const text = db.prepare(`UPDATE comments SET content = ? || ' (' || rowid || ')' WHERE rowid % 100 = ?`);
  const status = db.prepare(`UPDATE comments SET status = ? WHERE rowid % ? = 0`);
  db.transaction(() => {
    // rowid % 100 = 3, 23, 43, 63 … so the four sentences spread over the store
    VARIANTS.forEach((v, i) => text.run(v, 3 + i * 20));
    status.run('pending', 7);
    status.run('spam', 13);
    status.run('trash', 29);
  })();
  db.close();
}

function queries(comments: number, pages: number): Array<{ name: string; q: string }> {
  const lastPage = Math.floor(pages * 0.77);
  return [
    { name: 'word, hamza/tashkeel variants', q: 'الإسلامَ' },
    { name: 'word, ة/ه variant', q: 'مدرسه' },
    { name: 'word, ى/ي variant', q: 'مستشفى' },
    { name: 'digits, Arabic-Indic', q: '٢٠٢٦' },
    { name: 'word in every comment', q: 'تعليق' },
    { name: 'phrase in every comment', q: '"سؤال للكاتب"' },
    { name: 'two words', q: 'الاسلام مدرسة' },
    { name: 'email:', q: 'email:reader42@bench.example' },
    { name: 'email: + word (any case)', q: 'email:READER7@Bench.Example تعليق' },
    { name: 'name:', q: 'name:فاطمه' },
    { name: 'ip: address', q: `ip:10.${(comments >> 17) & 255}.3.7` },
    { name: 'ip: CIDR /24', q: 'ip:10.1.2.0/24' },
    { name: 'ip: CIDR /20', q: 'ip:10.0.16.0/20' },
    { name: 'page:', q: `page:/article/${lastPage}` },
    { name: 'status:', q: 'status:spam' },
    { name: 'status: + word', q: 'status:pending مستشفي' },
    { name: 'page: + status: + word', q: `page:/article/${lastPage} status:approved تعليق` },
    { name: 'per-page view (page= parameter, every status)', q: '' },
  ];
}

async function timed(url: string, cookie: string): Promise<{ ms: number; found: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie, accept: 'application/json' } });
  const body = (await res.json()) as { comments?: unknown[] };
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`search ${res.status} ${JSON.stringify(body).slice(0, 200)} for ${url}`);
  return { ms, found: body.comments?.length ?? 0 };
}

/** Seeds, varies, starts the server and runs each query `rounds` times (after one warm-up pass). */
export async function measureSearch(o: { comments: number; pages: number; rounds: number }): Promise<SearchResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-bench-search-'));
  try {
    const per = Math.floor(o.comments / o.pages);
    const seed = await seedStore(dataDir, { pages: Array.from({ length: o.pages }, (_, i) => ({ page: `/article/${i}`, comments: per + (i < o.comments % o.pages ? 1 : 0) })) });
    console.log(`  seeded ${seed.comments.toLocaleString('en')} comments in ${seed.seconds} s`, seed.phases);
    const t0 = performance.now();
    vary(dataDir);
    const store = await openStore({ dataDir });
    await store.rebuildCounters(SITE);
    await store.close();
    const variedS = +((performance.now() - t0) / 1000).toFixed(1);
    const server = await startServer(dataDir);
    try {
      const cookie = await login(server.url);
      const list = queries(o.comments, o.pages).map((x) => ({
        ...x,
        url: `${server.url}/api/moderation/comments?site=${SITE}&${x.q ? `q=${encodeURIComponent(x.q)}` : `page=${encodeURIComponent(`/article/${o.pages - 1}`)}`}`,
        times: [] as number[],
        found: 0,
      }));
      for (const x of list) x.found = (await timed(x.url, cookie)).found; // warm-up pass
      for (let r = 0; r < o.rounds; r++) for (const x of list) x.times.push((await timed(x.url, cookie)).ms);
      const all = list.flatMap((x) => x.times);
      const round = (n: number) => +n.toFixed(1);
      return {
        comments: seed.comments,
        seed,
        variedS,
        requests: all.length,
        p50ms: round(percentile(all, 50)),
        p95ms: round(percentile(all, 95)),
        queries: list.map((x) => ({ name: x.name, q: x.q || `page=/article/${o.pages - 1}`, found: x.found, p50ms: round(percentile(x.times, 50)), p95ms: round(percentile(x.times, 95)) })),
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
