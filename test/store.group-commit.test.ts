import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit } from '../server/store/sqlite-group-commit.js';

// Group commit (issue 10): writes queued in one turn share a transaction, each in a
// savepoint; nobody hears "done" before the commit, and one failure spoils no other.
describe('SQLite group commit', () => {
  let dir: string;
  let db: Database.Database;
  let reader: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'majlis-group-commit-'));
    db = new Database(path.join(dir, 'x.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    reader = new Database(path.join(dir, 'x.sqlite'), { readonly: true });
  });
  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = (k: string, v: number) => () => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v).changes;
  const seenByOther = (k: string) => reader.prepare('SELECT v FROM t WHERE k = ?').get(k) as { v: number } | undefined;

  it('when writes are queued in one turn, then each resolves only once another connection can read it, and they commit together', async () => {
    const seenAtResolve: Array<number | undefined> = [];
    const writes = ['a', 'b', 'c'].map((k, i) => groupCommit(db, insert(k, i)).then(() => seenAtResolve.push(seenByOther(k)?.v)));
    // queued, not yet run: nothing is visible before the group's turn
    expect(seenByOther('a')).toBeUndefined();
    await Promise.all(writes);
    expect(seenAtResolve).toEqual([0, 1, 2]);
  });

  it('when one write of a group throws, then it alone is rolled back and rejects; the others commit', async () => {
    const results = await Promise.allSettled([
      groupCommit(db, insert('a', 1)),
      groupCommit(db, () => {
        insert('b', 2)();
        insert('a', 3)(); // primary key clash: this write's own insert of b is undone too
      }),
      groupCommit(db, insert('c', 4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(reader.prepare('SELECT k, v FROM t ORDER BY k').all()).toEqual([
      { k: 'a', v: 1 },
      { k: 'c', v: 4 },
    ]);
  });

  it('when a later write of a group throws, then the earlier writes take effect once (the group is run again, not appended to)', async () => {
    db.exec("INSERT INTO t (k, v) VALUES ('n', 0)");
    const bump = () => db.prepare("UPDATE t SET v = v + 1 WHERE k = 'n' RETURNING v").get() as { v: number };
    const results = await Promise.allSettled([
      groupCommit(db, bump),
      groupCommit(db, bump),
      groupCommit(db, () => {
        bump();
        insert('n', 9)(); // primary key clash
      }),
      groupCommit(db, bump),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([{ v: 1 }, { v: 2 }, 'rejected', { v: 3 }]);
    expect(seenByOther('n')).toEqual({ v: 3 });
  });

  it('when writes check then write, then a later write of the group sees the earlier ones (as in transactions of their own)', async () => {
    const claim = (k: string) => () => (db.prepare('SELECT 1 FROM t WHERE k = ?').get(k) ? 'taken' : (insert(k, 1)(), 'stored'));
    expect(await Promise.all([groupCommit(db, claim('x')), groupCommit(db, claim('x')), groupCommit(db, claim('x'))])).toEqual(['stored', 'taken', 'taken']);
  });

  it('when a write fails in a way that ends the whole transaction, then the group fails and no later write runs on its own', async () => {
    const ran: string[] = [];
    const results = await Promise.allSettled([
      groupCommit(db, insert('a', 1)),
      groupCommit(db, () => {
        db.exec('ROLLBACK'); // what SQLite does itself on an I/O error or a full disk
        throw new Error('disk I/O error');
      }),
      groupCommit(db, () => (ran.push('c'), insert('c', 3)())),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(ran).toEqual([]);
    expect(reader.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('when the connection closes before the group runs, then its writes reject and nothing is stored', async () => {
    const pending = groupCommit(db, insert('late', 1));
    db.close();
    await expect(pending).rejects.toThrow(/closed/);
    expect(seenByOther('late')).toBeUndefined();
    db = new Database(path.join(dir, 'x.sqlite')); // for afterEach
  });
});
