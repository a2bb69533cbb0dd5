/**
 * Linking an import batch to the store, shared by both adapters so they cannot
 * drift: parents before children, a comment already imported is skipped (and
 * still serves as a parent), a reply whose parent is in neither the file nor the
 * store becomes top-level (an orphan), and every reply gets its thread's root.
 */
import { STATUSES, type StatusCounts } from '../domain/types.js';
import type { ImportBatch, ImportComment, ImportWriteResult } from '../domain/import.js';
import { canonicalPageKey } from '../validation/page-key.js';
import { newId } from './ids.js';

/**
 * The batch with every page key canonical (page-key.ts), as every other write stores it: the
 * importers already make them so, and the store does not trust that. Comments whose key is
 * already canonical are shared, not copied.
 */
export function withCanonicalPages(batch: ImportBatch): ImportBatch {
  // Once per distinct key: a file's comments share a few pages (100,000 comments, 1,000 pages).
  const keys = new Map<string, string>();
  const canon = <T extends { page: string }>(x: T): T => {
    let page = keys.get(x.page);
    if (page === undefined) keys.set(x.page, (page = canonicalPageKey(x.page)));
    return page === x.page ? x : { ...x, page };
  };
  return { ...batch, pages: batch.pages.map(canon), comments: batch.comments.map(canon) };
}

/** A comment already in the store, as far as linking needs it. */
export interface LinkTarget {
  id: string;
  threadId: string;
  page: string;
}

/**
 * A comment ready to insert: ids resolved (the comment itself is shared, not copied: batches
 * can be large). It is also what its replies link to (a LinkTarget), so a placed comment
 * costs one object.
 */
export interface LinkedComment extends LinkTarget {
  c: ImportComment;
  parentId: string | null;
}

export interface LinkLookups {
  /** The stored comment this one was imported as before (same id, or same source), if any. */
  existing(c: ImportComment): LinkTarget | null;
  /** A parent that is not in the file: by id for Majlis's own export, by source otherwise. */
  parentInStore(c: ImportComment): LinkTarget | null;
  /** Is this id used by a comment of another site? Then the comment gets a new one. */
  idTaken(id: string): boolean;
}

/** The plan of a batch: what to insert, in order (every parent before its replies), and the counts. */
/**
 * What linkBatch may ask the store about these comments, to fetch before linking (both
 * adapters): ids, and parent ids, of a Majlis export's comments; per source site, the
 * source ids, and parents' source ids, of the others'.
 */
export function storeKeysOf(comments: readonly ImportComment[]): { ids: Set<string>; sources: Map<string, Set<string>> } {
  const ids = new Set<string>();
  const sources = new Map<string, Set<string>>();
  const wantSource = (site: string, id: string) => {
    const set = sources.get(site);
    if (set) set.add(id);
    else sources.set(site, new Set([id]));
  };
  for (const c of comments) {
    if (c.id !== null) {
      ids.add(c.id);
      if (c.parentKey !== null) ids.add(c.parentKey);
    }
    if (c.source) {
      wantSource(c.source.site, c.source.id);
      if (c.id === null && c.parentKey !== null) wantSource(c.source.site, c.parentKey);
    }
  }
  return { ids, sources };
}

export type LinkPlan = { rows: LinkedComment[]; result: ImportWriteResult };

/**
 * Plans the writes of a batch: which comments are new (in an order where every
 * parent precedes its replies), which are already there, which are orphans.
 * Pure apart from the lookups; the adapter writes `rows` in that order.
 */
export function linkBatch(batch: ImportBatch, lookups: LinkLookups): LinkPlan {
  const steps = linkSteps(batch, lookups);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * linkBatch, awaiting `pause` every LINK_STEP comments (a yielder: it lets the event loop
 * run once its time budget is spent). Planning 100,000 comments takes about 0.5-1 s of
 * CPU, too long to hold a server's event loop in one go.
 */
export async function linkBatchYielding(batch: ImportBatch, lookups: LinkLookups, pause: () => Promise<void>): Promise<LinkPlan> {
  const steps = linkSteps(batch, lookups);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Comments handled between two yields of linkSteps. */
const LINK_STEP = 1024;

/** linkBatch's work, yielding (nothing) every LINK_STEP comments of each pass. */
function* linkSteps(batch: ImportBatch, lookups: LinkLookups): Generator<void, LinkPlan> {
  let ticks = 0;
  const due = () => (++ticks & (LINK_STEP - 1)) === 0;
  const byKey = new Map<string, ImportComment>();
  let skipped = 0;
  for (const c of batch.comments) {
    if (byKey.has(c.key)) skipped += 1; // the same source id twice in one file: the first wins
    else byKey.set(c.key, c);
    if (due()) yield;
  }
  const children = new Map<string, ImportComment[]>();
  const roots: ImportComment[] = [];
  for (const c of byKey.values()) {
    if (due()) yield;
    if (c.parentKey !== null && c.parentKey !== c.key && byKey.has(c.parentKey)) {
      const list = children.get(c.parentKey);
      if (list) list.push(c);
      else children.set(c.parentKey, [c]);
    } else roots.push(c);
  }

  const placed = new Map<string, LinkTarget>();
  const rows: LinkedComment[] = [];
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  const pages = new Set<string>();
  let orphans = 0;

  // Ids sort by date; of comments from the same second, parents (placed first) sort first.
  const lastIdAt = new Map<number, string>();
  const sortedId = (at: number) => {
    let id = newId(at);
    const last = lastIdAt.get(at);
    if (last !== undefined && id <= last) id = successor(last);
    lastIdAt.set(at, id);
    return id;
  };

  const place = (c: ImportComment, parent: LinkTarget | null, orphan: boolean) => {
    pages.add(c.page);
    const found = lookups.existing(c);
    if (found) {
      skipped += 1;
      placed.set(c.key, found);
      return;
    }
    if (orphan) orphans += 1;
    const id = c.id !== null && !lookups.idTaken(c.id) ? c.id : sortedId(c.createdAt);
    const row: LinkedComment = { id, threadId: parent ? parent.threadId : id, page: c.page, c, parentId: parent ? parent.id : null };
    placed.set(c.key, row);
    rows.push(row);
    byStatus[c.status] += 1;
  };

  const visit = function* (root: ImportComment, parent: LinkTarget | null, orphan: boolean): Generator<void> {
    // Iterative: a 10,000-deep reply chain must not overflow the stack.
    const stack: Array<{ c: ImportComment; parent: LinkTarget | null; orphan: boolean }> = [{ c: root, parent, orphan }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (placed.has(item.c.key)) continue;
      if (due()) yield;
      place(item.c, item.parent, item.orphan);
      const me = placed.get(item.c.key)!;
      for (const child of children.get(item.c.key) ?? []) {
        // Majlis shows replies on their parent's page only; one elsewhere starts its own thread.
        const samePage = me.page === child.page;
        stack.push({ c: child, parent: samePage ? me : null, orphan: !samePage });
      }
    }
  };

  for (const c of roots) {
    if (c.parentKey === null || c.parentKey === c.key) yield* visit(c, null, false);
    else {
      const parent = lookups.parentInStore(c);
      const usable = parent && parent.page === c.page ? parent : null;
      yield* visit(c, usable, usable === null);
    }
  }
  // What is left sits on a parent cycle (A replies to B replies to A): break it, top-level.
  for (const c of byKey.values()) {
    if (!placed.has(c.key)) yield* visit(c, null, true);
    if (due()) yield;
  }

  for (const p of batch.pages) if (p.closed) pages.add(p.page);
  return { rows, result: { imported: rows.length, skipped, orphans, byStatus, pages: [...pages] } };
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The next base-36 string of the same length ("…0z" → "…10"). */
function successor(id: string): string {
  const chars = id.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const d = DIGITS.indexOf(chars[i]!);
    if (d < 35) {
      chars[i] = DIGITS[d + 1]!;
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `${id}0`;
}
