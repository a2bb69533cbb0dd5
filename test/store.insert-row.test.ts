import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../server/store/sqlite.js';
import { insertCommentRow } from '../server/store/sqlite-comments.js';
import type { Sql } from '../server/store/sqlite-counters.js';
import type Database from 'better-sqlite3';
import { aComment, aSite } from './helpers/store-fixtures.js';

// Issue 10: the insert of a post no longer reads its row back (RETURNING *); the row it answers
// with is built from what it wrote, and must be exactly the row stored, column for column.
const dir = mkdtempSync(path.join(tmpdir(), 'majlis-insert-row-'));
let store: SqliteStore;
let db: Database.Database;
const sql: Sql = (text) => db.prepare(text);

beforeAll(async () => {
  store = new SqliteStore(path.join(dir, 'majlis.sqlite'));
  await store.open();
  await store.ensureSite(aSite());
  db = (store as unknown as { d: Database.Database }).d;
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = (id: string) => db.prepare('SELECT * FROM comments WHERE id = ?').get(id);

describe('the row an insert answers with', () => {
  it('when a comment is inserted (top-level, reply, with and without address and title), then its row is the stored row, every column', () => {
    const top = db.transaction(() => insertCommentRow(sql, aComment({ status: 'pending', reasons: [{ code: 'hold_all' }] as never, pageTitle: 'عنوان', pageUrl: 'https://blog.example/a', authorUrl: 'https://layla.example' }), 'row-top'))();
    expect(top).toEqual(stored('row-top'));
    expect(Object.keys(top).sort()).toEqual(Object.keys(stored('row-top') as object).sort());
    const reply = db.transaction(() => insertCommentRow(sql, aComment({ parentId: 'row-top', createdAt: 1_700_000_000_123 }), 'row-reply'))();
    expect(reply).toEqual(stored('row-reply'));
    expect(reply.thread_id).toBe('row-top');
  });

  it('when a text is not well-formed UTF-16 (a lone surrogate), then the row still says what SQLite stored', () => {
    const odd = db.transaction(() => insertCommentRow(sql, aComment({ content: 'a\uD800b', authorName: 'x\uDC00' }), 'row-odd'))();
    expect(odd).toEqual(stored('row-odd'));
  });

  it('when a guarded insert stores a comment, then the comment it answers with is the one read back', async () => {
    const out = await store.insertComment(aComment({ content: 'نص محروس', status: 'pending' }), { duplicate: true, floodWindowMs: 0 });
    if (!out.ok) throw new Error('refused');
    expect(out.comment).toEqual(await store.getComment(out.comment.id));
  });
});
