import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ModerationAction, ModerationClientEvents, ModerationServerEvents, ModeratorComment, StatusCounts } from './types.js';

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type ModerateAck = Ack<{ comment: ModeratorComment }>;

export interface LiveHandlers {
  /** every (re)connect: the host re-fetches so nothing missed while away is lost */
  onConnect(): void;
  onNew(c: ModeratorComment): void;
  onUpdated(c: ModeratorComment): void;
  onCounts(c: StatusCounts & { site: string }): void;
  /** an import added comments to a site (one event per import): re-fetch the queue */
  onImported?(info: { site: string; imported: number }): void;
  /** the server refused the session: the host checks it and shows the login form */
  onRefused(): void;
}

const ACK_TIMEOUT_MS = 15_000;

/**
 * The moderators' live connection (Socket.IO namespace `/moderation`, same
 * origin, session cookie). Opens when the host connects, closes when it leaves;
 * Socket.IO reconnects on its own after a dropped transport, and the browser's
 * online event nudges it after a network outage.
 */
export class LiveController implements ReactiveController {
  state: ConnState = 'connecting';
  private socket: Socket<ModerationServerEvents, ModerationClientEvents> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: LiveHandlers,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const socket: Socket<ModerationServerEvents, ModerationClientEvents> = io('/moderation', { withCredentials: true });
    this.socket = socket;
    socket.on('connect', () => {
      this.set('connected');
      this.handlers.onConnect();
    });
    socket.on('disconnect', () => {
      // `active` is false only when the server closed us on purpose (signed out elsewhere).
      if (socket.active) this.set(navigator.onLine ? 'reconnecting' : 'offline');
      else {
        this.set('offline');
        this.handlers.onRefused();
      }
    });
    socket.on('connect_error', () => {
      if (socket.active) this.set(navigator.onLine ? 'reconnecting' : 'offline');
      else {
        // The middleware said no (no valid session): retrying would not help.
        this.set('offline');
        this.handlers.onRefused();
      }
    });
    socket.io.on('reconnect_attempt', () => this.set(navigator.onLine ? 'reconnecting' : 'offline'));
    socket.on('comment:new', (c) => this.handlers.onNew(c));
    socket.on('comment:updated', (c) => this.handlers.onUpdated(c));
    socket.on('counts', (c) => this.handlers.onCounts(c));
    socket.on('site:imported', (info) => this.handlers.onImported?.(info));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.socket?.removeAllListeners();
    this.socket?.io.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Tries the connection again (after the host confirmed the session is still valid). */
  retry(): void {
    if (this.socket && !this.socket.connected) {
      this.set('connecting');
      this.socket.connect();
    }
  }

  /** Sends a decision over the socket; resolves with the server's ack, rejects on timeout or when not connected. */
  async moderate(req: { id: string; action: ModerationAction; version?: number }): Promise<ModerateAck> {
    if (!this.socket?.connected) throw new Error('not connected');
    return (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('moderate', req)) as ModerateAck;
  }

  private set(state: ConnState) {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  private onOnline = () => {
    if (!this.socket) return;
    if (this.socket.connected) return this.set('connected'); // a short blip the transport survived
    this.set('reconnecting');
    this.socket.connect();
  };

  private onOffline = () => this.set('offline');
}
