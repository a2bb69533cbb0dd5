import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Store } from './port.js';

/**
 * Opens the configured store: MongoDB when a URI is given, otherwise the
 * SQLite file `majlis.sqlite` in `dataDir` (created if missing). Each adapter
 * is imported only when chosen, so SQLite users never load Mongoose and
 * MongoDB users never load the native SQLite module. `backgroundCheckpoints`: the
 * server's SQLite checkpoints run in a thread of their own (store/sqlite-checkpoint.ts).
 * `threadBytesBudget` (the server's THREAD_BYTES_MB, bytes): SQLite's kept thread bytes are
 * pruned to it while the store is open (store/sqlite-thread-bytes-prune.ts).
 */
export async function openStore(opts: { dataDir: string; mongodbUri?: string; backgroundCheckpoints?: boolean; threadBytesBudget?: number }): Promise<Store> {
  let store: Store;
  if (opts.mongodbUri) {
    const { MongoStore } = await import('./mongo.js');
    store = new MongoStore(opts.mongodbUri);
  } else {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const { SqliteStore } = await import('./sqlite.js');
    store = new SqliteStore(path.join(opts.dataDir, 'majlis.sqlite'), {
      backgroundCheckpoints: opts.backgroundCheckpoints,
      threadBytes: opts.threadBytesBudget === undefined ? undefined : { budgetBytes: opts.threadBytesBudget },
    });
  }
  await store.open();
  return store;
}
