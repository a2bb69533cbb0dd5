import type Database from 'better-sqlite3';
import { REPORT_NOTES_KEPT, type HistoryEntry, type Reason, type StoredComment, type ThreadSort } from '../domain/types.js';
import { canonicalPageKey } from '../validation/page-key.js';
import type { Guarded, NewReport, ReaderStore, SortPos, ThreadsPageJson, ThreadsQuery } from './readers-port.js';
import { readJoinedThreadBytes, readThreadBytes, saveThreadBytes, type KeptThread } from './sqlite-thread-bytes.js';
import { joinThreads, threadsOf } from './thread-bytes.js';
import { updateStatusRow } from './sqlite-comments.js';
import { readPageCounts, type Sql } from './sqlite-counters.js';
import * as edits from './sqlite-edits.js';
import { toComment, type Row } from './sqlite-rows.js';
import { firstShown, layOutThreads, type ParentRow } from './threads.js';
import { PUBLIC_ENTRY_COLUMNS, readEntries } from './sqlite-public.js';
import type { PublicEntry } from '../domain/views.js';

/**
 * Migration 12 (issue 14): likes, featured picks, author deletion and readers' reports.
 * One like and one report per reader per comment are primary keys; a comment's counters
 * (likes, reports) live on its row and move in the transaction that writes the key.
 */
export const READERS_MIGRATION = `
  ALTER TABLE comments ADD COLUMN likes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE comments ADD COLUMN featured_at INTEGER;
  ALTER TABLE comments ADD COLUMN deleted_at INTEGER;
  ALTER TABLE comments ADD COLUMN reports TEXT;
  CREATE TABLE comment_reactions (
    comment_id TEXT NOT NULL,
    reader     TEXT NOT NULL,
    reaction   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reader, reaction)
  ) WITHOUT ROWID;
  CREATE TABLE comment_reports (
    comment_id TEXT NOT NULL,
    reader     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reader)
  ) WITHOUT ROWID;
  -- a comment deleted for good takes its likes and reports with it
  CREATE TRIGGER comments_readers_cleanup AFTER DELETE ON comments BEGIN
    DELETE FROM comment_reactions WHERE comment_id = old.id;
    DELETE FROM comment_reports WHERE comment_id = old.id;
  END;
  CREATE INDEX comments_popular ON comments (site, page, status, parent_id, likes DESC, created_at, id);
  CREATE INDEX comments_featured ON comments (site, page, featured_at) WHERE featured_at IS NOT NULL;
  CREATE INDEX comments_page_recent ON comments (site, page, status, created_at, id);
`;

/**
 * Migration 13 (review of issue 14): reports keep the voter, a keyed hash of the reporter's
 * network (never the IP), unique per comment, so one address counts once however many
 * reader ids it makes up. Reports from before count as their reader's own voter.
 */
export const REPORT_VOTER_MIGRATION = `
  ALTER TABLE comment_reports ADD COLUMN voter TEXT;
  UPDATE comment_reports SET voter = 'reader:' || reader;
  CREATE UNIQUE INDEX comment_reports_voter ON comment_reports (comment_id, voter);
`;

/** Per order: the ORDER BY forwards and backwards, and the keyset tests against (@l, @t, @i). */
const ORDERS: Record<ThreadSort, { fwd: string; back: string; after: string; before: string; from: string }> = {
  oldest: {
    fwd: 'created_at, id',
    back: 'created_at DESC, id DESC',
    after: '(created_at, id) > (@t, @i)',
    before: '(created_at, id) < (@t, @i)',
    from: '(created_at, id) >= (@t, @i)',
  },
  newest: {
    fwd: 'created_at DESC, id DESC',
    back: 'created_at, id',
    after: '(created_at, id) < (@t, @i)',
    before: '(created_at, id) > (@t, @i)',
    from: '(created_at, id) <= (@t, @i)',
  },
  popular: {
    fwd: 'likes DESC, created_at, id',
    back: 'likes, created_at DESC, id DESC',
    after: '(likes < @l OR (likes = @l AND (created_at, id) > (@t, @i)))',
    before: '(likes > @l OR (likes = @l AND (created_at, id) < (@t, @i)))',
    from: '(likes < @l OR (likes = @l AND (created_at, id) >= (@t, @i)))',
  },
};

const ROOTS = `site = @site AND page = @page AND status = 'approved' AND parent_id IS NULL`;
const pos = (c: SortPos): SortPos => ({ createdAt: c.createdAt, id: c.id, likes: c.likes });
const keyParams = (p: SortPos) => ({ l: p.likes, t: p.createdAt, i: p.id });

/** The readers' part of the SQLite adapter (server/store/readers-port.ts). */
export class SqliteReaders implements ReaderStore {
  constructor(
    private readonly db: () => Database.Database,
    private readonly sql: Sql,
    /** whether reads keep the bytes they build (false: THREAD_BYTES_MB=0) */
    private readonly keepsBytes: () => boolean = () => true,
  ) {}

  async listThreads(given: ThreadsQuery) {
    const q = { ...given, page: canonicalPageKey(given.page) };
    const read = this.db().transaction(() => {
      const { roots, next, prev } = this.rootsOf(q, PUBLIC_ENTRY_COLUMNS, readEntries);
      return { comments: layOutThreads(roots, this.repliesOf(roots.map((r) => r.id))), next, prev, total: this.totalOf(q) };
    });
    return read();
  }

  /**
   * The same threads as bytes (readers-port.ts listThreadsJson): each thread's kept bytes
   * (sqlite-thread-bytes.ts), and for those not kept, bytes built here from their rows in the
   * same snapshot, then kept for the next read unless a writer changed the thread meanwhile.
   */
  async listThreadsJson(given: ThreadsQuery): Promise<ThreadsPageJson> {
    const q = { ...given, page: canonicalPageKey(given.page) };
    const built: KeptThread[] = [];
    const read = this.db().transaction((): ThreadsPageJson => {
      // Likes are part of the roots' index only in the popular order; elsewhere reading them would
      // visit every root's row, so only the two positions the cursors carry read theirs.
      const popular = q.sort === 'popular';
      const page = this.rootsOf(q, `id, created_at AS createdAt, ${popular ? 'likes' : '0'}`, (stmt, ...params) =>
        (stmt.raw(true).all(...params) as Array<[string, number, number]>).map((r) => ({ id: r[0], createdAt: r[1], likes: r[2] })),
      );
      const withLikes = (p: SortPos | null) =>
        p && !popular ? { ...p, likes: (this.sql('SELECT likes FROM comments WHERE id = ?').get(p.id) as { likes: number } | undefined)?.likes ?? 0 } : p;
      const { roots } = page;
      const next = withLikes(page.next);
      const prev = withLikes(page.prev);
      const ids = roots.map((r) => r.id);
      const total = this.totalOf(q);
      const joined = ids.length > 0 ? readJoinedThreadBytes(this.sql, ids) : { json: Buffer.alloc(0), tags: '' };
      if (joined) return { ids, ...joined, next, prev, total };
      const { kept, gens } = readThreadBytes(this.sql, ids);
      const missing = ids.filter((id) => !kept.has(id));
      if (missing.length > 0) {
        const rootEntries = readEntries(this.sql(`SELECT ${PUBLIC_ENTRY_COLUMNS} FROM comments WHERE id IN (SELECT value FROM json_each(?))`), JSON.stringify(missing));
        for (const t of threadsOf(layOutThreads(rootEntries, this.repliesOf(missing)))) {
          kept.set(t.id, t);
          built.push({ ...t, gen: gens.get(t.id) ?? 0 });
        }
      }
      return { ...joinThreads(ids.map((id) => kept.get(id)!)), next, prev, total };
    });
    const page = read();
    if (built.length > 0 && this.keepsBytes()) saveThreadBytes(this.db(), this.sql, built).catch(() => undefined);
    return page;
  }

  /**
   * The page's roots in the query's order (after or before a cursor, or from a root on), read
   * with `columns` through `rows`, and the positions of the first and last when there are
   * threads before or after them. Inside the caller's transaction.
   */
  private rootsOf<R extends SortPos>(q: ThreadsQuery, columns: string, rows: (stmt: Database.Statement, ...params: unknown[]) => R[]) {
    const o = ORDERS[q.sort];
    const base = { site: q.site, page: q.page };
    let roots: R[];
    let more: boolean;
    if (q.before) {
      roots = rows(this.sql(`SELECT ${columns} FROM comments WHERE ${ROOTS} AND ${o.before} ORDER BY ${o.back} LIMIT @n`), { ...base, ...keyParams(q.before), n: q.limit + 1 });
      more = roots.length > q.limit;
      roots = roots.slice(0, q.limit).reverse();
    } else {
      const start = q.from ? `AND ${o.from}` : q.after ? `AND ${o.after}` : '';
      const key = q.from ?? q.after;
      roots = rows(this.sql(`SELECT ${columns} FROM comments WHERE ${ROOTS} ${start} ORDER BY ${o.fwd} LIMIT @n`), { ...base, ...(key ? keyParams(key) : {}), n: q.limit + 1 });
      more = roots.length > q.limit;
      roots = roots.slice(0, q.limit);
    }
    const first = roots[0];
    const last = roots[roots.length - 1];
    const exists = (test: string, p: SortPos) => this.sql(`SELECT 1 FROM comments WHERE ${ROOTS} AND ${test} LIMIT 1`).get({ ...base, ...keyParams(p) }) !== undefined;
    return {
      roots,
      next: last && (q.before ? exists(o.after, pos(last)) : more) ? pos(last) : null,
      prev: first && (q.before ? more : exists(o.before, pos(first))) ? pos(first) : null,
    };
  }

  /** The approved replies of these threads, in no order (layOutThreads orders each thread and keeps the visible ones). */
  private repliesOf(rootIds: string[]): PublicEntry[] {
    if (rootIds.length === 0) return [];
    return readEntries(
      this.sql(`SELECT ${PUBLIC_ENTRY_COLUMNS} FROM comments WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL`),
      JSON.stringify(rootIds),
    );
  }

  /** Every visible comment of the page (its counter). */
  private totalOf(q: { site: string; page: string }): number {
    return readPageCounts(this.sql, q.site, [q.page])[0]?.visible ?? 0;
  }

  async listFeatured(site: string, page: string, limit: number) {
    const key = canonicalPageKey(page);
    // Most pages have no pick: one probe of the partial index answers them (issue 10: every uncached page read asks).
    if (this.sql('SELECT 1 FROM comments WHERE site = ? AND page = ? AND featured_at IS NOT NULL LIMIT 1').get(site, key) === undefined) return [];
    const read = (offset: number, n: number) =>
      Promise.resolve(
        readEntries(
          this.sql(
            `SELECT ${PUBLIC_ENTRY_COLUMNS} FROM comments WHERE site = ? AND page = ? AND featured_at IS NOT NULL AND status = 'approved' AND deleted_at IS NULL
             ORDER BY featured_at DESC, id LIMIT ? OFFSET ?`,
          ),
          site, key, n, offset,
        ),
      );
    return firstShown(limit, read, this.parents);
  }

  async listRecent(site: string, page: string | null, limit: number) {
    const read = (offset: number, n: number) =>
      Promise.resolve(
        (page === null
          ? this.sql(`SELECT * FROM comments WHERE site = ? AND status = 'approved' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`).all(site, n, offset)
          : this.sql(`SELECT * FROM comments WHERE site = ? AND page = ? AND status = 'approved' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`).all(site, canonicalPageKey(page), n, offset)
        ).map((r) => toComment(r as Row)),
      );
    return firstShown(limit, read, this.parents);
  }

  /** id, parent and status of some comments: the ancestor walk of keepShown (threads.ts). */
  private readonly parents = (ids: string[]): ParentRow[] =>
    this.sql(`SELECT id, parent_id AS parentId, status FROM comments WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ParentRow[];

  async hasApprovedReplies(id: string) {
    return this.sql(`SELECT 1 FROM comments WHERE parent_id = ? AND status = 'approved' LIMIT 1`).get(id) !== undefined;
  }

  /** The comment, when it is approved and not deleted by its author (what readers may act on). */
  private liveRow(id: string): { row: Row | undefined; live: boolean } {
    const row = this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return { row, live: !!row && row.status === 'approved' && row.deleted_at === null };
  }

  async setLike(id: string, reader: string, on: boolean, at: number): Promise<Guarded<{ changed: boolean }>> {
    return this.db()
      .transaction((): Guarded<{ changed: boolean }> => {
        const { row, live } = this.liveRow(id);
        if (!row || !live) return { ok: false, comment: row ? toComment(row) : null };
        const changes = on
          ? this.sql(`INSERT OR IGNORE INTO comment_reactions (comment_id, reader, reaction, created_at) VALUES (?, ?, 'like', ?)`).run(id, reader, at).changes
          : this.sql(`DELETE FROM comment_reactions WHERE comment_id = ? AND reader = ? AND reaction = 'like'`).run(id, reader).changes;
        if (changes === 0) return { ok: true, changed: false, comment: toComment(row) };
        const updated = this.sql('UPDATE comments SET likes = max(0, likes + ?) WHERE id = ? RETURNING *').get(on ? 1 : -1, id) as Row;
        return { ok: true, changed: true, comment: toComment(updated) };
      })
      .immediate();
  }

  async addReport(r: NewReport, threshold: number, hold: (count: number) => { entry: HistoryEntry; reason: Reason }): Promise<Guarded<{ added: boolean; held: boolean }>> {
    return this.db()
      .transaction((): Guarded<{ added: boolean; held: boolean }> => {
        const { row, live } = this.liveRow(r.commentId);
        if (!row || !live) return { ok: false, comment: row ? toComment(row) : null };
        const inserted = this.sql(`INSERT OR IGNORE INTO comment_reports (comment_id, reader, voter, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(r.commentId, r.reader, r.voter, r.reason, r.note, r.at).changes;
        if (inserted === 0) return { ok: true, added: false, held: false, comment: toComment(row) };
        const summary = toComment(row).reports;
        summary.count += 1;
        summary.reasons[r.reason] += 1;
        if (r.note) summary.notes = [...summary.notes, r.note].slice(-REPORT_NOTES_KEPT);
        let updated = this.sql('UPDATE comments SET reports = ? WHERE id = ? RETURNING *').get(JSON.stringify(summary), r.commentId) as Row;
        if (summary.count < threshold) return { ok: true, added: true, held: false, comment: toComment(updated) };
        const { entry, reason } = hold(summary.count);
        updateStatusRow(this.sql, r.commentId, undefined, entry);
        updated = this.sql(`UPDATE comments SET reasons = json_insert(reasons, '$[#]', json(?)) WHERE id = ? RETURNING *`).get(JSON.stringify(reason), r.commentId) as Row;
        return { ok: true, added: true, held: true, comment: toComment(updated) };
      })
      .immediate();
  }

  async clearReports(id: string, expectedVersion: number | undefined): Promise<Guarded<object>> {
    return this.db()
      .transaction((): Guarded<object> => {
        const row = this.sql(`UPDATE comments SET reports = NULL, version = version + 1 WHERE id = ? AND (? IS NULL OR version = ?) RETURNING *`).get(id, expectedVersion ?? null, expectedVersion ?? null) as Row | undefined;
        if (!row) return { ok: false, comment: this.current(id) };
        this.sql('DELETE FROM comment_reports WHERE comment_id = ?').run(id);
        return { ok: true, comment: toComment(row) };
      })
      .immediate();
  }

  async setFeatured(id: string, expectedVersion: number | undefined, featuredAt: number | null): Promise<Guarded<object>> {
    const row = this.sql(`UPDATE comments SET featured_at = ?, version = version + 1 WHERE id = ? AND (? IS NULL OR version = ?) RETURNING *`).get(featuredAt, id, expectedVersion ?? null, expectedVersion ?? null) as Row | undefined;
    return row ? { ok: true, comment: toComment(row) } : { ok: false, comment: this.current(id) };
  }

  async authorEdit(id: string, expectedVersion: number, change: { content: string; status: StoredComment['status']; reasons: Reason[]; at: number; by: { id: string; name: string } }): Promise<Guarded<object>> {
    return this.db()
      .transaction((): Guarded<object> => {
        const cur = this.current(id);
        if (!cur || cur.version !== expectedVersion) return { ok: false, comment: cur };
        const edited = edits.editComment(this.db(), this.sql, id, expectedVersion, { content: change.content }, { at: change.at, by: change.by });
        if (!edited.ok) return edited;
        if (change.status !== cur.status) {
          updateStatusRow(this.sql, id, undefined, { at: change.at, by: null, from: cur.status, to: change.status });
        }
        const row = this.sql('UPDATE comments SET reasons = ? WHERE id = ? RETURNING *').get(JSON.stringify(change.reasons), id) as Row;
        return { ok: true, comment: toComment(row) };
      })
      .immediate();
  }

  async authorDelete(id: string, expectedVersion: number, change: { at: number; entry: HistoryEntry; reason: Reason }): Promise<Guarded<{ placeholder: boolean }>> {
    return this.db()
      .transaction((): Guarded<{ placeholder: boolean }> => {
        const cur = this.current(id);
        if (!cur || cur.version !== expectedVersion || cur.deletedAt !== null) return { ok: false, comment: cur };
        const placeholder = cur.status === 'approved' && this.sql(`SELECT 1 FROM comments WHERE parent_id = ? AND status = 'approved' LIMIT 1`).get(id) !== undefined;
        if (!placeholder && cur.status !== 'trash') updateStatusRow(this.sql, id, undefined, { ...change.entry, from: cur.status, to: 'trash' });
        const row = this.sql(
          // An author-deleted comment is featured no more (readers never saw it so: views.ts).
          `UPDATE comments SET deleted_at = ?, featured_at = NULL, reasons = json_insert(reasons, '$[#]', json(?)), version = version + ? WHERE id = ? RETURNING *`,
        ).get(change.at, JSON.stringify(change.reason), placeholder || cur.status === 'trash' ? 1 : 0, id) as Row;
        return { ok: true, placeholder, comment: toComment(row) };
      })
      .immediate();
  }

  private current(id: string): StoredComment | null {
    const row = this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? toComment(row) : null;
  }
}
