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
