import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ModerationClientEvents, ModerationServerEvents, ModeratorComment, StatusCounts } from './types.js';
import type { DashAction } from './reader-signals/model.js';

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type ModerateAck = Ack<{ comment: ModeratorComment }>;

export interface LiveHandlers {
  /** every (re)connect: the host re-fetches so nothing missed while away is lost */
  onConnect(): void;
  onNew(c: ModeratorComment): void;
  onUpdated(c: ModeratorComment): void;
  /** a site's counts with the store's counts version (older ones must not replace newer) */
  onCounts(c: StatusCounts & { site: string; version: number }): void;
  /** comments deleted for good (a bin emptied, one deleted from spam or trash) */
  onDeleted?(e: { site: string; ids: string[] }): void;
  /** an import added comments to a site (one event per import): re-fetch the queue */
  onImported?(info: { site: string; imported: number }): void;
  /** the server refused the session: the host checks it and shows the login form */
  onRefused(): void;
}

const ACK_TIMEOUT_MS = 15_000;
/** Backoff between recovery attempts after a disconnect socket.io does not retry itself: 1 s doubling to 30 s, ±50 % jitter. */
const BACKOFF_MS = { first: 1000, max: 30_000 };

/**
 * The moderators' live connection (Socket.IO namespace `/moderation`, same
 * origin, session cookie). Opens when the host connects, closes when it leaves;
 * Socket.IO reconnects on its own after a dropped transport, and the browser's
 * online event nudges it after a network outage. When the server closes the
 * connection itself ("io server disconnect": a process stopping, a session
 * check) or refuses it, socket.io gives up; then the host is asked, with
 * backoff, to check the session and call `retry()`, until it connects again or
 * the session is found lost. Every connect makes the host re-fetch.
 */
export class LiveController implements ReactiveController {
  state: ConnState = 'connecting';
  private socket: Socket<ModerationServerEvents, ModerationClientEvents> | null = null;
  private attempts = 0;
  private recoveryTimer: ReturnType<typeof setTimeout> | undefined;

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
      clearTimeout(this.recoveryTimer);
      this.attempts = 0;
      this.set('connected');
      this.handlers.onConnect();
    });
    socket.on('disconnect', (reason) => {
      // `active` is false when the server closed us on purpose (a stopping process, a signed-out session).
      if (socket.active || reason === 'io client disconnect') this.set(navigator.onLine ? 'reconnecting' : 'offline');
      else this.recover();
    });
    socket.on('connect_error', () => {
      if (socket.active) this.set(navigator.onLine ? 'reconnecting' : 'offline');
      // The middleware said no: only a still-valid session is worth retrying (the host checks).
      else this.recover();
    });
    socket.io.on('reconnect_attempt', () => this.set(navigator.onLine ? 'reconnecting' : 'offline'));
    socket.on('comment:new', (c) => this.handlers.onNew(c));
    socket.on('comment:updated', (c) => this.handlers.onUpdated(c));
    socket.on('counts', (c) => this.handlers.onCounts(c));
    socket.on('site:imported', (info) => this.handlers.onImported?.(info));
    socket.on('comments:deleted', (e) => this.handlers.onDeleted?.(e));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  hostDisconnected(): void {
    clearTimeout(this.recoveryTimer);
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
  async moderate(req: { id: string; action: DashAction; version?: number }): Promise<ModerateAck> {
    if (!this.socket?.connected) throw new Error('not connected');
    return (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('moderate', req)) as ModerateAck;
  }

  /** Asks the host to check the session now, then again with backoff until the socket is back. */
  private recover(): void {
    this.set(navigator.onLine ? 'reconnecting' : 'offline');
    clearTimeout(this.recoveryTimer);
    this.handlers.onRefused();
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempts++) * (0.5 + Math.random());
    this.recoveryTimer = setTimeout(() => {
      if (this.socket && !this.socket.connected && !this.socket.active) this.recover();
    }, delay);
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
