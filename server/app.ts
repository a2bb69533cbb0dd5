import compression from 'compression';
import cors, { type CorsOptions } from 'cors';
import express, { type Request } from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import { notFound } from './errors.js';
import { createAccess, requireJson } from './http/access.js';
import { errorMiddleware } from './http/errors.js';
import { authRoutes, moderationRoutes } from './http/moderation-routes.js';
import { publicRoutes } from './http/public-routes.js';
import { isSameHost } from './http/request.js';
import { staticRoutes } from './http/static-routes.js';
import { attachRealtime } from './realtime/index.js';
import type { Deps } from './usecases/context.js';

export interface AppDeps extends Deps {
  /** e.g. the Socket.IO Redis adapter, when several processes run */
  ioAdapter?: ConstructorParameters<typeof IoServer>[1] extends infer O ? (O extends { adapter?: infer A } ? A : never) : never;
}

export interface App {
  server: HttpServer;
  io: IoServer;
  express: express.Express;
  /** Stops realtime, lets in-flight requests finish, closes the HTTP server (not the store). */
  close(): Promise<void>;
}

export const BODY_LIMIT = '32kb';

/** Builds the HTTP + realtime app from its dependencies. No I/O happens here: main.ts listens. */
export function createApp(deps: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ?? false);
  // node:querystring: repeated keys become arrays (any count), and nothing becomes an object.
  app.set('query parser', 'simple');
  const access = createAccess(deps);

  /** An origin may call the public API if some site lists it (per-site checks happen on POST). */
  async function originKnown(origin: string, req: Request): Promise<boolean> {
    if (isSameHost(origin, req.get('host'))) return true;
    return (await deps.store.listSites()).some((s) => access.originAllowed(s, origin, req));
  }
  const publicCors = cors((req, cb) => {
    const origin = req.headers.origin;
    const base: CorsOptions = { methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Accept-Language'], exposedHeaders: ['Retry-After', 'Date'], maxAge: 600 };
    if (!origin) return cb(null, { ...base, origin: false });
    originKnown(origin, req as Request).then(
      (ok) => cb(null, { ...base, origin: ok ? origin : false }),
      (err: Error) => cb(err),
    );
  });

  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (req.path === '/moderate' || req.path.startsWith('/api/moderation') || req.path.startsWith('/api/auth')) {
      res.set('X-Frame-Options', 'DENY');
      res.set('Content-Security-Policy', "frame-ancestors 'none'");
    }
    next();
  });
  // gzip/brotli for the widget bundle and JSON: the bytes readers download are what count.
  app.use(compression({ threshold: 1024 }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(['/api/comments', '/api/counts', '/api/form-token'], publicCors);
  // A moderation request without a session is a 401 before its body is even read.
  app.use('/api/moderation', access.requireModerator.bind(access));
  app.use('/api', express.json({ limit: BODY_LIMIT, strict: false, type: ['application/json', 'application/*+json'] }), requireJson);
  app.use(publicRoutes(deps, access));
  app.use(authRoutes(deps, access));
  app.use(moderationRoutes(deps));
  app.use(staticRoutes(deps.config));
  app.use((_req, _res, next) => next(notFound()));
  app.use(errorMiddleware(deps.logger));

  const server = createServer(app);
  const io = new IoServer(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    adapter: deps.ioAdapter,
    // Readers' events are public; the moderation namespace checks its own origin and cookie.
    cors: { origin: true, credentials: false },
  });
  const detach = attachRealtime(io, deps);

  return {
    server,
    io,
    express: app,
    async close() {
      detach();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        // io.close() also closes the HTTP server; in-flight requests finish first.
        io.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
