import { createAdapter } from '@socket.io/redis-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { redisInvalidation, type InvalidationChannel } from './cache/invalidation.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { EventBus } from './events/bus.js';
import { createLimiters } from './limits.js';
import { createLogger } from './logger.js';
import { loadSecret } from './secrets.js';
import { openStore } from './store/index.js';
import { publicUrlOf, startNotifications } from './notify/runtime.js'; // [notify]

let config: Config;
try {
  config = parseConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`majlis: bad configuration: ${e.message}`);
    process.exit(2);
  }
  throw e;
}

/** A start-up failure caused by the environment: one line naming the variable, exit 2. */
function startFailure(variable: string, e: unknown): never {
  const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
  console.error(`majlis: cannot start: ${variable}: ${why}`);
  process.exit(2);
}

for (const warning of config.warnings) console.warn(`majlis: warning: ${warning}`);

const logger = createLogger(config.logLevel);
const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri ?? undefined, backgroundCheckpoints: true, threadBytesBudget: config.threadBytesBudget }).catch((e) =>
  startFailure(config.mongodbUri ? 'MONGODB_URI' : 'DATA_DIR', e),
);
let secret: string;
try {
  secret = loadSecret(config.dataDir);
} catch (e) {
  startFailure('DATA_DIR', e);
}
for (const note of await bootstrap(config, store, Date.now())) logger[note.level](note.message);
// After bootstrap, which creates ADMIN_EMAIL's moderator when none exists.
const noModerator = (await store.countModerators()) === 0;

let redis: { pub: Redis; sub: Redis; limits: Redis; invalidate: Redis } | null = null;
let invalidation: InvalidationChannel | undefined;
if (config.redisUrl) {
  // Pub/sub clients retry forever (a Redis restart must not kill the server); the limiter
  // client fails fast and rate-limiter-flexible falls back to its in-memory insurance limiter.
  const make = (opts: RedisOptions) => {
    const client = new Redis(config.redisUrl!, { lazyConnect: true, ...opts });
    client.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection problem'));
    return client;
  };
  redis = {
    pub: make({ maxRetriesPerRequest: null }),
    sub: make({ maxRetriesPerRequest: null }),
    limits: make({ maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    // Cache invalidations (sites, thread pages) from the other processes and the CLI.
    invalidate: make({ maxRetriesPerRequest: null }),
  };
  const r = redis;
  await Promise.all([r.pub.connect(), r.sub.connect(), r.limits.connect(), r.invalidate.connect()]).catch((e) => startFailure('REDIS_URL', e));
  invalidation = await redisInvalidation(r.pub, r.invalidate, config.redisPrefix, logger);
}

const bus = new EventBus();
const app = createApp({
  config,
  store,
  clock: Date.now,
  bus,
  limiters: createLimiters(undefined, redis?.limits, config.redisPrefix),
  logger,
  secret,
  ioAdapter: redis ? createAdapter(redis.pub, redis.sub, { key: `${config.redisPrefix}:socket.io` }) : undefined,
  invalidation,
});

// [notify] this process's outbox worker; started once the port (and so the default PUBLIC_URL) is known.
let notifications: ReturnType<typeof startNotifications> | null = null;
// A port in use or a HOST that is not this machine's: one line naming the variable, not a stack trace.
// The store is closed first, so the file is left as a clean stop leaves it (no WAL, no presence file).
app.server.once('error', (e: NodeJS.ErrnoException) => {
  const variable = e.code === 'EADDRINUSE' || e.code === 'EACCES' ? 'PORT' : 'HOST';
  void store
    .close()
    .catch(() => undefined)
    .finally(() => startFailure(variable, e));
});
app.server.listen(config.port, config.host, () => {
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  // app.store: sites come from the in-memory cache (the worker reads its comment's site for every event)
  notifications = startNotifications({ config, store: app.store, clock: Date.now, logger, secret, bus, publicUrl: publicUrlOf(config, port) });
  if (!config.notify.smtpUrl) logger.info('SMTP_URL is not set: no email will be sent');
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(`Majlis listening on ${base} (store: ${store.kind}${redis ? ', redis: on' : ''})`);
  console.log(`  demo page:            ${base}/demo`);
  console.log(`  moderator dashboard:  ${base}/moderate`);
  if (noModerator) console.log('  no ADMIN_EMAIL set: add a moderator with "npm run cli -- moderator add --email … --password …"');
});

/**
 * SIGTERM / SIGINT: stop accepting, close idle keep-alive connections and this
 * process's sockets at once, give in-flight requests SHUTDOWN_GRACE_MS, answer the
 * rest 503, close the store and Redis, exit 0. Only a stop that hangs past that
 * (plus 5 s) is forced, with exit 1.
 */
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight requests (up to ${config.shutdownGraceMs} ms)`);
  const force = setTimeout(() => {
    logger.error('stop did not finish in time: forcing exit');
    process.exit(1);
  }, config.shutdownGraceMs + 5000);
  force.unref();
  // [notify] The outbox worker stops claiming at once; its sends under way get the same grace as
  // requests (one still unfinished is taken over after its lease and sent again with the same id).
  await Promise.all([app.close(config.shutdownGraceMs), notifications?.stop(config.shutdownGraceMs)]);
  await invalidation?.close();
  await store.close();
  if (redis) await Promise.all([redis.pub.quit(), redis.sub.quit(), redis.limits.quit(), redis.invalidate.quit()]).catch(() => undefined);
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
