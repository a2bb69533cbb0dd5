import type Database from 'better-sqlite3';
import type { CursorPos, StoredComment } from '../domain/types.js';
import { normalizeForMatch } from '../moderation/normalize.js';
import { ipMatches } from '../search/match.js';
import type { SearchQuery } from '../search/query.js';
import { toComment, type Row } from './sqlite-rows.js';

/**
 * The folding function the search index is built with (moderation/normalize.ts), registered
 * on every connection before migrations run. The triggers below call it, so a tool that
 * writes comments through another SQLite connection must register it too.
 */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('majlis_fold', { deterministic: true }, (s: unknown) => normalizeForMatch(typeof s === 'string' ? s : ''));
}

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

/**
 * Newest first, strictly before `q.before`. Words of three letters or more go through
 * the trigram index; shorter ones and names filter on the folded columns. CIDR ranges
 * filter in code over the rows the SQL selects: a request scans at most MAX_SCAN rows and
 * then returns its cursor, so a sparse range pages on instead of stalling.
 */
export function searchComments(db: Database.Database, q: SearchQuery): { comments: StoredComment[]; next: CursorPos | null } {
  const where: string[] = ['c.site = ?'];
  const args: unknown[] = [q.site];
  const inList = (col: string, values: unknown[]) => {
    where.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  };
  if (q.statuses.length) inList('c.status', q.statuses);
  if (q.emails.length) inList('lower(c.author_email)', q.emails);
  if (q.pages.length) inList('c.page', q.pages);
  if (q.urls.length) {
    where.push(`(${q.urls.map((u) => (u.endsWith('*') ? `c.page_url LIKE ? ESCAPE '\\'` : 'c.page_url = ?')).join(' OR ')})`);
    args.push(...q.urls.map((u) => (u.endsWith('*') ? `${likeEscape(u.slice(0, -1)).slice(1)}` : u)));
  }
  const exactIps = q.ips.every((r) => r.prefix === (r.family === 'ipv4' ? 32 : 128));
  if (q.ips.length && exactIps) inList('c.ip', q.ips.flatMap((r) => (r.family === 'ipv4' ? [r.address, `::ffff:${r.address}`] : [r.address])));
  const match: string[] = [];
  for (const w of q.words) {
    if ([...w].length >= 3) match.push(ftsString(w));
    else {
      where.push(`(f.body LIKE ? ESCAPE '\\' OR f.name LIKE ? ESCAPE '\\')`);
      args.push(likeEscape(w), likeEscape(w));
    }
  }
  for (const n of q.names) {
    if ([...n].length >= 3) match.push(`name : ${ftsString(n)}`);
    else {
      where.push(`f.name LIKE ? ESCAPE '\\'`);
      args.push(likeEscape(n));
    }
  }
  const text = q.words.length > 0 || q.names.length > 0;
  if (match.length) {
    where.push('comments_fts MATCH ?');
    args.push(match.join(' AND '));
  }
  const from = text ? 'comments c JOIN comment_search_ids s ON s.id = c.id JOIN comments_fts f ON f.rowid = s.rowid' : 'comments c';
  const sql = `SELECT c.* FROM ${from} WHERE ${where.join(' AND ')} AND (c.created_at, c.id) < (?, ?) ORDER BY c.created_at DESC, c.id DESC LIMIT ?`;
  const stmt = db.prepare(sql);

  const post = q.ips.length > 0 && !exactIps;
  const out: StoredComment[] = [];
  let pos: CursorPos = q.before ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
  let scanned = 0;
  for (;;) {
    const take = post ? BATCH : q.limit + 1;
    const rows = stmt.all(...args, pos.createdAt, pos.id, take) as Row[];
    for (const row of rows) {
      const c = toComment(row);
      scanned++;
      if (!post || ipMatches(q, c.ip)) out.push(c);
      pos = { createdAt: c.createdAt, id: c.id };
      if (out.length > q.limit) break;
    }
    if (!post || out.length > q.limit || rows.length < take) break;
    if (scanned >= MAX_SCAN) return { comments: out, next: pos };
  }
  const more = out.length > q.limit;
  if (more) out.length = q.limit;
  const last = out[out.length - 1];
  return { comments: out, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
}
