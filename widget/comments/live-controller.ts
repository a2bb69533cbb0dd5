import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import type { ReaderClientEvents, ReaderServerEvents } from '../../server/domain/events.js';
import { canonicalPageKey } from '../../server/validation/page-key.js';
import { serverBase } from './api.js';
import type { PublicComment } from './types.js';

type Host = ReactiveControllerHost & HTMLElement & { site: string; page: string };

export interface LiveHandlers {
  approved(comment: PublicComment): void;
  removed(id: string): void;
  /** A moderator edited a visible comment (its text, name or website). */
  edited?(comment: PublicComment): void;
  /** The server confirmed the room (first connection, reconnection, new page): events before it were missed. */
  joined(): void;
}

/**
 * The live connection to the thread. socket.io-client is imported only when
 * `start()` is called after first paint, so it is a separate chunk that never
 * delays the comments; the connection closes when the element leaves the page.
 */
export class LiveController implements ReactiveController {
  private socket: Socket<ReaderServerEvents, ReaderClientEvents> | null = null;
  private room: { site: string; page: string } | null = null;
  private started = false;
  private opening = false;

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
    this.socket?.disconnect();
    this.socket = null;
    this.room = null;
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
      if (res?.ok) this.on.joined();
    });
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
        // A new server-side socket has no rooms: join again every time.
        this.room = null;
        this.sync();
      });
      // Events carry the server's canonical page key; the room may be spelled percent-encoded (location.pathname).
      const inRoom = (page: unknown) => typeof page === 'string' && this.room !== null && canonicalPageKey(page) === canonicalPageKey(this.room.page);
      s.on('comment:approved', (c) => {
        if (inRoom(c?.page)) this.on.approved(c);
      });
      s.on('comment:removed', (p) => {
        if (inRoom(p?.page)) this.on.removed(p.id);
      });
      s.on('comment:edited', (c) => {
        if (inRoom(c?.page)) this.on.edited?.(c);
      });
    } catch {
      // The live chunk failed to load (offline, blocked): the thread still works without it.
    } finally {
      this.opening = false;
    }
  }
}
