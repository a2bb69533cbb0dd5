import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import type { ReaderClientEvents, ReaderServerEvents } from '../../server/domain/events.js';
import { serverBase } from './api.js';
import type { OwnComment, PublicComment } from './types.js';

type Host = ReactiveControllerHost & HTMLElement & { site: string; page: string };

export interface LiveHandlers {
  approved(comment: PublicComment): void;
  removed(id: string): void;
  count(total: number): void;
  closed(closed: boolean): void;
  /** one of the reader's own comments changed (author-only event) */
  own(comment: OwnComment): void;
  /** The server confirmed the room. `again`: a reconnection or another page, so events may have been missed. */
  joined(again: boolean): void;
  /** the "id:token" claims of the reader's own comments on this page, to follow them live */
  claims(): string[];
}

/** Backoff after a disconnect socket.io does not retry on its own: 1 s doubling to 30 s, ±50 % jitter. */
const BACKOFF_MS = { first: 1000, max: 30_000 };

/** Thread keys as the server compares them: one path, percent-encoded or not. */
export function samePage(a: string, b: string): boolean {
  const canon = (p: string) => {
    try {
      return decodeURI(p).normalize('NFC').trim();
    } catch {
      return p.normalize('NFC').trim();
    }
  };
  return a === b || canon(a) === canon(b);
}

/**
 * The live connection to the thread. socket.io-client is imported only when
 * `start()` is called after first paint, so it is a separate chunk that never
 * delays the comments; the connection closes when the element leaves the page.
 * It comes back after any disconnect: socket.io retries dropped transports
 * itself, and a disconnect the server asked for ("io server disconnect", e.g.
 * a process stopping) is retried here with backoff. Every join after the first
 * tells the host to re-sync what it may have missed.
 */
export class LiveController implements ReactiveController {
  private socket: Socket<ReaderServerEvents, ReaderClientEvents> | null = null;
  private room: { site: string; page: string } | null = null;
  private started = false;
  private opening = false;
  private everJoined = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: Host,
    private readonly on: LiveHandlers,
  ) {
    host.addController(this);
  }

  start(): void {
    this.started = true;
    void this.open();
  }

  hostConnected(): void {
    // Moved in the DOM or re-attached after removal: reconnect.
    if (this.started) void this.open();
  }

  hostDisconnected(): void {
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = null;
    this.room = null;
    this.everJoined = false;
  }

  /** Follows the element's current site and page (call after they change). */
  sync(): void {
    const s = this.socket;
    if (!s?.connected) return;
    const { site, page } = this.host;
    if (this.room && this.room.site === site && this.room.page === page) return;
    if (this.room) s.emit('leave', this.room);
    this.room = { site, page };
    s.emit('join', this.room, (res) => {
      if (!res?.ok) return;
      this.claim(this.on.claims());
      this.on.joined(this.everJoined);
      this.everJoined = true;
    });
  }

  /** Joins the author-only rooms of these comments ("id:token"). */
  claim(claims: string[]): void {
    if (claims.length && this.socket?.connected) this.socket.emit('own', { claims: claims.slice(-50) });
  }

  private async open(): Promise<void> {
    if (this.socket || this.opening) return;
    this.opening = true;
    try {
      const { io } = await import('socket.io-client');
      if (!this.host.isConnected || this.socket) return;
      // Default transports: long-polling first, upgraded to WebSocket where the network allows it.
      const s: Socket<ReaderServerEvents, ReaderClientEvents> = io(serverBase.origin, { path: `${serverBase.pathname}socket.io` });
      this.socket = s;
      s.on('connect', () => {
        this.attempts = 0;
        // A new server-side socket has no rooms: join again every time.
        this.room = null;
        this.sync();
      });
      s.on('disconnect', (reason) => {
        // socket.io reconnects by itself except when the server closed us on purpose.
        if (reason === 'io server disconnect') this.retry(s);
      });
      const here = (page: string | undefined) => !!page && !!this.room && samePage(page, this.room.page);
      s.on('comment:approved', (c) => here(c?.page) && this.on.approved(c));
      s.on('comment:removed', (p) => here(p?.page) && this.on.removed(p.id));
      s.on('page:count', (p) => here(p?.page) && this.on.count(p.total));
      s.on('page:closed', (p) => here(p?.page) && this.on.closed(p.closed));
      s.on('comment:status', (c) => here(c?.page) && this.on.own(c));
    } catch {
      // The live chunk failed to load (offline, blocked): the thread still works without it.
    } finally {
      this.opening = false;
    }
  }

  private retry(s: Socket): void {
    clearTimeout(this.retryTimer);
    const base = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempts++);
    this.retryTimer = setTimeout(() => {
      if (this.socket === s && !s.connected) s.connect();
    }, base * (0.5 + Math.random()));
  }
}
