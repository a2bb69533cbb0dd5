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
 * get 431. An over-long request line is not a header problem, and a GET has no body to be
 * "too large": when one query parameter is what made the URL too long, the answer is 400
 * `bad_request` naming it (as queryString does for a long parameter that fits), else 414
 * `uri_too_long` (the whole URI). The language comes from an `Accept-Language` line in the raw
 * bytes when there is one.
 * Shapes: `{ error: "bad_request" | "uri_too_long" | "too_large", message }`; the connection is then closed.
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
    const longParam = err.code === 'HPE_HEADER_OVERFLOW' ? overlongUrl(raw) : undefined;
    const [status, reason, code, key] =
      longParam !== undefined
        ? longParam === null
          ? [414, 'URI Too Long', 'uri_too_long', 'uri_too_long'] as const
          : [400, 'Bad Request', 'bad_request', 'param_too_long_bare'] as const
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'too_large', 'too_large'] as const
          : err.code === 'HPE_INVALID_URL'
            ? [400, 'Bad Request', 'bad_request', 'url_not_encoded'] as const
            : [400, 'Bad Request', 'bad_request', 'bad_request'] as const;
    const body = JSON.stringify({ error: code, message: t(key, locale, longParam ? { param: longParam } : undefined) });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Longer than any parameter a route takes (queryString's default bound is 500). */
const LONGEST_PARAM = 500;

/**
 * When the request line, not the headers, is what overflowed Node's header limit: the name
 * of the query parameter that made it too long (a plain name, its value over LONGEST_PARAM
 * characters), or null when no one parameter did (a long path, many short parameters).
 * undefined when the headers overflowed. `raw` is the start of the request as received.
 */
export function overlongUrl(raw: string): string | null | undefined {
  const end = raw.indexOf('\r\n');
  const line = end === -1 ? raw : raw.slice(0, end);
  if (!/^[A-Z]+ \S/.test(line) || line.length < raw.length - line.length) return undefined;
  const target = line.replace(/^[A-Z]+ /, '').replace(/ HTTP\/\d\.\d$/, '');
  const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
  let longest: { name: string; length: number } | null = null;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const length = eq === -1 ? 0 : part.length - eq - 1;
    if (/^[\w.-]{1,64}$/.test(name) && length > (longest?.length ?? LONGEST_PARAM)) longest = { name, length };
  }
  return longest?.name ?? null;
}
