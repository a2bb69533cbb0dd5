import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { pickLocale } from '../i18n/locale.js';
import { t } from './errors.js';

/**
 * Answers requests Node's HTTP parser refuses before Express ever sees them, with the same
 * JSON error body as every other refusal instead of Node's bare, empty `400`.
 *
 * The common case is a URL holding raw (unencoded) non-ASCII bytes, e.g. a `curl` of
 * `/api/comments?page=/مقال`: HTTP allows only ASCII in a request target (RFC 9112 §3.2,
 * RFC 3986 §2), so the parser stops (`HPE_INVALID_URL`); the answer says to percent-encode.
 * Other parse errors (bad header, bad chunking) get a plain `bad_request`; over-long headers
 * get 431. The language comes from an `Accept-Language` line in the raw bytes when there is one.
 * Shapes: `{ error: "bad_request" | "too_large", message }`; the connection is then closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const raw = err.rawPacket ? err.rawPacket.toString('latin1') : '';
    const language = /\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(raw)?.[1];
    const locale = pickLocale(language);
    const [status, reason, code, key] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'too_large', 'too_large'] as const
        : err.code === 'HPE_INVALID_URL'
          ? [400, 'Bad Request', 'bad_request', 'url_not_encoded'] as const
          : [400, 'Bad Request', 'bad_request', 'bad_request'] as const;
    const body = JSON.stringify({ error: code, message: t(key, locale) });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
