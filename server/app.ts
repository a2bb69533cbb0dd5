import compression from 'compression';
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import { answerClientErrors } from './http/client-error.js';
import { Server as IoServer } from 'socket.io';
import { notFound } from './errors.js';
import { createAccess, requireJson } from './http/access.js';
import { errorMiddleware } from './http/errors.js';
import { authRoutes, moderationRoutes } from './http/moderation-routes.js';
import { adminRoutes } from './http/admin-routes.js';
import { rulesRoutes } from './http/rules-routes.js';
import { commenterRoutes } from './http/commenter-routes.js';
import { binRoutes } from './http/bin-routes.js';
import { editRoutes } from './http/edit-routes.js';
import { privacyRoutes } from './http/privacy-routes.js';
import { startRetention } from './privacy/retention.js';
import { attachAudit } from './audit/record.js';
import { auditRoutes } from './http/audit-routes.js';
import { postComment, publicRoutes, threadRoutes } from './http/public-routes.js';
import { compressedJson } from './http/compressed-json.js';
import { readerRoutes } from './readers/routes.js';
import { feedRoutes } from './feed/atom.js';
import { localInvalidation, type InvalidationChannel } from './cache/invalidation.js';
import { withSiteCache } from './cache/site-cache.js';
import { ThreadCache } from './cache/thread-cache.js';
import { verifyJsonDepth } from './http/json-depth.js';
import { trackRequests } from './http/shutdown.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { publicCors } from './http/public-cors.js';
import { staticRoutes } from './http/static-routes.js';
import { transferRoutes } from './http/transfer-routes.js';
import { notifyRoutes } from './notify/routes.js'; // [notify]
import { webhookRoutes } from './webhooks/routes.js'; // [notify]
import { attachRealtime } from './realtime/index.js';
import type { Deps } from './usecases/context.js';

export interface AppDeps extends Deps {
  /** e.g. the Socket.IO Redis adapter, when several processes run */
  ioAdapter?: ConstructorParameters<typeof IoServer>[1] extends infer O ? (O extends { adapter?: infer A } ? A : never) : never;
  /** tells other processes' caches about changes (Redis pub/sub); in-process only when absent */
  invalidation?: InvalidationChannel;
}

export interface App {
  server: HttpServer;
  io: IoServer;
  express: express.Express;
  /** The store as the app uses it: sites cached (and timed when metrics are on). Write through it to invalidate. */
  store: Deps['store'];
  /** null unless METRICS_TOKEN is set; other parts may register their gauges in `metrics.registry` */
  metrics: Metrics | null;
  /**
   * Stops: closes this process's sockets (never other processes'), idle keep-alive
   * connections at once, lets in-flight requests finish for `graceMs` (default
   * SHUTDOWN_GRACE_MS), answers the rest 503, and closes the HTTP server (not the store).
   */
  close(graceMs?: number): Promise<void>;
}

export const BODY_LIMIT = '32kb';
/** Bodies smaller than this are sent uncompressed. */
const COMPRESS_THRESHOLD = 1024;

/** Builds the HTTP + realtime app from its dependencies. No I/O happens here: main.ts listens. */
export function createApp(appDeps: AppDeps): App {
  const channel = appDeps.invalidation ?? localInvalidation();
  const metrics = appDeps.config.metricsToken ? createMetrics(appDeps.config.metricsToken) : null;
  const store = withSiteCache(metrics ? metrics.wrapStore(appDeps.store) : appDeps.store, channel, appDeps.config.siteCacheMs);
  const deps: AppDeps = { ...appDeps, store };
  const threads = new ThreadCache(deps.bus, channel, { ttlMs: deps.config.threadCacheMs, maxBytes: deps.config.threadCacheBytes });
  metrics?.watchThreadCache(threads);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ?? false);
  // node:querystring: repeated keys become arrays (any count), and nothing becomes an object.
  app.set('query parser', 'simple');
  const access = createAccess(deps);

  // Readers' CORS: an origin no site allows gets a readable 403 and nothing else (http/public-cors.ts).
  const readersCors = publicCors({ listSites: () => deps.store.listSites(), originAllowedForHost: (s, o, h) => access.originAllowedForHost(s, o, h), channel, ttlMs: deps.config.siteCacheMs });

  if (metrics) {
    app.use(metrics.observeRequests);
    app.get('/metrics', metrics.endpoint);
  }
  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (req.path === '/moderate' || req.path.startsWith('/api/moderation') || req.path.startsWith('/api/auth')) {
      res.set('X-Frame-Options', 'DENY');
      res.set('Content-Security-Policy', "frame-ancestors 'none'");
    }
    next();
  });
  app.use(['/api/comments', '/api/counts', '/api/form-token'], readersCors);
  // gzip/brotli for the widget bundle and JSON: the bytes readers download are what count.
  const compress = compression({ threshold: COMPRESS_THRESHOLD });
  const jsonBody = express.json({ limit: BODY_LIMIT, strict: false, type: ['application/json', 'application/*+json'], verify: verifyJsonDepth });
  // The hottest write (issue 10): a post goes to its route at once (body parsing as on every /api
  // route), not through every router first, and ahead of compression, which it applies itself
  // when its answer is big enough to compress (http/compressed-json.ts).
  const postJson = compressedJson(compress, COMPRESS_THRESHOLD);
  app.post('/api/comments', jsonBody, requireJson, postComment(deps, access, postJson.send), postJson.failed);
  // The readers' page of threads: no body to parse, and it compresses its own cached bytes.
  app.use(threadRoutes(deps, threads, access));
  app.use(compress);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // A moderation request without a session is a 401 before its body is even read.
  app.use('/api/moderation', access.requireModerator.bind(access));
  // Imports stream their own (large, non-JSON) bodies: before the JSON parser.
  app.use(transferRoutes(deps));
  app.use('/api', jsonBody, requireJson);
  app.use(publicRoutes(deps, access));
  app.use(readerRoutes(deps, access)); // issue 14: author edit/delete, likes, reports
  app.use(feedRoutes(deps));
  app.use(authRoutes(deps, access));
  app.use(moderationRoutes(deps));
  app.use(webhookRoutes(deps)); // [notify]
  app.use(notifyRoutes(deps)); // [notify] pages behind links in messages
  app.use(adminRoutes(deps));
  app.use(rulesRoutes(deps));
  app.use(commenterRoutes(deps));
  app.use(binRoutes(deps));
  app.use(editRoutes(deps));
  app.use(privacyRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(staticRoutes(deps.config));
  app.use((_req, _res, next) => next(notFound()));
  app.use(errorMiddleware(deps.logger));

  const server = createServer(app);
  answerClientErrors(server);
  const io = new IoServer(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    adapter: deps.ioAdapter,
    // Readers' events are public; the moderation namespace checks its own origin and cookie.
    cors: { origin: true, credentials: false },
  });
  const detach = attachRealtime(io, deps, { clustered: deps.ioAdapter !== undefined });
  const stopRetention = startRetention(deps);
  const detachAudit = attachAudit(deps);
  metrics?.watchSockets(io);
  const requests = trackRequests(server);

  return {
    server,
    io,
    express: app,
    store,
    metrics,
    async close(graceMs = deps.config.shutdownGraceMs) {
      detach();
      stopRetention();
      detachAudit();
      store.dispose();
      // io.close() drops only this process's sockets (their transport closes, so clients
      // reconnect elsewhere), leaves the Redis adapter, and closes the HTTP server.
      // Never io.disconnectSockets(): with the Redis adapter it reaches every process.
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      await requests.drain(graceMs, closed);
    },
  };
}
