import type Database from 'better-sqlite3';
import { STATUSES, type CursorPos, type StoredComment } from '../domain/types.js';
import { normalizeForMatch } from '../moderation/normalize.js';
import { ipMatcher } from '../search/match.js';
import type { SearchQuery } from '../search/query.js';
import { prepared } from './sqlite-prepared.js';
import { toComment, type Row } from './sqlite-rows.js';

/**
 * The folding function the search index is built with (moderation/normalize.ts), and the
 * switch of deferred indexing (withSearchDeferred), registered on every connection before
 * migrations run. The triggers below call them, so a tool that writes comments through
 * another SQLite connection must register them too.
 */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('majlis_fold', { deterministic: true }, (s: unknown) => normalizeForMatch(typeof s === 'string' ? s : ''));
  const state: { ids: string[] | null } = { ids: null };
  deferral.set(db, state);
  // Asked by the insert trigger: 0 = index this comment now; 1 = it is noted, and indexed
  // with the others at the end of withSearchDeferred.
  db.function('majlis_search_deferred', { deterministic: false }, (id: unknown) => {
    if (!state.ids) return 0;
    state.ids.push(String(id));
    return 1;
  });
}

const deferral = new WeakMap<Database.Database, { ids: string[] | null }>();

/** Comments indexed per pair of statements at the end of withSearchDeferred. */
const SEARCH_BATCH = 1000;

/**
 * Runs `write` (inside the caller's transaction) with the search indexing of the comments it
 * inserts deferred to its end, where they are indexed together, as the insert trigger would
 * have, two statements per SEARCH_BATCH comments. Why (issue 10): FTS5 writes its pending terms
 * to disk whenever a statement opens a statement journal in the transaction, as every comment
 * insert does (it fires triggers), so comments inserted one after another in one group commit
 * each became an index segment of their own, and the segments were merged again and again:
 * 0.3 ms of CPU per comment on a store of 1,000,000. Batches, not one statement for all: a
 * statement's journal is held in memory (temp_store, sqlite.ts) and grows with the pages the
 * statement changes; one statement pair for an import's 100,000 comments grew the process by
 * ~24 MB (7 with temp_store = FILE), batches of 5,000 by 9-16 MB, of 1,000 by 1-2 MB for
 * ~0.2 s more CPU (3.1 s in all). A comment deleted or edited before the end is indexed as it
 * is then (or not at all). Without registerSearchFunctions on `db`, or when already
 * deferring, `write` simply runs.
 */
export function withSearchDeferred<T>(db: Database.Database, write: () => T): T {
  const state = deferral.get(db);
  if (!state || state.ids) return write();
  state.ids = [];
  try {
    const out = write();
    for (let i = 0; i < state.ids.length; i += SEARCH_BATCH) {
      const ids = JSON.stringify(state.ids.slice(i, i + SEARCH_BATCH));
      prepared(db, `INSERT INTO comment_search_ids (id) SELECT c.id FROM json_each(?) JOIN comments c ON c.id = json_each.value`).run(ids);
      prepared(
        db,
        `INSERT INTO comments_fts (rowid, name, body)
         SELECT s.rowid, majlis_fold(c.author_name), majlis_fold(c.content)
         FROM json_each(?) JOIN comments c ON c.id = json_each.value JOIN comment_search_ids s ON s.id = c.id`,
      ).run(ids);
    }
    return out;
  } finally {
    state.ids = null;
  }
}

/**
 * Migration step (issue 10): the insert trigger leaves a comment to withSearchDeferred when
 * asked to (majlis_search_deferred); otherwise it indexes as before.
 */
export const SEARCH_DEFERRAL_MIGRATION = `
  DROP TRIGGER comments_search_insert;
  CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN NOT majlis_search_deferred(new.id) BEGIN
    INSERT INTO comment_search_ids (id) VALUES (new.id);
    INSERT INTO comments_fts (rowid, name, body)
      VALUES ((SELECT rowid FROM comment_search_ids WHERE id = new.id), majlis_fold(new.author_name), majlis_fold(new.content));
  END;
`;

/**
 * Migration step (helper G): a trigram FTS5 index over the folded author name and text,
 * kept by triggers with every insert, edit and delete (whatever code path writes).
 * FTS rowids come from comment_search_ids (an INTEGER PRIMARY KEY, so VACUUM keeps them).
 * Also an index for email searches, which compare emails case-insensitively.
 */
export const SEARCH_MIGRATION = `
  CREATE TABLE comment_search_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
  CREATE VIRTUAL TABLE comments_fts USING fts5(name, body, tokenize = 'trigram');
  INSERT INTO comment_search_ids (id) SELECT id FROM comments ORDER BY created_at, id;
  INSERT INTO comments_fts (rowid, name, body)
    SELECT s.rowid, majlis_fold(c.author_name), majlis_fold(c.content) FROM comments c JOIN comment_search_ids s ON s.id = c.id;
  CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comment_search_ids (id) VALUES (new.id);
    INSERT INTO comments_fts (rowid, name, body)
      VALUES ((SELECT rowid FROM comment_search_ids WHERE id = new.id), majlis_fold(new.author_name), majlis_fold(new.content));
  END;
  CREATE TRIGGER comments_search_update AFTER UPDATE OF author_name, content ON comments BEGIN
    UPDATE comments_fts SET name = majlis_fold(new.author_name), body = majlis_fold(new.content)
      WHERE rowid = (SELECT rowid FROM comment_search_ids WHERE id = new.id);
  END;
  CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comments_fts WHERE rowid = (SELECT rowid FROM comment_search_ids WHERE id = old.id);
    DELETE FROM comment_search_ids WHERE id = old.id;
  END;
  CREATE INDEX comments_email_ci ON comments (site, lower(author_email), created_at);
`;

const ftsString = (s: string) => `"${s.replace(/"/g, '""')}"`;
const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** Rows read per round when a CIDR range filters in code, and at most per request. */
const BATCH = 500;
const MAX_SCAN = 20_000;

type Sql = { where: string[]; args: unknown[] };

/** The conditions on the comment's own columns (site, status, email, page, URL, exact IPs). */
function rowFilters(q: SearchQuery, exactIps: boolean): Sql {
  const where: string[] = ['c.site = ?'];
  const args: unknown[] = [q.site];
  const inList = (col: string, values: unknown[]) => {
    where.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  };
  if (q.emails.length) inList('lower(c.author_email)', q.emails);
  if (q.pages.length) inList('c.page', q.pages);
  if (q.urls.length) {
    where.push(`(${q.urls.map((u) => (u.endsWith('*') ? `c.page_url LIKE ? ESCAPE '\\'` : 'c.page_url = ?')).join(' OR ')})`);
    args.push(...q.urls.map((u) => (u.endsWith('*') ? `${likeEscape(u.slice(0, -1)).slice(1)}` : u)));
  }
  if (q.ips.length && exactIps) inList('c.ip', q.ips.flatMap((r) => (r.family === 'ipv4' ? [r.address, `::ffff:${r.address}`] : [r.address])));
  return { where, args };
}

/** Words and names: an FTS5 MATCH expression (three letters or more) and LIKEs on the folded columns. */
function textFilters(q: SearchQuery): { match: string | null; likes: Sql } | null {
  if (!q.words.length && !q.names.length) return null;
  const match: string[] = [];
  const likes: Sql = { where: [], args: [] };
  for (const w of q.words) {
    if ([...w].length >= 3) match.push(ftsString(w));
    else {
      likes.where.push(`(f.body LIKE ? ESCAPE '\\' OR f.name LIKE ? ESCAPE '\\')`);
      likes.args.push(likeEscape(w), likeEscape(w));
    }
  }
  for (const n of q.names) {
    if ([...n].length >= 3) match.push(`name : ${ftsString(n)}`);
    else {
      likes.where.push(`f.name LIKE ? ESCAPE '\\'`);
      likes.args.push(likeEscape(n));
    }
  }
  return { match: match.length ? match.join(' AND ') : null, likes };
}

/** The folded words and names, checked in code on the index's own folded columns (substrings, as the trigram index matches). */
function textInRow(q: SearchQuery) {
  return (body: string, name: string) => q.words.every((w) => body.includes(w) || name.includes(w)) && q.names.every((n) => name.includes(n));
}

/**
 * Text prefixes covering an IPv4 CIDR range, for a range scan of the (site, ip, created_at)
 * index: `10.1.0.0/16` → "10.1."; `10.1.16.0/20` → "10.1.16." … "10.1.31."; each also in its
 * IPv4-mapped IPv6 spelling. Null when the index cannot narrow it (IPv6, or /0).
 */
export function ipv4Prefixes(r: SearchQuery['ips'][number]): Array<{ lo: string; hi: string }> | null {
  if (r.family !== 'ipv4' || r.prefix === 0) return null;
  if (r.prefix === 32) return [r.address, `::ffff:${r.address}`].map((a) => ({ lo: a, hi: a }));
  const octets = r.address.split('.').map(Number);
  const fixed = Math.floor(r.prefix / 8);
  const free = r.prefix % 8;
  const head = octets.slice(0, fixed).join('.');
  const values = free === 0 ? [null] : Array.from({ length: 1 << (8 - free) }, (_, i) => octets[fixed]! + i);
  const out: Array<{ lo: string; hi: string }> = [];
  for (const v of values) {
    const exact = v !== null && fixed === 3;
    const p = v === null ? `${head}.` : `${head ? `${head}.` : ''}${v}${exact ? '' : '.'}`;
    for (const spelled of [p, `::ffff:${p}`]) out.push(exact ? { lo: spelled, hi: spelled } : { lo: spelled, hi: `${spelled.slice(0, -1)}/` });
  }
  return out;
}

const before = (a: CursorPos, b: CursorPos) => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
const newestFirst = (a: Row, b: Row) => (b.created_at as number) - (a.created_at as number) || ((a.id as string) < (b.id as string) ? 1 : (a.id as string) > (b.id as string) ? -1 : 0);
type TextRow = Row & { fold_body?: string; fold_name?: string };
/** The folded columns of the search index, joined per comment (rowid lookups; the comment stays the outer loop). */
// The index's own content table (FTS5's documented %_content shadow table: c0 = name, c1 = body),
// read by rowid directly: a plain b-tree lookup, where the virtual table costs a cursor per row.
const FOLDED = 'CROSS JOIN comment_search_ids s ON s.id = c.id CROSS JOIN comments_fts_content f ON f.id = s.rowid';
const FOLDED_COLUMNS = ', f.c1 AS fold_body, f.c0 AS fold_name';

/**
 * Newest first, strictly before `q.before`, read the way that narrows best (issue 13: a search
 * on 1,000,000 comments answers in p50 ≤ 50 ms; bench/search.ts measures it):
 * - IPv4 CIDR ranges holding under MAX_SCAN comments: the (site, ip, created_at) index by text
 *   prefix (covering), exact in code;
 * - `email:`, an exact `ip:`, `page:`: their own index, then sorted (one person's, one address's
 *   or one page's comments);
 * - otherwise each status's (site, status, created_at, id) index, newest first, merged.
 * Words and names are checked on the search index's folded columns as rows stream by; when
 * TEXT_SCAN rows have not filled a page, the word is rare enough to read its matches through
 * the trigram index instead (FTS5 MATCH), sorted. Words under three letters only stream.
 * IPv6 ranges filter in code: a request scans at most MAX_SCAN rows and hands back its cursor.
 */
export function searchComments(db: Database.Database, q: SearchQuery): { comments: StoredComment[]; next: CursorPos | null } {
  const exactIps = q.ips.every((r) => r.prefix === (r.family === 'ipv4' ? 32 : 128));
  const rows = rowFilters(q, exactIps);
  const text = textFilters(q);
  const page = (out: StoredComment[]) => {
    const more = out.length > q.limit;
    if (more) out.length = q.limit;
    const last = out[out.length - 1];
    return { comments: out, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  };
  const prefixes = exactIps ? null : q.ips.map(ipv4Prefixes);
  if (prefixes && prefixes.every((p) => p !== null)) {
    const found = byIpRanges(db, q, rows, text, prefixes.flat() as Array<{ lo: string; hi: string }>);
    if (found) return page(found);
  }
  return byTime(db, q, rows, text, exactIps, page);
}

/** Rows scanned newest first before a text search switches to the trigram index. */
const TEXT_SCAN = 2_000;

function byTextIndex(db: Database.Database, q: SearchQuery, rows: Sql, text: NonNullable<ReturnType<typeof textFilters>>): StoredComment[] {
  const where = [...rows.where, 'comments_fts MATCH ?', ...text.likes.where];
  if (q.statuses.length) where.push(`c.status IN (${q.statuses.map(() => '?').join(', ')})`);
  const pos = q.before ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
  const sql = `SELECT c.* FROM comments_fts f JOIN comment_search_ids s ON s.rowid = f.rowid JOIN comments c ON c.id = s.id
    WHERE ${where.join(' AND ')} AND (c.created_at, c.id) < (?, ?) ORDER BY c.created_at DESC, c.id DESC LIMIT ?`;
  return (db.prepare(sql).all(...rows.args, text.match, ...text.likes.args, ...q.statuses, pos.createdAt, pos.id, q.limit + 1) as Row[]).map(toComment);
}

/** CIDR ranges: candidates from the IP index (covering: no row reads), exact in code, then rows a chunk at a time. */
function byIpRanges(db: Database.Database, q: SearchQuery, rows: Sql, text: ReturnType<typeof textFilters>, ranges: Array<{ lo: string; hi: string }>): StoredComment[] | null {
  // one range scan per prefix (an OR of ranges would scan the site's whole index)
  const limitAt = q.before?.createdAt ?? Number.MAX_SAFE_INTEGER;
  const exact = db.prepare(`SELECT rowid AS r, created_at AS t FROM comments INDEXED BY comments_flood_ip WHERE site = ? AND ip = ? AND created_at <= ? LIMIT ?`);
  const range = db.prepare(`SELECT rowid AS r, created_at AS t FROM comments INDEXED BY comments_flood_ip WHERE site = ? AND ip >= ? AND ip < ? AND created_at <= ? LIMIT ?`);
  const all: Array<{ r: number; t: number }> = [];
  for (const x of ranges) {
    const left = MAX_SCAN - all.length;
    all.push(...((x.lo === x.hi ? exact.all(q.site, x.lo, limitAt, left) : range.all(q.site, x.lo, x.hi, limitAt, left)) as typeof all));
    if (all.length >= MAX_SCAN) return null; // a wide range: newest first is quicker
  }
  // the prefixes cover the ranges exactly (ipv4Prefixes), so no address check in code
  const cands = all.sort((a, b) => b.t - a.t);
  const where = [...rows.where];
  if (q.statuses.length) where.push(`c.status IN (${q.statuses.map(() => '?').join(', ')})`);
  const check = textInRow(q);
  const out: StoredComment[] = [];
  for (let i = 0, size = q.limit + 1; i < cands.length && out.length <= q.limit; size *= 2) {
    let j = Math.min(cands.length, i + size);
    while (j < cands.length && cands[j]!.t === cands[j - 1]!.t) j++; // equal times sort by id within one chunk
    const ids = cands.slice(i, j).map((x) => x.r);
    const sql = `SELECT c.*${text ? FOLDED_COLUMNS : ''} FROM comments c NOT INDEXED ${text ? FOLDED : ''}
      WHERE c.rowid IN (${ids.map(() => '?').join(', ')}) AND ${where.join(' AND ')}`;
    const found = (db.prepare(sql).all(...ids, ...rows.args, ...q.statuses) as TextRow[])
      .filter((r) => !text || check(r.fold_body!, r.fold_name!))
      .sort(newestFirst)
      .map(toComment)
      .filter((c) => !q.before || before(c, q.before));
    out.push(...found);
    i = j;
  }
  return out;
}

/**
 * Newest first through an index that gives the order (or one person's / one page's rows,
 * sorted), filtering IP ranges and words in code, in rounds; see searchComments.
 */
function byTime<T>(db: Database.Database, q: SearchQuery, rows: Sql, text: ReturnType<typeof textFilters>, exactIps: boolean, page: (out: StoredComment[]) => T): T | { comments: StoredComment[]; next: CursorPos } {
  const ipKeyed = q.ips.length > 0 && exactIps;
  const keyed = q.emails.length > 0 || q.pages.length > 0 || ipKeyed;
  const index = q.emails.length ? 'INDEXED BY comments_email_ci' : ipKeyed ? 'INDEXED BY comments_flood_ip' : q.pages.length ? 'INDEXED BY comments_visible' : '';
  const where = [...rows.where, keyed ? (q.statuses.length ? `c.status IN (${q.statuses.map(() => '?').join(', ')})` : '1') : 'c.status = ?'];
  // Words alone: the scan reads only the status index (covering: time, id, rowid) and the
  // folded text, and whole rows only for the comments that match.
  const lean = !!text && !keyed && !post(q, exactIps) && rows.where.length === 1;
  const columns = lean ? 'c.rowid AS r, c.created_at, c.id' : 'c.*';
  const sql = `SELECT ${columns}${text ? FOLDED_COLUMNS : ''} FROM comments c ${lean ? 'INDEXED BY comments_queue' : index} ${text ? FOLDED : ''}
    WHERE ${where.join(' AND ')} AND (c.created_at, c.id) < (?, ?) ORDER BY c.created_at DESC, c.id DESC LIMIT ?`;
  const stmt = db.prepare(sql);
  const rounds: unknown[][] = keyed ? [q.statuses] : (q.statuses.length ? q.statuses : STATUSES).map((st) => [st]);
  const inRange = ipMatcher(q);
  const check = textInRow(q);
  const out: StoredComment[] = [];
  const leanIds: number[] = [];
  const found = () => out.length + leanIds.length;
  const whole = () => {
    if (!leanIds.length) return out;
    const full = db.prepare(`SELECT * FROM comments NOT INDEXED WHERE rowid IN (${leanIds.map(() => '?').join(', ')})`).all(...leanIds) as Row[];
    return full.sort(newestFirst).map(toComment);
  };
  const filtered = post(q, exactIps);
  let pos: CursorPos = q.before ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
  let scanned = 0;
  // one stream per round (each status's index), merged newest first; each refills from its
  // own position, doubling its batch, so rows are read about as fast as they are used
  const grow = filtered || text ? (n: number) => Math.min(lean ? BATCH * 4 : BATCH, n * 2) : (n: number) => n;
  const streams = rounds.map((extra) => ({ extra, buf: [] as TextRow[], i: 0, at: pos, take: q.limit + 1, done: false }));
  const head = (st: (typeof streams)[number]): TextRow | undefined => {
    if (st.i >= st.buf.length && !st.done) {
      st.buf = stmt.all(...rows.args, ...st.extra, st.at.createdAt, st.at.id, st.take) as TextRow[];
      st.i = 0;
      st.done = st.buf.length < st.take;
      st.take = grow(st.take);
      const last = st.buf[st.buf.length - 1];
      if (last) st.at = { createdAt: last.created_at as number, id: last.id as string };
    }
    return st.buf[st.i];
  };
  for (;;) {
    let best: (typeof streams)[number] | null = null;
    for (const st of streams) {
      const h = head(st);
      if (h && (!best || newestFirst(h, best.buf[best.i]!) < 0)) best = st;
    }
    if (!best) break;
    const r = best.buf[best.i++]!;
    scanned++;
    pos = { createdAt: r.created_at as number, id: r.id as string };
    if ((!text || check(r.fold_body!, r.fold_name!)) && (!filtered || inRange(r.ip as string))) {
      if (lean) leanIds.push(r.r as number);
      else out.push(toComment(r));
      if (found() > q.limit) break;
    }
    if (text?.match && !filtered && scanned >= (lean ? TEXT_SCAN * 4 : TEXT_SCAN)) {
      // a rare word: its few matches come faster from the trigram index
      const first = whole();
      return page([...first, ...byTextIndex(db, { ...q, before: pos, limit: q.limit - first.length }, rows, text)]);
    }
    if (scanned >= MAX_SCAN) return { comments: whole(), next: pos };
  }
  return page(whole());
}

/** Are IP ranges filtered in code (IPv6 ranges, or ranges too wide for the IP index)? */
function post(q: SearchQuery, exactIps: boolean): boolean {
  return q.ips.length > 0 && !exactIps;
}
