/**
 * Bulk seeding for the bench, straight into the SQLite file rather than through
 * HTTP: the store is opened once (so its migrations run and the site exists),
 * then rows are written by big prepared-statement transactions with every column
 * the store's own insert fills (server/store/sqlite-comments.ts insertCommentRow,
 * including the collation keys author_key and dup_key of moderation/collate.ts),
 * with the comment indexes dropped during the load and recreated from their own
 * definitions afterwards; finally `store.rebuildCounters(site)` recounts once.
 * The search index (FTS5, server/store/sqlite-search.ts) is not kept row by row:
 * its insert trigger is dropped for the load, and the index is filled afterwards
 * by two INSERT … SELECT statements doing what the trigger does (a rowid in
 * comment_search_ids, the folded name and text in comments_fts), then the
 * trigger is recreated from its own definition. Any other trigger on comments
 * stops the seeder (it would have to learn what that trigger does).
 *
 * Bench-only: nothing in server/ calls this.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../server/domain/types.js';
import { authorKey, collationKey, duplicateKey } from '../server/moderation/collate.js';
import { openStore } from '../server/store/index.js';
import { newId } from '../server/store/ids.js';
import { normalizeForMatch } from '../server/moderation/normalize.js';
import { registerSearchFunctions } from '../server/store/sqlite-search.js';
import { PUBLIC_JSON_TRIGGERS, registerPublicFunctions } from '../server/store/sqlite-public.js';
import { publicBodyJson } from '../server/views.js';

export const SITE = 'bench';

export interface SeedPlan {
  /** pages with a given number of approved comments (top-level every 4th, the rest replies to it) */
  pages: Array<{ page: string; comments: number }>;
}

export interface SeedResult {
  comments: number;
  pages: number;
  seconds: number;
  /** of which: rows, indexes, counters */
  phases: { rowsS: number; indexesS: number; searchS: number; countersS: number };
  /** CPU seconds of this process over the whole seeding (wall time is noisy on a shared machine) */
  cpuS: number;
}

const TEXT =
  'هذا تعليق مكتوب للقياس، فيه جملة عربية معقولة الطول عن موضوع المقال وما جاء فيه من أفكار، مع سؤال للكاتب في آخره: هل من مزيد؟';
const NAMES = ['أحمد', 'فاطمة', 'يوسف', 'مريم', 'خالد', 'ليلى', 'Omar', 'Sara', 'عبد الله', 'نور'];
const AUTHORS = 1000;

/** Site settings under which the bench measures: no flood window or first-comment hold, so each request is judged on itself. */
export const BENCH_SETTINGS = { ...DEFAULT_SETTINGS, floodSeconds: 0, previouslyApproved: false, holdAll: false };

export async function seedStore(dataDir: string, plan: SeedPlan): Promise<SeedResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const store = await openStore({ dataDir });
  await store.ensureSite({ id: SITE, origins: [], settings: BENCH_SETTINGS, createdAt: Date.now() - 86_400_000 * 400 });
  await store.close();

  const db = new Database(path.join(dataDir, 'majlis.sqlite'));
  // The search index is filled with majlis_fold (sqlite-search.ts); every row's text is TEXT plus
  // a short suffix, so the fold of TEXT is computed once (checked against a full fold below).
  registerSearchFunctions(db);
  registerPublicFunctions(db);
  db.pragma('journal_mode = OFF'); // bench-only: a crash mid-seed just means seeding again
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 2'); // CREATE INDEX may sort with a helper thread
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND sql IS NOT NULL`)
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'comments'`).all() as Array<{ name: string; sql: string }>;
  const searchInsert = triggers.find((t) => t.name === SEARCH_INSERT_TRIGGER);
  // Triggers that never fire on INSERT (the readers' cleanup runs AFTER DELETE) do not concern a seeder.
  const firesOnInsert = (t: { sql: string }) => /\b(BEFORE|AFTER|INSTEAD\s+OF)\s+INSERT\b/i.test(t.sql);
  // The public body's insert trigger fires only when an insert leaves public_json out; this one writes it.
  const unknown = triggers.filter((t) => !t.name.startsWith('comments_search_') && t.name !== PUBLIC_JSON_TRIGGERS.insert && firesOnInsert(t));
  if (!searchInsert || unknown.length > 0) {
    throw new Error(`bench/seed.ts: comments has triggers it does not know (${unknown.map((t) => t.name).join(', ') || `no ${SEARCH_INSERT_TRIGGER}`}); teach the seeder what they do`);
  }
  db.exec(`DROP TRIGGER ${SEARCH_INSERT_TRIGGER}`);
  const searchFrom = (db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM comment_search_ids').get() as { n: number }).n;

  const insert = db.prepare(
    `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, author_url,
       avatar_key, content, status, prev_status, version, ip, user_agent, reasons, history,
       page_title, page_url, created_at, edited_at, author_key, dup_key, public_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 'approved', NULL, 1, ?, 'majlis-bench', '[]', '[]', ?, NULL, ?, NULL, ?, ?, ?)`,
  );
  const insertPage = db.prepare(`INSERT OR IGNORE INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, NULL, 0, ?)`);
  const authors = Array.from({ length: AUTHORS }, (_, a) => {
    const name = `${NAMES[a % NAMES.length]} ${a}`;
    const email = `reader${a}@bench.example`;
    return { name, email, key: authorKey(name, email), nameKey: collationKey(name), emailKey: collationKey(email), avatar: createHash('sha256').update(email).digest('hex').slice(0, 32) };
  });
  // The collation of the shared text is computed once; each row's key is checked against
  // moderation/collate.ts on the first row of every batch (so a change there fails loudly here).
  const textKey = collationKey(TEXT);

  const total = plan.pages.reduce((n, p) => n + p.comments, 0);
  let createdAt = Date.now() - total * 1000 - 3_600_000;
  let seq = 0;
  const BATCH = 50_000;
  let queue: Array<{ page: string; comments: number; done: number; top: string | null }> = plan.pages.map((p) => ({ ...p, done: 0, top: null }));
  const batch = db.transaction((limit: number) => {
    let written = 0;
    while (queue.length > 0 && written < limit) {
      const p = queue[0]!;
      if (p.done === 0) insertPage.run(SITE, p.page, `مقال ${p.page}`, createdAt);
      for (; p.done < p.comments && written < limit; p.done++, written++) {
        seq++;
        createdAt += 1000;
        const id = newId(createdAt);
        const parentId = p.done % 4 === 0 ? null : p.top;
        if (parentId === null) p.top = id;
        const a = authors[seq % AUTHORS]!;
        const content = `${TEXT} (${seq})`;
        const dup = createHash('sha256')
          .update(JSON.stringify([SITE, p.page, parentId ?? '', a.nameKey, a.emailKey, `${textKey} (${seq})`]))
          .digest('base64url');
        if (written === 0 && dup !== duplicateKey({ site: SITE, page: p.page, parentId, name: a.name, email: a.email, content })) {
          throw new Error('bench/seed.ts: dup_key differs from moderation/collate.ts duplicateKey; update the seeder');
        }
        const body = publicBodyJson({ id, parentId, page: p.page, authorName: a.name, authorUrl: null, avatarKey: a.avatar, content, createdAt, editedAt: null, deletedAt: null });
        insert.run(id, SITE, p.page, parentId, parentId ?? id, a.name, a.email, a.avatar, content, `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`, `مقال ${p.page}`, createdAt, a.key, dup, body);
      }
      if (p.done >= p.comments) queue.shift();
    }
  });
  while (queue.length > 0) batch(BATCH);
  queue = [];
  const t1 = performance.now();
  for (const i of indexes) db.exec(i.sql);
  const t2 = performance.now();
  fillSearchIndex(db, searchFrom);
  db.exec(searchInsert.sql);
  const t2s = performance.now();
  db.close();

  const again = await openStore({ dataDir });
  await again.rebuildCounters(SITE);
  await again.close();
  const t3 = performance.now();
  const s = (ms: number) => +(ms / 1000).toFixed(1);
  const cpu = process.cpuUsage(cpu0);
  return {
    comments: total,
    pages: plan.pages.length,
    seconds: s(t3 - t0),
    phases: { rowsS: s(t1 - t0), indexesS: s(t2 - t1), searchS: s(t2s - t2), countersS: s(t3 - t2s) },
    cpuS: s((cpu.user + cpu.system) / 1000),
  };
}

const SEARCH_INSERT_TRIGGER = 'comments_search_insert';

/**
 * What comments_search_insert does for each row, for every comment without a
 * search rowid yet, in two statements. The fold of the shared text is computed
 * once: majlis_fold is registered again on this connection with that shortcut,
 * and the shortcut is checked against the real fold on a sample of rows.
 */
function fillSearchIndex(db: Database.Database, from: number): void {
  const textFold = normalizeForMatch(TEXT);
  const fold = (v: unknown): string => {
    const s = typeof v === 'string' ? v : '';
    return s.startsWith(TEXT) ? textFold + normalizeForMatch(s.slice(TEXT.length)) : normalizeForMatch(s);
  };
  for (const r of db.prepare(`SELECT content FROM comments WHERE rowid % 9973 = 1`).all() as Array<{ content: string }>) {
    if (fold(r.content) !== normalizeForMatch(r.content)) throw new Error('bench/seed.ts: the folded text differs from moderation/normalize.ts; update the seeder');
  }
  db.function('majlis_fold', { deterministic: true }, fold);
  db.transaction(() => {
    db.exec(`INSERT INTO comment_search_ids (id) SELECT c.id FROM comments c WHERE NOT EXISTS (SELECT 1 FROM comment_search_ids s WHERE s.id = c.id)`);
    db.prepare(
      `INSERT INTO comments_fts (rowid, name, body)
       SELECT s.rowid, majlis_fold(c.author_name), majlis_fold(c.content) FROM comment_search_ids s JOIN comments c ON c.id = s.id WHERE s.rowid > ?`,
    ).run(from);
  })();
  registerSearchFunctions(db);
}

/** The growth table's pages (10, 100, 1,000, 5,000 comments), padded with pages of ~100 comments up to `storeTotal`. */
export function growthPlan(sizes: number[], storeTotal: number, fillerPages: number): SeedPlan {
  const pages = sizes.map((n) => ({ page: `/grow/${n}`, comments: n }));
  const rest = Math.max(0, storeTotal - sizes.reduce((a, b) => a + b, 0));
  const count = Math.max(1, fillerPages - sizes.length);
  for (let i = 0; i < count; i++) pages.push({ page: `/article/${i}`, comments: Math.floor(rest / count) + (i < rest % count ? 1 : 0) });
  return { pages: pages.filter((p) => p.comments > 0) };
}
