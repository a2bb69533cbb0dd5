import type { CursorPos } from '../domain/types.js';

/** What laying out threads needs of a comment (a StoredComment or a public read's row). */
export type ThreadNode = CursorPos & { parentId: string | null };

/** Orders by (createdAt, id) with a plain code-unit comparison, as SQLite and MongoDB do. */
export function byPosition(a: CursorPos, b: CursorPos): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Lays out threads for a reader: each root followed by its descendants in
 * (createdAt, id) order. A reply is kept only when every ancestor up to the
 * root is among the given comments, so an approved reply under a held or
 * removed parent stays hidden (shared by both adapters so they cannot drift).
 */
export function layOutThreads<C extends ThreadNode>(roots: C[], replies: C[]): C[] {
  const children = new Map<string, C[]>();
  for (const r of replies) {
    if (r.parentId === null) continue;
    const list = children.get(r.parentId);
    if (list) list.push(r);
    else children.set(r.parentId, [r]);
  }
  const out: C[] = [];
  // Guards against a parent cycle in imported data, which would otherwise loop forever.
  const seen = new Set<string>(roots.map((r) => r.id));
  for (const root of roots) {
    const thread: C[] = [];
    const stack = [...(children.get(root.id) ?? [])];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      thread.push(c);
      stack.push(...(children.get(c.id) ?? []));
    }
    thread.sort(byPosition);
    out.push(root, ...thread);
  }
  return out;
}

/**
 * Counts, per page, the approved comments a reader can actually see: a reply
 * counts only when every ancestor is approved too (what layOutThreads shows).
 * `rows` are the approved comments of the pages, light columns only.
 */
export function countVisibleByPage(rows: Array<{ page: string; id: string; parentId: string | null }>): Map<string, number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const visible = new Map<string, boolean>();
  const isVisible = (start: (typeof rows)[number]): boolean => {
    const path: string[] = [];
    let cur: (typeof rows)[number] | undefined = start;
    let result = false;
    while (cur) {
      const known = visible.get(cur.id);
      if (known !== undefined) {
        result = known;
        break;
      }
      if (path.includes(cur.id)) break; // a cycle in imported data: not visible
      path.push(cur.id);
      if (cur.parentId === null) {
        result = true;
        break;
      }
      cur = byId.get(cur.parentId); // a parent missing from the approved set hides the reply
    }
    for (const id of path) visible.set(id, result);
    return result;
  };
  const counts = new Map<string, number>();
  for (const r of rows) if (isVisible(r)) counts.set(r.page, (counts.get(r.page) ?? 0) + 1);
  return counts;
}

/** What the ancestor walk needs of a comment. */
export interface ParentRow {
  id: string;
  parentId: string | null;
  status: string;
}

/** Ancestors deeper than this hide a comment (imported data only; the widget nests far less). */
const MAX_DEPTH = 50;

/**
 * Keeps the comments whose every ancestor up to the root is approved: the rule of
 * layOutThreads and of realtime's ancestor check, for lists read outside a thread (featured,
 * feeds). `rowsOf(ids)` reads those comments' id, parentId and status (missing ids are
 * simply absent); it is called once per level of depth, with each id at most once.
 */
export async function keepShown<C extends { parentId: string | null }>(list: C[], rowsOf: (ids: string[]) => ParentRow[] | Promise<ParentRow[]>): Promise<C[]> {
  const known = new Map<string, ParentRow | null>();
  let frontier = [...new Set(list.map((c) => c.parentId).filter((p): p is string => p !== null))];
  for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
    for (const id of frontier) known.set(id, null);
    for (const r of await rowsOf(frontier)) known.set(r.id, r);
    frontier = [...new Set(frontier.map((id) => known.get(id)).filter((r): r is ParentRow => !!r && r.status === 'approved' && r.parentId !== null && !known.has(r.parentId)).map((r) => r.parentId!))];
  }
  const shown = (c: C) => {
    const seen = new Set<string>();
    for (let p = c.parentId; p !== null; ) {
      const r = known.get(p);
      if (!r || r.status !== 'approved' || seen.has(p)) return false;
      seen.add(p);
      p = r.parentId;
    }
    return true;
  };
  return list.filter(shown);
}

/**
 * The first `limit` shown comments of an ordered list read in batches: `batch(offset, n)`
 * reads the list's next `n` candidates (status already filtered), `rowsOf` as for keepShown.
 * Reads at most 10 batches of max(2 × limit, 20), so a page full of hidden replies costs a bound.
 */
export async function firstShown<C extends { parentId: string | null }>(
  limit: number,
  batch: (offset: number, n: number) => Promise<C[]>,
  rowsOf: (ids: string[]) => ParentRow[] | Promise<ParentRow[]>,
): Promise<C[]> {
  const n = Math.max(limit * 2, 20);
  const kept: C[] = [];
  for (let i = 0, offset = 0; i < 10 && kept.length < limit; i++, offset += n) {
    const rows = await batch(offset, n);
    kept.push(...(await keepShown(rows, rowsOf)));
    if (rows.length < n) break;
  }
  return kept.slice(0, limit);
}
