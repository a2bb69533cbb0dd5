import type { Socket } from 'socket.io';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { valueTooDeep } from '../http/json-depth.js';
import type { Locale } from '../i18n/locale.js';
import { MESSAGES } from '../i18n/messages.js';
import { format } from '../i18n/locale.js';
import { MAX_JSON_DEPTH } from '../http/json-depth.js';

/** Rejected `moderate` events in a row after which a socket is disconnected. */
export const MAX_REJECTED_IN_A_ROW = 200;

const localeOf = (socket: Socket): Locale => (socket.data.locale as Locale | undefined) ?? 'ar';

/**
 * Every incoming event on `socket` is checked before its handler runs: a payload nested
 * deeper than MAX_JSON_DEPTH is refused (ack `{ ok: false, error: 'bad_request' }`) and
 * never reaches a handler.
 */
export function guardDepth(socket: Socket): void {
  socket.use((packet, next) => {
    const args = packet.slice(1);
    if (!valueTooDeep(args, MAX_JSON_DEPTH + 1)) return next();
    const ack = args.at(-1);
    if (typeof ack === 'function') ack({ ok: false, error: 'bad_request', message: format(MESSAGES.too_deep[localeOf(socket)], { max: MAX_JSON_DEPTH }, localeOf(socket)) });
  });
}

/**
 * Throttles one event per socket with `limiter` (keyed by the socket id): over the limit
 * the event is acked `{ ok: false, error: 'rate_limited' }` without being handled, and a
 * socket that keeps going (MAX_REJECTED_IN_A_ROW refusals in a row) is disconnected, so one
 * flooding client cannot slow every other moderator's acks.
 */
export function throttleEvent(socket: Socket, event: string, limiter: RateLimiterAbstract): void {
  let rejectedInARow = 0;
  socket.use((packet, next) => {
    if (packet[0] !== event) return next();
    limiter.consume(socket.id).then(
      () => {
        rejectedInARow = 0;
        next();
      },
      (e: unknown) => {
        if (!(e instanceof RateLimiterRes)) return next();
        const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        const ack = packet.at(-1);
        const locale = localeOf(socket);
        if (typeof ack === 'function') ack({ ok: false, error: 'rate_limited', message: format(MESSAGES.rate_limited[locale], { seconds }, locale) });
        if (++rejectedInARow >= MAX_REJECTED_IN_A_ROW) socket.disconnect(true);
      },
    );
  });
  socket.once('disconnect', () => void limiter.delete(socket.id));
}
