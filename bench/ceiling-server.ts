/** The ceiling: a bare node:http server that answers every request with the given bytes. Run as its own process (ceiling.ts). */
import { createServer } from 'node:http';

process.once('message', (m: { body: string; contentType: string; etag: string | null }) => {
  const body = Buffer.from(m.body, 'base64');
  const headers: Record<string, string> = { 'content-type': m.contentType, 'content-length': String(body.length) };
  if (m.etag) headers.etag = m.etag;
  const server = createServer((req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    process.send!({ port: typeof a === 'object' && a ? a.port : 0 });
  });
  process.on('disconnect', () => process.exit(0));
});
