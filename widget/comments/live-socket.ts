/**
 * The reader's Socket.IO connection, loaded after first paint together with
 * socket.io-client (see LiveController): opens it, forwards the thread's events
 * for the page currently joined, and comes back after any disconnect.
 */
import { io, type Socket } from 'socket.io-client';
import type { ReaderClientEvents, ReaderServerEvents } from '../../server/domain/events.js';
import { canonicalPageKey } from '../../server/validation/page-key.js';
import { serverBase } from './api.js';
import type { LiveHandlers } from './live-controller.js';
import type { PublicComment } from './types.js';

export type ReaderSocket = Socket<ReaderServerEvents, ReaderClientEvents>;

/** Backoff after a disconnect socket.io does not retry on its own: 1 s doubling to 30 s, ±50 % jitter. */
const BACKOFF_MS = { first: 1000, max: 30_000 };

/** Thread keys as the server compares them: events carry the canonical key, the room may hold the percent-encoded spelling (location.pathname). */
export function samePage(a: string, b: string): boolean {
  return a === b || canonicalPageKey(a) === canonicalPageKey(b);
}

/**
 * Opens the connection. `room()` is the page joined now (events for another are
 * stale and dropped); `connected()` runs on every (re)connect, when the new
 * server-side socket has no rooms yet. A disconnect the server asked for ("io
 * server disconnect", e.g. a process stopping) is retried here with backoff;
 * socket.io retries dropped transports itself. Returns the socket and a way to
 * cancel a pending retry.
 */
export function openSocket(
  on: LiveHandlers,
  room: () => { page: string } | null,
  connected: () => void,
): { socket: ReaderSocket; stop(): void } {
  // Default transports: long-polling first, upgraded to WebSocket where the network allows it.
  const s: ReaderSocket = io(serverBase.origin, { path: `${serverBase.pathname}socket.io` });
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  s.on('connect', () => {
    attempts = 0;
    connected();
  });
  s.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect') return;
    clearTimeout(timer);
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** attempts++);
    timer = setTimeout(() => s.connected || s.connect(), delay * (0.5 + Math.random()));
  });
  const here = (page: string | undefined) => {
    const r = room();
    return !!page && !!r && samePage(page, r.page);
  };
  s.on('comment:approved', (c) => here(c?.page) && on.approved(c));
  s.on('comment:removed', (p) => here(p?.page) && on.removed(p.id));
  s.on('comment:edited', (c) => here(c?.page) && on.edited(c));
  s.on('page:count', (p) => here(p?.page) && on.count(p.total));
  s.on('page:closed', (p) => here(p?.page) && on.closed(p.closed));
  s.on('comment:status', (c) => here(c?.page) && on.own(c));
  // Issue 14 events (ISSUE14-API.md), typed here so the widget does not depend on the server's event map.
  const any = s as unknown as { on(e: string, f: (p: never) => void): void };
  any.on('comment:reactions', (p: { id: string; page: string; likes: number }) => here(p?.page) && on.reactions(p.id, p.likes));
  any.on('comment:featured', (p: { id: string; page: string; featured: boolean; comment: PublicComment }) => here(p?.page) && p.comment && on.featured(p.comment, p.featured));
  return {
    socket: s,
    stop() {
      clearTimeout(timer);
      s.disconnect();
    },
  };
}
