import { IncomingMessage } from 'node:http';

/**
 * What Socket.IO reads of an engine connection's first HTTP request when a client joins a
 * namespace (socket.io's Socket#buildHandshake): the headers, the URL, the parsed query and
 * whether the connection is encrypted.
 */
interface HandshakeSource {
  headers: IncomingMessage['headers'];
  url: string | undefined;
  _query: unknown;
  connection: { encrypted: boolean };
}

/**
 * Replaces an engine connection's retained upgrade request (a whole IncomingMessage, with its
 * socket and parser state, kept for the connection's life) by the four things a later namespace
 * handshake on the same connection reads (HandshakeSource), so an idle reader socket holds
 * only its headers (issue 10: memory per idle socket, ≤ 15 KB at 10,000). Socket.IO's own
 * advice is to drop the request (docs "Memory usage"); keeping the headers instead means a
 * client that opens a second namespace on the same connection (the dashboard's /moderation
 * beside a widget on one page) still brings its cookie and origin. Nothing else in
 * engine.io reads the request after the connection opens.
 */
export function slimUpgradeRequest(conn: { request: unknown }): void {
  const req = conn.request;
  if (!(req instanceof IncomingMessage)) return;
  const slim: HandshakeSource = {
    headers: req.headers,
    url: req.url,
    _query: (req as IncomingMessage & { _query?: unknown })._query,
    connection: { encrypted: Boolean((req.socket as { encrypted?: boolean } | null)?.encrypted) },
  };
  conn.request = slim;
}
