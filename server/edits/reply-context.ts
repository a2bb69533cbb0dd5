import type { StoredComment } from '../domain/types.js';
import type { Store } from '../store/port.js';

const EXCERPT = 100;

/** What a queued reply answers: the parent's author, the start of its text and its link on the page. */
export interface ReplyContext {
  id: string;
  name: string;
  excerpt: string;
  status: StoredComment['status'];
  /** `pageUrl#comment-<id>` of the parent, or null when the page URL is unknown */
  url: string | null;
}

/** The first EXCERPT characters (whole code points) of a text on one line, with "…" when cut. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : flat;
}

/** The reply context of each reply among `comments` (parents read once each), by reply id. */
export async function replyContexts(store: Store, comments: StoredComment[]): Promise<Map<string, ReplyContext>> {
  const parentIds = [...new Set(comments.map((c) => c.parentId).filter((p): p is string => p !== null))];
  const parents = new Map<string, StoredComment>();
  await Promise.all(
    parentIds.map(async (id) => {
      const p = await store.getComment(id);
      if (p) parents.set(id, p);
    }),
  );
  const out = new Map<string, ReplyContext>();
  for (const c of comments) {
    const p = c.parentId ? parents.get(c.parentId) : undefined;
    if (!p) continue;
    const base = p.pageUrl ?? c.pageUrl;
    out.set(c.id, { id: p.id, name: p.authorName, excerpt: excerptOf(p.content), status: p.status, url: base ? `${base.split('#')[0]}#comment-${p.id}` : null });
  }
  return out;
}
