import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../server/store/index.js';
import { Presence } from '../server/store/sqlite-presence.js';
import { SqliteStore } from '../server/store/sqlite.js';

/** Who has a SQLite file open (server/store/sqlite-presence.ts): an import pauses between chunks only for them. */
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'majlis-presence-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const later = (ms: number) => Date.now() + ms;

describe('presence of processes on a SQLite file', () => {
  it('when one store announces itself, then another sees it, and no longer once it withdraws', () => {
    const file = path.join(fresh(), 'majlis.sqlite');
    const a = new Presence(file);
    const b = new Presence(file);
    expect(b.othersPresent()).toBe(false);
    a.announce();
    b.announce();
    expect(b.othersPresent(later(1_100))).toBe(true);
    expect(a.othersPresent(later(1_100))).toBe(true);
    a.withdraw();
    expect(b.othersPresent(later(2_200))).toBe(false);
    b.withdraw();
  });

  it('when a process ended without withdrawing (kill -9), then its file counts for 15 s, then is ignored and removed', () => {
    const file = path.join(fresh(), 'majlis.sqlite');
    const me = new Presence(file);
    me.announce();
    const ghost = `${file}-live/0123456789abcdef`;
    writeFileSync(ghost, '1');
    expect(me.othersPresent(later(1_100))).toBe(true);
    const old = new Date(Date.now() - 16_000);
    utimesSync(ghost, old, old);
    expect(me.othersPresent(later(2_200))).toBe(false);
    expect(readdirSync(`${file}-live`)).toHaveLength(1);
    me.withdraw();
  });

  it('when a store opens a file, then it is announced until it closes; an in-memory store announces nothing', async () => {
    const dir = fresh();
    const store = await openStore({ dataDir: dir });
    const listed = () => readdirSync(path.join(dir, 'majlis.sqlite-live'));
    expect(listed()).toHaveLength(1);
    const other = new Presence(path.join(dir, 'majlis.sqlite'));
    expect(other.othersPresent()).toBe(true);
    await store.close();
    expect(listed()).toHaveLength(0);
    const memory = new SqliteStore(':memory:');
    await memory.open();
    expect(readdirSync(process.cwd()).filter((f) => f.endsWith('-live'))).toEqual([]);
    await memory.close();
  });
});
