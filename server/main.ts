import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { EventBus } from './events/bus.js';
import { createLimiters } from './limits.js';
import { createLogger } from './logger.js';
import { loadSecret } from './secrets.js';
import { openStore } from './store/index.js';

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

const logger = createLogger(config.logLevel);
const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri ?? undefined });
for (const note of await bootstrap(config, store, Date.now())) logger.info(note);

let redis: { pub: Redis; sub: Redis; limits: Redis } | null = null;
if (config.redisUrl) {
  const opts = { lazyConnect: false, maxRetriesPerRequest: 3 };
  redis = { pub: new Redis(config.redisUrl, opts), sub: new Redis(config.redisUrl, opts), limits: new Redis(config.redisUrl, { ...opts, enableOfflineQueue: false }) };
}

const app = createApp({
  config,
  store,
  clock: Date.now,
  bus: new EventBus(),
  limiters: createLimiters(undefined, redis?.limits),
  logger,
  secret: loadSecret(config.dataDir),
  ioAdapter: redis ? createAdapter(redis.pub, redis.sub) : undefined,
});

app.server.listen(config.port, config.host, () => {
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(`Majlis listening on ${base} (store: ${store.kind}${redis ? ', redis: on' : ''})`);
  console.log(`  demo page:            ${base}/demo`);
  console.log(`  moderator dashboard:  ${base}/moderate`);
  if (!config.admin) console.log('  no ADMIN_EMAIL set: add a moderator with "npm run cli -- moderator add --email … --password …"');
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight requests`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await store.close();
  if (redis) await Promise.all([redis.pub.quit(), redis.sub.quit(), redis.limits.quit()]).catch(() => undefined);
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
