import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../server/store/sqlite-checkpoint.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { aComment, aSite, T0 } from './helpers/store-fixtures.js';

// Issue 10: WAL checkpoints run in a thread of their own, not inside whichever POST's
// commit crossed wal_autocheckpoint (a thousand page copies and two fsyncs on the event loop).
describe('background checkpoints', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'majlis-checkpoint-'));
    file = path.join(dir, 'majlis.sqlite');
    store = new SqliteStore(file, { backgroundCheckpoints: true });
    await store.open();
    await store.ensureSite(aSite());
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writeMany = async (n: number, from = 0) => {
    for (let i = from; i < from + n; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          store.insertComment(aComment({ page: `/p${(i + j) % 7}`, content: `نص ${i + j}`, createdAt: T0 + i + j }), { duplicate: true, floodWindowMs: 0 }),
        ),
      );
    }
  };
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('when comments are written, then the thread copies the log into the database file and the writer restarts the log', async () => {
    await writeMany(1000);
    // stats are those of the thread's last run: wait for runs that began after the writes
    const written = (await store.checkpointStats())!.runs;
    await until(async () => {
      const s = (await store.checkpointStats())!;
      return s.runs > written + 1 && s.caughtUp;
    });
    const first = (await store.checkpointStats())!;
    expect(first.frames).toBeGreaterThan(0);
    expect(first.caughtUp).toBe(true);
    // Caught up: the next write starts the log again from its beginning, so it stays small.
    await writeMany(50, 1000);
    const runs = first.runs;
    await until(async () => (await store.checkpointStats())!.runs > runs + 1);
    const later = (await store.checkpointStats())!;
    expect(later.log).toBeLessThan(first.log);
    expect(later.frames).toBeGreaterThan(first.frames);
    const other = new Database(file, { readonly: true });
    expect((other.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n).toBe(1050);
    other.close();
  });

  it('when the thread cannot work (here: no database file), then it says so once and the writer is given its own checkpoints back', async () => {
    let failures = 0;
    const broken = startCheckpointer(path.join(dir, 'missing.sqlite'), () => failures++);
    await until(async () => failures > 0);
    expect(failures).toBe(1);
    await broken.close();
    expect(failures).toBe(1);
  });

  it('when the store closes, then the thread stops and the log is removed as with one connection', async () => {
    await writeMany(100);
    await store.close();
    expect(store.checkpointStats()).toBeNull();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = new Database(file, { readonly: true });
    expect((again.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n).toBe(100);
    again.close();
    store = new SqliteStore(file); // for afterEach
    await store.open();
  });
});
