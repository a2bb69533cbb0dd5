import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { DEFAULT_SETTINGS, type HistoryEntry, type NewComment, type Site } from '../../server/domain/types.js';
import { MongoStore } from '../../server/store/mongo.js';
import type { Store } from '../../server/store/port.js';
import { SqliteStore } from '../../server/store/sqlite.js';

/** One adapter's storage for one test: the opened store, a second handle on the same data, cleanup. */
export interface StoreHarness {
  store: Store;
  /** Another store instance on the same file / database, as a second server process would have. */
  openTwin(): Promise<Store>;
  dispose(): Promise<void>;
}

export type MakeHarness = () => Promise<StoreHarness>;

export const makeSqliteHarness: MakeHarness = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-store-'));
  const file = path.join(dir, 'majlis.sqlite');
  const opened: Store[] = [];
  const openOne = async () => {
    const s = new SqliteStore(file);
    await s.open();
    opened.push(s);
    return s;
  };
  const store = await openOne();
  return {
    store,
    openTwin: openOne,
    async dispose() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

let mongoRun = 0;

/** A fresh database per test on the given server, dropped afterwards. */
export function mongoHarness(uri: string): MakeHarness {
  return async () => {
    const dbName = `majlis_conformance_${process.pid}_${Date.now().toString(36)}_${mongoRun++}`;
    const opened: Store[] = [];
    const openOne = async () => {
      const s = new MongoStore(uri, { dbName });
      await s.open();
      opened.push(s);
      return s;
    };
    const store = await openOne();
    return {
      store,
      openTwin: openOne,
      async dispose() {
        for (const s of opened) await s.close();
        const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  };
}

export const SITE = 'blog';
export const T0 = Date.UTC(2026, 0, 1);

export function aSite(overrides: Partial<Site> = {}): Site {
  return { id: SITE, origins: ['https://blog.example'], settings: { ...DEFAULT_SETTINGS }, createdAt: T0, ...overrides };
}

/** A clock for fixtures: every call is one second after the previous one. */
export function ticker(start = T0): () => number {
  let t = start;
  return () => (t += 1000);
}

const nextTime = ticker();

export function aComment(overrides: Partial<NewComment> = {}): NewComment {
  return {
    site: SITE,
    page: '/2026/01/article',
    parentId: null,
    authorName: 'ليلى',
    authorEmail: 'layla@example.com',
    authorUrl: null,
    avatarKey: 'avatar-key',
    content: 'مقال جميل، شكراً',
    status: 'approved',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 test',
    reasons: [],
    pageTitle: null,
    pageUrl: null,
    createdAt: nextTime(),
    ...overrides,
  };
}

export function anEntry(from: HistoryEntry['from'], to: HistoryEntry['to'], at = T0): HistoryEntry {
  return { at, by: { id: 'mod-1', name: 'سارة' }, from, to };
}
