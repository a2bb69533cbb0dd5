import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportedComment } from '../../server/domain/import.js';
import { DEFAULT_SETTINGS } from '../../server/domain/types.js';
import { EventBus } from '../../server/events/bus.js';
import { importFile, type ImportFormat, type ImportRequest } from '../../server/import/run-import.js';
import type { Store } from '../../server/store/port.js';
import { SqliteStore } from '../../server/store/sqlite.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real WordPress export; CI puts shared/ beside the clone. */
export const WXR_FIXTURE = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'wordpress', 'wordpress-export.xml');
export const WXR_TRUTH = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'wordpress', 'wordpress-export.truth.json');
export const DISQUS_FIXTURE = path.resolve(repoRoot, 'test', 'fixtures', 'disqus-export.xml');

export const readFixture = (file = WXR_FIXTURE) => readFileSync(file, 'utf8');

export interface TruthComment {
  id: number;
  post_id: number;
  post_permalink: string;
  parent: number;
  author: string;
  email: string;
  url: string;
  ip: string;
  date: string;
  date_gmt: string;
  status: string;
  type: string;
  content: string;
  meta: Array<{ key: string; value: string }>;
  in_wxr: boolean;
}
export const readTruth = () => JSON.parse(readFileSync(WXR_TRUTH, 'utf8')) as { comments: TruthComment[]; posts: Array<{ id: number; title: string; permalink: string; comment_status: string }> };

/** A fresh SQLite store in a temp folder, with the site 'blog'. */
export async function tempStore(site = 'blog'): Promise<{ store: Store; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'majlis-import-'));
  const store = new SqliteStore(path.join(dir, 'majlis.sqlite'));
  await store.open();
  if (site) await store.ensureSite({ id: site, origins: [], settings: DEFAULT_SETTINGS, createdAt: 0 });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text in small pieces, so markers and entities fall across chunk boundaries. */
export async function* inChunks(text: string, size = 977): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

export function importText(
  store: Store,
  format: ImportFormat,
  text: string,
  opts: Partial<Omit<ImportRequest, 'chunks' | 'format'>> & { chunk?: number; bus?: EventBus; secret?: string; now?: number } = {},
) {
  const { chunk, bus, secret, now, ...rest } = opts;
  return importFile(
    { store, secret: secret ?? 'test-secret', bus: bus ?? new EventBus(), clock: () => now ?? Date.UTC(2026, 10, 29) },
    { site: 'blog', dryRun: false, ...rest, format, chunks: inChunks(text, chunk) },
  );
}

export async function allComments(store: Store, site = 'blog'): Promise<ExportedComment[]> {
  const out: ExportedComment[] = [];
  for await (const c of store.exportComments(site)) out.push(c);
  return out;
}
