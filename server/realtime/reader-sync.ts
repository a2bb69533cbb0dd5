/**
 * The reader-side events that keep an open page equal to a fresh load:
 * a re-approved comment brings back its approved replies, every visible
 * change is followed by the page's count, a thread closed or reopened by a
 * moderator is announced, and an author hears what became of their own comment
 * (in a room only their edit token lets them join).
 */
import type { Namespace, Socket } from 'socket.io';
import type { ReaderClientEvents, ReaderServerEvents } from '../domain/events.js';
import type { StoredComment } from '../domain/types.js';
import { parseOwnClaims, threadInfo } from '../reader/thread-facts.js';
import { checkEditToken } from '../usecases/submit-comment.js';
import type { Deps } from '../usecases/context.js';
import { ownView, publicOf } from '../readers/thread-page.js';

type Readers = Namespace<ReaderClientEvents, ReaderServerEvents>;
type ReaderSocket = Socket<ReaderClientEvents, ReaderServerEvents>;

/** A room per comment, joined by proving its edit token: the author's private channel about it. */
export const ownRoom = (id: string) => `own:${id}`;

/** Serves the `own` event: `{ claims: ["id:token", …] }`, acked with how many rooms were joined; at most `maxRooms` own rooms per socket. */
export function serveOwnClaims(socket: ReaderSocket, deps: Deps, maxRooms: number): void {
  socket.on('own', (req, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const claims = parseOwnClaims((req as { claims?: unknown } | null)?.claims);
    if (!claims) return reply({ ok: false, error: 'bad_request' });
    const rooms = claims.filter((c) => checkEditToken(deps.secret, c.id, c.token)).map((c) => ownRoom(c.id));
    const held = [...socket.rooms].filter((r) => r.startsWith('own:'));
    const fresh = rooms.filter((r) => !socket.rooms.has(r));
    if (held.length + fresh.length > maxRooms) return reply({ ok: false, error: 'rate_limited' });
    void socket.join(rooms);
    reply({ ok: true, joined: rooms.length });
  });
}

/**
 * The approved comments under `c` that become visible with it (its replies,
 * theirs, …), parents before children: what a reload would show under it.
 */
export async function visibleDescendants(deps: Deps, c: StoredComment): Promise<StoredComment[]> {
  let root = c;
  for (let depth = 0; root.parentId && depth < 50; depth++) {
    const parent = await deps.store.getComment(root.parentId);
    if (!parent) return [];
    root = parent;
  }
  // Strictly after (createdAt, ""), i.e. from the first root of that millisecond on.
  const list = await deps.store.listVisible({ site: c.site, page: c.page, after: { createdAt: root.createdAt, id: '' }, limit: 20 });
  const under = new Set([c.id]);
  const out: StoredComment[] = [];
  for (const x of list.comments) {
    if (x.parentId && under.has(x.parentId)) {
      under.add(x.id);
      out.push(x);
    }
  }
  return out;
}

/** Forwards what readers of one page must learn after a change; `room` is the page's room name. */
export function readerForwarders(readers: Readers, deps: Deps, pageRoom: (site: string, page: string) => string) {
  return {
    /** After `c` became visible: its approved descendants follow it, in order. */
    async descendants(c: StoredComment): Promise<void> {
      const room = readers.to(pageRoom(c.site, c.page));
      for (const d of await visibleDescendants(deps, c)) room.emit('comment:approved', await publicOf(deps, d));
    },
    /** The page's visible count, so a reader's heading stays true for comments beyond what they loaded. */
    async count(site: string, page: string): Promise<void> {
      const counts = await deps.store.countVisible(site, [page]);
      readers.to(pageRoom(site, page)).emit('page:count', { page, total: counts[page] ?? 0 });
    },
    /** The author's own comment changed status. */
    async own(c: StoredComment): Promise<void> {
      readers.to(ownRoom(c.id)).emit('comment:status', ownView(await publicOf(deps, c), c));
    },
    /** A moderator closed or reopened the thread. */
    async closed(site: string, page: string): Promise<void> {
      const [s, info] = await Promise.all([deps.store.getSite(site), deps.store.getPage(site, page)]);
      if (!s) return;
      readers.to(pageRoom(site, page)).emit('page:closed', { page, closed: threadInfo(s, info, deps.clock()).closed });
    },
  };
}
