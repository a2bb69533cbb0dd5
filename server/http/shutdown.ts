import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { pickLocale } from '../i18n/locale.js';
import { MESSAGES } from '../i18n/messages.js';

/** After the 503s, how long their connections get to carry the answer out before they are cut. */
const FLUSH_MS = 1000;

/**
 * Graceful stop for an HTTP server: remembers unanswered requests so that a stop can
 * (1) close idle keep-alive connections at once and every connection as soon as its
 * request is answered, (2) give in-flight requests `graceMs` to finish, then (3) answer
 * those still unanswered — typically a body still uploading — with 503 `unavailable`
 * and `Connection: close`, and cut whatever is left shortly after.
 */
export function trackRequests(server: Server) {
  const open = new Map<ServerResponse, IncomingMessage>();
  let draining = false;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    open.set(res, req);
    if (draining) res.setHeader('Connection', 'close');
    res.once('finish', () => {
      open.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    res.once('close', () => open.delete(res));
  });

  function answer503(res: ServerResponse, req: IncomingMessage) {
    const locale = pickLocale(req.headers['accept-language']);
    const body = JSON.stringify({ error: 'unavailable', message: MESSAGES.shutting_down[locale] });
    res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close', 'Retry-After': '5' });
    res.end(body);
  }

  return {
    get draining() {
      return draining;
    },
    /** Starts draining; resolves when `closed` does (the server has let go of every connection). */
    async drain(graceMs: number, closed: Promise<void>): Promise<void> {
      draining = true;
      for (const res of open.keys()) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.closeIdleConnections();
      let cut: NodeJS.Timeout | undefined;
      const grace = setTimeout(() => {
        for (const [res, req] of open) if (!res.headersSent) answer503(res, req);
        cut = setTimeout(() => server.closeAllConnections(), FLUSH_MS);
      }, graceMs);
      try {
        await closed;
      } finally {
        clearTimeout(grace);
        clearTimeout(cut);
      }
    },
  };
}
