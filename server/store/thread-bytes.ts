import { createHash } from 'node:crypto';
import type { PublicEntry } from '../domain/views.js';
import { publicEntryHead } from '../views.js';
import type { ThreadsPage, ThreadsPageJson } from './readers-port.js';

/** One thread as readers get it: its entries' JSON joined by commas, and a hash of those bytes. */
export interface ThreadBytes {
  /** the root's id */
  id: string;
  /** the root then its visible replies (layOutThreads), each `publicEntryJson(e, true)`, joined by "," (UTF-8) */
  json: Buffer;
  /** base64url SHA-1 of `json`, 16 characters: page ETags are made of these (readers/thread-page.ts) */
  tag: string;
}

/** A thread's bytes from its laid-out entries (the root first); `likesShown` false shows 0 likes (a site with reactions off). */
export function threadBytes(entries: PublicEntry[], likesShown = true): ThreadBytes {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    parts.push(Buffer.from(i === 0 ? publicEntryHead(e, likesShown) : `,${publicEntryHead(e, likesShown)}`, 'latin1'));
    parts.push(e.json.subarray(1));
  });
  const json = Buffer.concat(parts);
  return { id: entries[0]!.id, json, tag: createHash('sha1').update(json).digest('base64url').slice(0, 16) };
}

/** The threads of a page laid out by layOutThreads (each root, parentId null, followed by its replies), as ThreadBytes in order. */
export function threadsOf(laid: PublicEntry[], likesShown = true): ThreadBytes[] {
  const out: ThreadBytes[] = [];
  let start = 0;
  for (let i = 1; i <= laid.length; i++) {
    if (i === laid.length || laid[i]!.parentId === null) {
      if (i > start) out.push(threadBytes(laid.slice(start, i), likesShown));
      start = i;
    }
  }
  return out;
}

/** Threads in order as a page's parts: their roots' ids, their bytes joined by commas, their tags joined. */
export function joinThreads(threads: ThreadBytes[]): { ids: string[]; json: Buffer; tags: string } {
  const parts: Buffer[] = [];
  threads.forEach((t, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(t.json);
  });
  return { ids: threads.map((t) => t.id), json: Buffer.concat(parts), tags: threads.map((t) => t.tag).join('') };
}

const COMMA = Buffer.from(',');

/** A ThreadsPage as listThreadsJson answers it (what an adapter that keeps no thread bytes answers with); `likesShown` false shows 0 likes. */
export function pageJsonOf(page: ThreadsPage, likesShown = true): ThreadsPageJson {
  return { ...joinThreads(threadsOf(page.comments, likesShown)), next: page.next, prev: page.prev, total: page.total };
}
