import { THREAD_SORTS, type ThreadSort } from '../domain/types.js';
import { AppError, badRequest } from '../errors.js';
import type { SortPos } from '../store/readers-port.js';

/** A position in one order and the side to read from it: after it (next page) or before it (previous page). */
export interface SortCursor {
  sort: ThreadSort;
  dir: 'after' | 'before';
  pos: SortPos;
}

/**
 * Cursors are opaque to clients: base64url of `[sort, dir, createdAt, id, likes]`.
 * A cursor of the old form `[createdAt, id]` (before issue 14) reads as "oldest, after".
 */
export function encodeSortCursor(c: SortCursor | null): string | null {
  if (!c) return null;
  return Buffer.from(JSON.stringify([c.sort, c.dir === 'after' ? 'a' : 'b', c.pos.createdAt, c.pos.id, c.pos.likes])).toString('base64url');
}

/** Reads a cursor for the order `sort`; 400 bad_request when malformed or made for another order. */
export function decodeSortCursor(raw: string | undefined, sort: ThreadSort): SortCursor | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('bad_param', { param: 'cursor' });
  }
  const ok = (t: unknown, id: unknown) => Number.isSafeInteger(t) && typeof id === 'string' && id.length <= 64;
  if (Array.isArray(v) && v.length === 2 && ok(v[0], v[1])) {
    if (sort !== 'oldest') throw new AppError('bad_request', 400, 'cursor_other_sort');
    return { sort, dir: 'after', pos: { createdAt: v[0] as number, id: v[1] as string, likes: 0 } };
  }
  if (Array.isArray(v) && v.length === 5 && (THREAD_SORTS as readonly unknown[]).includes(v[0]) && (v[1] === 'a' || v[1] === 'b') && ok(v[2], v[3]) && Number.isSafeInteger(v[4]) && (v[4] as number) >= 0) {
    if (v[0] !== sort) throw new AppError('bad_request', 400, 'cursor_other_sort');
    return { sort, dir: v[1] === 'a' ? 'after' : 'before', pos: { createdAt: v[2] as number, id: v[3] as string, likes: v[4] as number } };
  }
  throw badRequest('bad_param', { param: 'cursor' });
}

/** `sort` from the query, else the site's default; 400 when it names no order. */
export function parseSort(raw: string | undefined, fallback: ThreadSort): ThreadSort {
  if (raw === undefined || raw === '') return fallback;
  if (!(THREAD_SORTS as readonly string[]).includes(raw)) throw new AppError('bad_request', 400, 'sort_invalid');
  return raw as ThreadSort;
}
