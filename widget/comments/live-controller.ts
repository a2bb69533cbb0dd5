import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReaderSocket } from './live-socket.js';
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
  /** A visible comment was edited (by a moderator or its author), or became the «تعليق محذوف» placeholder. */
  edited(comment: PublicComment): void;
  /** `comment:reactions`: a comment's like count changed */
  reactions(id: string, likes: number): void;
  /** `comment:featured`: a moderator featured or unfeatured a comment */
  featured(comment: PublicComment, featured: boolean): void;
}

/**
 * The live connection to the thread. The socket part (live-socket.ts with
 * socket.io-client) and the host's handlers are imported only when `start()` is
 * called after first paint, so they are separate chunks that never delay the
 * comments; the connection
 * closes when the element leaves the page and comes back after any disconnect.
 * Every join after the first tells the host to re-sync what it may have missed.
 */
export class LiveController implements ReactiveController {
  private conn: { socket: ReaderSocket; stop(): void } | null = null;
  /** set with `conn`: nothing calls the handlers before the socket is open */
  private on: LiveHandlers | null = null;
  private room: { site: string; page: string } | null = null;
  private started = false;
  private opening = false;
  private everJoined = false;

  /** `handlers`: loads what the host does with each event (a chunk of its own, fetched with the socket's). */
  constructor(
    private readonly host: Host,
    private readonly handlers: () => Promise<LiveHandlers>,
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
    this.conn?.stop();
    this.conn = null;
    this.room = null;
    this.everJoined = false;
  }

  /** Follows the element's current site and page (call after they change). */
  sync(): void {
    const s = this.conn?.socket;
    const on = this.on;
    if (!s?.connected || !on) return;
    const { site, page } = this.host;
    if (this.room && this.room.site === site && this.room.page === page) return;
    if (this.room) s.emit('leave', this.room);
    this.room = { site, page };
    s.emit('join', this.room, (res) => {
      if (!res?.ok) return;
      this.claim(on.claims());
      on.joined(this.everJoined);
      this.everJoined = true;
    });
  }

  /** Joins the author-only rooms of these comments ("id:token"). */
  claim(claims: string[]): void {
    const s = this.conn?.socket;
    if (claims.length && s?.connected) s.emit('own', { claims: claims.slice(-50) });
  }

  private async open(): Promise<void> {
    if (this.conn || this.opening) return;
    this.opening = true;
    try {
      const [{ openSocket }, on] = await Promise.all([import('./live-socket.js'), this.handlers()]);
      if (!this.host.isConnected || this.conn) return;
      this.on = on;
      this.conn = openSocket(on, () => this.room, () => {
        // A new server-side socket has no rooms: join again every time.
        this.room = null;
        this.sync();
      });
    } catch {
      // A live chunk failed to load (offline, blocked): the thread still works without it.
    } finally {
      this.opening = false;
    }
  }
}
