import Database from 'better-sqlite3';
import {
  STATUSES,
  type CommentStatus,
  type CursorPos,
  type HistoryEntry,
  type IdempotencyRecord,
  type Moderator,
  type NewComment,
  type PageInfo,
  type Session,
  type Site,
  type SiteSettings,
  type StatusCounts,
  type StoredComment,
} from '../domain/types.js';
import type { Store } from './port.js';
import { newId } from './ids.js';
import { migrations } from './sqlite-migrations.js';
import { toComment, toIdempotency, toModerator, toPage, toSession, toSite, type Row } from './sqlite-rows.js';
import { countVisibleByPage, layOutThreads } from './threads.js';
import { exportFromSqlite, importIntoSqlite, listSitePages } from './sqlite-import.js';
import type { ExportedComment, ImportBatch, ImportWriteResult } from '../domain/import.js';

type VisibleRow = { page: string; id: string; parentId: string | null };

/**
 * The embedded store: one SQLite file that several server processes may share
 * (WAL, a busy timeout, and compare-and-set updates keep them consistent).
 * better-sqlite3 is synchronous; the async methods only honour the port.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();

  /** `file` is a path, or ':memory:' for a private throwaway database. */
  constructor(private readonly file: string) {}

  async open(): Promise<void> {
    if (this.db) return;
    const db = new Database(this.file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // In WAL mode NORMAL never corrupts the file; a power cut may lose the last commit.
    db.pragma('synchronous = NORMAL');
    try {
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db?.close();
    this.db = null;
  }

  /** A prepared statement, compiled once per connection. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      if (!this.db) throw new Error('SqliteStore used before open()');
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  private get d(): Database.Database {
    if (!this.db) throw new Error('SqliteStore used before open()');
    return this.db;
  }

  // Sites

  async getSite(id: string): Promise<Site | null> {
    return toSite(this.sql('SELECT * FROM sites WHERE id = ?').get(id) as Row | undefined);
  }

  async listSites(): Promise<Site[]> {
    return (this.sql('SELECT * FROM sites ORDER BY id').all() as Row[]).map((r) => toSite(r)!);
  }

  async ensureSite(site: Site): Promise<Site> {
    this.sql('INSERT OR IGNORE INTO sites (id, origins, settings, created_at) VALUES (?, ?, ?, ?)').run(
      site.id,
      JSON.stringify(site.origins),
      JSON.stringify(site.settings),
      site.createdAt,
    );
    return (await this.getSite(site.id))!;
  }

  async setSiteOrigins(id: string, origins: string[]): Promise<Site | null> {
    const row = this.sql('UPDATE sites SET origins = ? WHERE id = ? RETURNING *').get(JSON.stringify(origins), id);
    return toSite(row as Row | undefined);
  }

  async setSiteSettings(id: string, settings: SiteSettings): Promise<Site | null> {
    const row = this.sql('UPDATE sites SET settings = ? WHERE id = ? RETURNING *').get(JSON.stringify(settings), id);
    return toSite(row as Row | undefined);
  }

  // Pages

  async touchPage(p: Omit<PageInfo, 'closed'>): Promise<PageInfo> {
    // The first title and url win; a later one only fills a gap left empty.
    const row = this.sql(
      `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (site, page) DO UPDATE SET
         title = COALESCE(pages.title, excluded.title),
         url = COALESCE(pages.url, excluded.url)
       RETURNING *`,
    ).get(p.site, p.page, p.title, p.url, p.createdAt);
    return toPage(row as Row);
  }

  async getPage(site: string, page: string): Promise<PageInfo | null> {
    const row = this.sql('SELECT * FROM pages WHERE site = ? AND page = ?').get(site, page) as Row | undefined;
    return row ? toPage(row) : null;
  }

  async setPageClosed(site: string, page: string, closed: boolean, now: number): Promise<PageInfo> {
    const row = this.sql(
      `INSERT INTO pages (site, page, title, url, closed, created_at) VALUES (?, ?, NULL, NULL, ?, ?)
       ON CONFLICT (site, page) DO UPDATE SET closed = excluded.closed
       RETURNING *`,
    ).get(site, page, closed ? 1 : 0, now);
    return toPage(row as Row);
  }

  // Comments

  async createComment(c: NewComment): Promise<StoredComment> {
    const id = c.id ?? newId();
    const insert = this.d.transaction(() => {
      // Replies carry their thread's root so a page of threads finds them by key.
      const parent = c.parentId
        ? (this.sql('SELECT thread_id FROM comments WHERE id = ?').get(c.parentId) as Row | undefined)
        : undefined;
      const threadId = c.parentId ? String(parent?.thread_id ?? c.parentId) : id;
      return this.sql(
        `INSERT INTO comments (id, site, page, parent_id, thread_id, author_name, author_email, author_url,
           avatar_key, content, status, prev_status, version, ip, user_agent, reasons, history,
           page_title, page_url, created_at, edited_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?, ?, '[]', ?, ?, ?, NULL)
         RETURNING *`,
      ).get(
        id, c.site, c.page, c.parentId, threadId, c.authorName, c.authorEmail, c.authorUrl,
        c.avatarKey, c.content, c.status, c.ip, c.userAgent, JSON.stringify(c.reasons),
        c.pageTitle, c.pageUrl, c.createdAt,
      ) as Row;
    });
    return toComment(insert.immediate());
  }

  async getComment(id: string): Promise<StoredComment | null> {
    const row = this.sql('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? toComment(row) : null;
  }

  async listVisible(q: { site: string; page: string; after: CursorPos | null; limit: number }) {
    const rootsAfter = this.sql(
      `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL AND (created_at, id) > (?, ?)
       ORDER BY created_at, id LIMIT ?`,
    );
    const rootsFirst = this.sql(
      `SELECT * FROM comments
       WHERE site = ? AND page = ? AND status = 'approved' AND parent_id IS NULL
       ORDER BY created_at, id LIMIT ?`,
    );
    const repliesOf = this.sql(
      `SELECT * FROM comments
       WHERE thread_id IN (SELECT value FROM json_each(?)) AND status = 'approved' AND parent_id IS NOT NULL
       ORDER BY created_at, id`,
    );
    const visibleRows = this.sql(`SELECT page, id, parent_id AS parentId FROM comments WHERE site = ? AND page = ? AND status = 'approved'`);
    // One read transaction, so roots, replies and total come from the same snapshot.
    const read = this.d.transaction(() => {
      const rootRows = (
        q.after
          ? rootsAfter.all(q.site, q.page, q.after.createdAt, q.after.id, q.limit + 1)
          : rootsFirst.all(q.site, q.page, q.limit + 1)
      ) as Row[];
      const roots = rootRows.map(toComment);
      const more = roots.length > q.limit;
      if (more) roots.pop();
      const replies = roots.length ? (repliesOf.all(JSON.stringify(roots.map((r) => r.id))) as Row[]).map(toComment) : [];
      const last = roots[roots.length - 1];
      return {
        comments: layOutThreads(roots, replies),
        next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
        total: countVisibleByPage(visibleRows.all(q.site, q.page) as VisibleRow[]).get(q.page) ?? 0,
      };
    });
    return read();
  }

  async countVisible(site: string, pages: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.create(null); // "__proto__" is a page key like any other
    for (const p of pages) counts[p] = 0;
    if (pages.length === 0) return counts;
    // Light columns straight from the covering index; replies under a hidden parent do not count.
    const rows = this.sql(
      `SELECT page, id, parent_id AS parentId FROM comments
       WHERE site = ? AND page IN (SELECT value FROM json_each(?)) AND status = 'approved'`,
    ).all(site, JSON.stringify(pages)) as VisibleRow[];
    for (const [page, n] of countVisibleByPage(rows)) counts[page] = n;
    return counts;
  }

  async listByStatus(q: { site: string; status: CommentStatus; before: CursorPos | null; limit: number }) {
    const rows = (
      q.before
        ? this.sql(
            `SELECT * FROM comments WHERE site = ? AND status = ? AND (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(q.site, q.status, q.before.createdAt, q.before.id, q.limit + 1)
        : this.sql(
            `SELECT * FROM comments WHERE site = ? AND status = ?
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(q.site, q.status, q.limit + 1)
    ) as Row[];
    const comments = rows.map(toComment);
    const more = comments.length > q.limit;
    if (more) comments.pop();
    const last = comments[comments.length - 1];
    return { comments, next: more && last ? { createdAt: last.createdAt, id: last.id } : null };
  }

  async countByStatus(site: string): Promise<StatusCounts> {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
    const rows = this.sql('SELECT status, count(*) AS n FROM comments WHERE site = ? GROUP BY status').all(site) as Array<{
      status: CommentStatus;
      n: number;
    }>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  async setStatus(id: string, expectedVersion: number | undefined, entry: HistoryEntry) {
    // One UPDATE guarded by the version: whichever process writes first wins and
    // the other matches no row. The history grows inside the same statement.
    const row = this.sql(
      `UPDATE comments
       SET status = ?, prev_status = CASE WHEN ? IN ('spam', 'trash') THEN prev_status ELSE ? END,
           version = version + 1, history = json_insert(history, '$[#]', json(?))
       WHERE id = ? AND (? IS NULL OR version = ?)
       RETURNING *`,
    ).get(entry.to, entry.from, entry.from, JSON.stringify(entry), id, expectedVersion ?? null, expectedVersion ?? null) as Row | undefined;
    if (row) return { ok: true as const, comment: toComment(row) };
    return { ok: false as const, comment: await this.getComment(id) };
  }

  async hasApproved(site: string, name: string, email: string): Promise<boolean> {
    const row = this.sql(
      `SELECT 1 FROM comments WHERE site = ? AND author_name = ? AND author_email = ? AND status = 'approved' LIMIT 1`,
    ).get(site, name, email);
    return row !== undefined;
  }

  async findDuplicate(q: { site: string; page: string; parentId: string | null; name: string; email: string; content: string }) {
    const row = this.sql(
      `SELECT * FROM comments
       WHERE site = ? AND page = ? AND parent_id IS ? AND author_email = ? AND author_name = ? AND content = ?
         AND status <> 'trash'
       LIMIT 1`,
    ).get(q.site, q.page, q.parentId, q.email, q.name, q.content) as Row | undefined;
    return row ? toComment(row) : null;
  }

  async lastCommentAt(q: { site: string; ip: string; email: string; since: number }): Promise<number | null> {
    // Two indexed lookups rather than one OR, so each uses its own index.
    const byIp = this.sql('SELECT max(created_at) AS t FROM comments WHERE site = ? AND ip = ? AND created_at >= ?').get(
      q.site,
      q.ip,
      q.since,
    ) as { t: number | null };
    const byEmail = this.sql(
      'SELECT max(created_at) AS t FROM comments WHERE site = ? AND author_email = ? AND created_at >= ?',
    ).get(q.site, q.email, q.since) as { t: number | null };
    if (byIp.t === null) return byEmail.t;
    if (byEmail.t === null) return byIp.t;
    return Math.max(byIp.t, byEmail.t);
  }

  // Moderators and sessions

  async createModerator(m: Moderator): Promise<Moderator> {
    const row = this.sql(
      `INSERT INTO moderators (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(m.id, normaliseEmail(m.email), m.name, m.role, m.passwordHash, m.createdAt) as Row;
    return toModerator(row);
  }

  async getModerator(id: string): Promise<Moderator | null> {
    const row = this.sql('SELECT * FROM moderators WHERE id = ?').get(id) as Row | undefined;
    return row ? toModerator(row) : null;
  }

  async findModeratorByEmail(email: string): Promise<Moderator | null> {
    const row = this.sql('SELECT * FROM moderators WHERE email = ?').get(normaliseEmail(email)) as Row | undefined;
    return row ? toModerator(row) : null;
  }

  async countModerators(): Promise<number> {
    return (this.sql('SELECT count(*) AS n FROM moderators').get() as { n: number }).n;
  }

  async createSession(s: Session): Promise<void> {
    this.sql('INSERT INTO sessions (id, moderator_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      s.id,
      s.moderatorId,
      s.createdAt,
      s.expiresAt,
    );
  }

  async getSession(id: string, now: number): Promise<Session | null> {
    const row = this.sql('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined;
    if (!row) return null;
    if (Number(row.expires_at) <= now) {
      // Expired sessions are swept as they are met; nothing else reads them.
      this.sql('DELETE FROM sessions WHERE id = ?').run(id);
      return null;
    }
    return toSession(row);
  }

  async deleteSession(id: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async deleteSessionsOf(moderatorId: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE moderator_id = ?').run(moderatorId);
  }

  // Idempotency

  async getIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const row = this.sql('SELECT * FROM idempotency WHERE key = ?').get(key) as Row | undefined;
    return row ? toIdempotency(row) : null;
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<boolean> {
    const info = this.sql(
      'INSERT OR IGNORE INTO idempotency (key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(rec.key, rec.bodyHash, rec.status, rec.response, rec.createdAt);
    return info.changes === 1;
  }

  // Import and export (server/store/sqlite-import.ts)

  async importComments(batch: ImportBatch): Promise<ImportWriteResult> {
    return importIntoSqlite(this.d, batch);
  }

  async listPages(site: string): Promise<PageInfo[]> {
    return listSitePages(this.d, site);
  }

  exportComments(site: string, opts: { byPage?: boolean } = {}): AsyncIterable<ExportedComment> {
    return exportFromSqlite(this.d, site, opts.byPage ?? false);
  }
}

/** Moderator emails are compared case-insensitively by storing them lowercased. */
function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Applies pending migrations; IMMEDIATE so two processes starting together migrate once. */
function migrate(db: Database.Database): void {
  const step = db.transaction(() => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    if (applied > migrations.length) {
      throw new Error(`${db.name} has schema version ${applied}, newer than this Majlis understands (${migrations.length})`);
    }
    for (let v = applied; v < migrations.length; v++) db.exec(migrations[v]!);
    if (applied < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  });
  step.immediate();
}
