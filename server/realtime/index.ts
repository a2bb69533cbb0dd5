import type { Namespace, Server } from 'socket.io';
import { resolveSession } from '../auth/sessions.js';
import type {
  ModerationClientEvents,
  ModerationServerEvents,
  ReaderClientEvents,
  ReaderServerEvents,
} from '../domain/events.js';
import type { ModerationAction, Moderator, StoredComment } from '../domain/types.js';
import { isReaderAction, moderateReaderAction } from '../readers/moderate.js';
import { readersFeatureForwarders } from './readers-events.js';
import { seesAllSites } from '../moderators/scope.js';
import { AppError } from '../errors.js';
import { pickLocale, type Locale } from '../i18n/locale.js';
import { decidedMessage } from '../i18n/decided.js';
import { CountsCoalescer } from './counts-coalescer.js';
import { MESSAGES } from '../i18n/messages.js';
import { t } from '../http/errors.js';
import { isSameHost } from '../http/request.js';
import { siteAdmitsOrigin } from '../usecases/origins.js';
import type { Deps } from '../usecases/context.js';
import { ConflictError, isAction, moderateComment } from '../usecases/moderate-comment.js';
import { clientPageKey } from '../validation/page-key.js';
import { toModerator } from '../views.js';
import { publicOf } from '../readers/thread-page.js';
import { replyContexts } from '../edits/reply-context.js';
import { guardDepth, throttleEvent } from './guards.js';
import { slimUpgradeRequest } from './slim-request.js';
import { readerForwarders, serveOwnClaims } from './reader-sync.js';
import { MAX_OWN_CLAIMS } from '../reader/thread-facts.js';

/** Moderators who see every site (admins, sites ["*"]) are in this room; the others in one room per given site. */
const ALL_SITES_ROOM = 'moderators';
const siteModRoom = (site: string) => `moderators:site:${site}`;
const moderatorRoom = (id: string) => `moderator:${id}`;
/** The rooms of the moderators allowed to see this site's comments and counts. */
const modRoomsOf = (site: string) => [ALL_SITES_ROOM, siteModRoom(site)];
/** Pages one reader socket may follow at once (the socket's own room included); keeps the room table bounded. */
const MAX_ROOMS_PER_SOCKET = 20;
const SESSION_SWEEP_MS = 30_000;
export const pageRoom = (site: string, page: string) => `page:${site}\u0000${page}`;
const sessionRoom = (sid: string) => `session:${sid}`;
/** A reader socket's language: `auth.lang` when the client gave one, else its Accept-Language. */
const readerLocale = (h: { auth?: unknown; headers: Record<string, string | string[] | undefined> }): Locale => {
  const lang = (h.auth as { lang?: unknown } | undefined)?.lang;
  return lang === 'en' || lang === 'ar' ? lang : pickLocale(h.headers['accept-language'] as string | undefined);
};
/** How many page rooms a reader socket is in (its own-comment rooms are bounded apart). */
const pageRoomsOf = (socket: { rooms: Set<string> }) => [...socket.rooms].filter((r) => r.startsWith('page:')).length;

/**
 * Forwards domain events to Socket.IO rooms and serves the two namespaces.
 * With the Redis adapter installed on `io`, every emit reaches every process.
 */
export function attachRealtime(io: Server, deps: Deps, opts: { clustered?: boolean } = {}): () => void {
  const mod = io.of('/moderation') as Namespace<ModerationClientEvents, ModerationServerEvents>;
  const readers = io.of('/') as Namespace<ReaderClientEvents, ReaderServerEvents>;
  /**
   * May a moderator of this site hear an event? With one process (the in-memory adapter), only
   * if one is connected here: otherwise the moderators' view of a comment (reasons rendered,
   * the reply context read) was built and encoded for nobody on every post (issue 10). With a
   * cluster adapter (`clustered`), sockets of other processes count and are not visible here.
   */
  const moderatorsListen = (site: string) => opts.clustered === true || modRoomsOf(site).some((r) => (mod.adapter.rooms.get(r)?.size ?? 0) > 0);

  mod.use((socket, next) => {
    const { origin, host } = socket.handshake.headers;
    if (origin && !isSameHost(origin, host)) return next(new Error('unauthorized'));
    resolveSession(deps.store, socket.handshake.headers.cookie, deps.clock())
      .then((found) => {
        if (!found) return next(new Error('unauthorized'));
        socket.data.moderator = found.moderator;
        socket.data.sessionId = found.sessionId;
        const auth = socket.handshake.auth as { lang?: unknown } | undefined;
        socket.data.locale = auth?.lang === 'en' || auth?.lang === 'ar' ? auth.lang : pickLocale(socket.handshake.headers['accept-language']);
        next();
      })
      .catch(() => next(new Error('unauthorized')));
  });

  mod.on('connection', (socket) => {
    guardDepth(socket);
    throttleEvent(socket, 'moderate', deps.limiters.socketModerate);
    const me = socket.data.moderator as Moderator;
    const scopeRooms = seesAllSites(me) ? [ALL_SITES_ROOM] : me.sites.map(siteModRoom);
    void socket.join([...scopeRooms, sessionRoom(socket.data.sessionId as string), moderatorRoom(me.id)]);
    const locale = socket.data.locale as Locale;
    socket.on('moderate', async (req, ack) => {
      if (typeof ack !== 'function') return;
      try {
        // Re-check the session: a signed-out or removed moderator decides nothing.
        const found = await resolveSession(deps.store, socket.handshake.headers.cookie, deps.clock());
        if (!found) {
          ack({ ok: false, error: 'unauthorized' });
          socket.disconnect(true);
          return;
        }
        const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
        if (typeof r.id !== 'string' || !(isAction(r.action) || isReaderAction(r.action)) || (r.version !== undefined && !Number.isSafeInteger(r.version))) {
          ack({ ok: false, error: 'bad_request', message: MESSAGES.bad_request[locale] });
          return;
        }
        const one = { id: r.id, version: r.version as number | undefined };
        // [issue 14] the same use case as the HTTP actions route
        const comment = isReaderAction(r.action)
          ? await moderateReaderAction(deps, { ...one, action: r.action }, found.moderator)
          : await moderateComment(deps, { ...one, action: r.action as ModerationAction }, found.moderator);
        ack({ ok: true, comment: toModerator(comment, locale) });
      } catch (e) {
        if (e instanceof ConflictError) ack({ ok: false, error: 'conflict', message: decidedMessage(e.current, locale, deps.clock()), comment: toModerator(e.current, locale) });
        else if (e instanceof AppError) ack({ ok: false, error: e.code, message: t(e.key, locale, e.params) });
        else {
          deps.logger.error({ err: e }, 'moderate via socket failed');
          ack({ ok: false, error: 'internal', message: MESSAGES.internal[locale] });
        }
      }
    });
  });

  readers.on('connection', (socket) => {
    slimUpgradeRequest(socket.conn as unknown as { request: unknown });
    guardDepth(socket);
    // Own-comment rooms have their own bound (one `own` request's worth), so following
    // one's comments never uses up the pages a reader may follow, and vice versa.
    serveOwnClaims(socket, deps, MAX_OWN_CLAIMS);
    // Joins still looking up their site count toward the bound too: a burst of joins sent at
    // once would otherwise all pass a check that only counts the rooms already joined.
    const joining = new Set<string>();
    socket.on('join', async (req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      const key = clientPageKey(r.page);
      if (typeof r.site !== 'string' || key === null || r.site.length > 64) {
        reply({ ok: false, error: 'bad_request' });
        return;
      }
      const room = pageRoom(r.site, key);
      if (!socket.rooms.has(room) && !joining.has(room) && pageRoomsOf(socket) + joining.size + 1 >= MAX_ROOMS_PER_SOCKET) {
        reply({ ok: false, error: 'rate_limited' });
        return;
      }
      joining.add(room);
      try {
        const site = await deps.store.getSite(r.site).catch(() => null);
        if (!site) {
          reply({ ok: false, error: 'unknown_site' });
          return;
        }
        // The Origin rule of GET /api/comments (http/access.ts, usecases/origins.ts): a page on
        // another site must not follow this one's comments live. No Origin: a non-browser client, as for HTTP.
        const { origin, host } = socket.handshake.headers;
        if (typeof origin === 'string' && !siteAdmitsOrigin(site, origin, host)) {
          const locale = readerLocale(socket.handshake);
          reply({ ok: false, error: 'origin_forbidden', message: MESSAGES.origin_forbidden_live[locale] });
          return;
        }
        await socket.join(room);
        reply({ ok: true });
      } finally {
        joining.delete(room);
      }
    });
    socket.on('leave', (req) => {
      const r = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
      const key = clientPageKey(r.page);
      if (typeof r.site === 'string' && key !== null) void socket.leave(pageRoom(r.site, key));
    });
  });

  /** A reply is visible only when every ancestor is approved (as the list API shows it). */
  async function ancestorsVisible(c: StoredComment): Promise<boolean> {
    let parentId = c.parentId;
    for (let depth = 0; parentId && depth < 50; depth++) {
      const parent = await deps.store.getComment(parentId);
      if (!parent || parent.status !== 'approved') return false;
      parentId = parent.parentId;
    }
    return true;
  }

  // Counts come from the store's counters and go out coalesced per site, never once per post,
  // with their version: sends of several processes (or a list answer) can arrive in any order.
  const counts = new CountsCoalescer((site) =>
    deps.store
      .countsSnapshot(site)
      .then(({ counts: c, version }) => void mod.to(modRoomsOf(site)).emit('counts', { site, ...c, version }))
      .catch((err) => deps.logger.error({ err }, 'counts for moderators failed')),
  );
  const emitCounts = async (site: string) => counts.touch(site);
  const forward = readerForwarders(readers, deps, pageRoom);
  const safe = (f: () => Promise<void>) => f().catch((err) => deps.logger.error({ err }, 'realtime forward failed'));
  // Live equals a reload: a queued reply arrives with what it answers, as the list route gives it.
  const forModerators = async (c: StoredComment) => ({ ...toModerator(c), replyTo: (await replyContexts(deps.store, [c])).get(c.id) ?? null });

  // Sessions can end without a logout here (expiry, another process, an admin):
  // look at this process's moderator sockets now and then and drop the stale ones.
  const sweep = setInterval(() => {
    for (const socket of mod.sockets.values()) {
      resolveSession(deps.store, socket.handshake.headers.cookie, deps.clock())
        .then((found) => {
          if (!found) socket.disconnect(true);
        })
        .catch(() => undefined);
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();

  const unsubscribe = [
    deps.bus.subscribe('comment:created', (c: StoredComment) =>
      safe(async () => {
        if (moderatorsListen(c.site)) mod.to(modRoomsOf(c.site)).emit('comment:new', await forModerators(c));
        if (c.status === 'approved' && (await ancestorsVisible(c))) {
          readers.to(pageRoom(c.site, c.page)).emit('comment:approved', await publicOf(deps, c));
          await forward.count(c.site, c.page);
        }
        await emitCounts(c.site);
      }),
    ),
    deps.bus.subscribe('comment:status-changed', (c, from) =>
      safe(async () => {
        mod.to(modRoomsOf(c.site)).emit('comment:updated', await forModerators(c));
        if (c.status === 'approved') {
          if (await ancestorsVisible(c)) {
            readers.to(pageRoom(c.site, c.page)).emit('comment:approved', await publicOf(deps, c));
            await forward.descendants(c);
            await forward.count(c.site, c.page);
          }
        } else if (from === 'approved') {
          readers.to(pageRoom(c.site, c.page)).emit('comment:removed', { id: c.id, page: c.page });
          await forward.count(c.site, c.page);
        }
        // After the page's events, so an approved comment is already in place when its author hears of it.
        await forward.own(c);
        await emitCounts(c.site);
      }),
    ),
    deps.bus.subscribe('site:imported', ({ site, imported }) =>
      safe(async () => {
        mod.to(modRoomsOf(site)).emit('site:imported', { site, imported });
        await emitCounts(site);
      }),
    ),
    deps.bus.subscribe('page:updated', (p) => safe(() => forward.closed(p.site, p.page))),
    deps.bus.subscribe('moderator:signed-out', (sid) => {
      mod.in(sessionRoom(sid)).disconnectSockets(true);
    }),
    deps.bus.subscribe('comments:deleted', (site, ids) =>
      safe(async () => {
        mod.to(modRoomsOf(site)).emit('comments:deleted', { site, ids });
        await emitCounts(site);
      }),
    ),
    deps.bus.subscribe('comment:edited', (c) =>
      safe(async () => {
        mod.to(modRoomsOf(c.site)).emit('comment:updated', await forModerators(c));
        if (c.status === 'approved' && (await ancestorsVisible(c))) readers.to(pageRoom(c.site, c.page)).emit('comment:edited', await publicOf(deps, c));
      }),
    ),
    // [issue 14] likes, featured picks, author deletions, reports: realtime/readers-events.ts
    ...readersFeatureForwarders(deps, {
      toPage: (site, page) => readers.to(pageRoom(site, page)),
      toModerators: (site) => mod.to(modRoomsOf(site)),
      visible: ancestorsVisible,
      count: (site, page) => forward.count(site, page),
      safe,
    }),
    // removed, demoted or re-scoped: every connection of theirs closes now (in every process with the Redis adapter)
    deps.bus.subscribe('moderator:revoked', (id) => {
      mod.in(moderatorRoom(id)).disconnectSockets(true);
    }),
  ];
  return () => {
    clearInterval(sweep);
    counts.close();
    unsubscribe.forEach((u) => u());
  };
}
