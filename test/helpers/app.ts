import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.js';
import { bootstrap } from '../../server/bootstrap.js';
import { parseConfig, type Config } from '../../server/config.js';
import { DEFAULT_SETTINGS, type SiteSettings } from '../../server/domain/types.js';
import { EventBus } from '../../server/events/bus.js';
import { createLimiters, DEFAULT_LIMITS, type LimitSettings } from '../../server/limits.js';
import { createLogger } from '../../server/logger.js';
import { loadSecret } from '../../server/secrets.js';
import { openStore } from '../../server/store/index.js';
import type { Store } from '../../server/store/port.js';
import { addModerator } from '../../server/usecases/auth.js';

export interface TestApp {
  url: string;
  store: Store;
  site: string;
  admin: { email: string; password: string };
  config: Config;
  secret: string;
  /** the express app, to enumerate its routes */
  express: import('express').Express;
  /** The app's Socket.IO server, to act as the server would (e.g. disconnect every socket). */
  io: import('socket.io').Server;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Per-site settings. Tests default to floodSeconds 0 and minFillSeconds 0 so that
   *  posting twice from 127.0.0.1 works; flood and fill-time tests set their own. */
  siteSettings?: Partial<SiteSettings>;
  limits?: Partial<LimitSettings>;
  env?: Record<string, string>;
  clock?: () => number;
  /** Capture logs (default: silent). */
  logger?: { level: string; destination: import('pino').DestinationStream };
}

const GENEROUS: LimitSettings = {
  ...DEFAULT_LIMITS,
  postBurst: { points: 10_000, seconds: 60 },
  postSustained: { points: 10_000, seconds: 3600 },
};

/** Starts the real app on 127.0.0.1:0 with its own SQLite file, the site 'test' and an admin. */
export async function startApp(opts: StartOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'majlis-test-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_ID: 'test', LOG_LEVEL: 'silent', ...opts.env });
  const store = await openStore({ dataDir, mongodbUri: config.mongodbUri ?? undefined });
  const clock = opts.clock ?? Date.now;
  await bootstrap(config, store, clock());
  const site = (await store.getSite('test'))!;
  await store.setSiteSettings('test', { ...DEFAULT_SETTINGS, ...site.settings, floodSeconds: 0, minFillSeconds: 0, ...opts.siteSettings });
  const admin = { email: 'admin@example.com', password: 'correct-horse-battery' };
  await addModerator(store, { ...admin, name: 'Admin', role: 'admin' }, clock());
  const secret = loadSecret(dataDir);
  const app = createApp({
    config,
    store,
    clock,
    bus: new EventBus(),
    limiters: createLimiters({ ...GENEROUS, ...opts.limits }),
    logger: opts.logger ? createLogger(opts.logger.level, opts.logger.destination) : createLogger('silent'),
    secret,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    // The app's own view of the store (its site cache sees writes made through it).
    store: app.store,
    site: 'test',
    admin,
    config,
    secret,
    express: app.express,
    io: app.io,
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
