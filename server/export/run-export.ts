/** The export use case: one site, every comment, as Majlis JSON or WXR 1.2, streamed. */
import type { ExportedComment } from '../domain/import.js';
import type { Site } from '../domain/types.js';
import type { Store } from '../store/port.js';
import { writeJsonExport } from './json.js';
import { writeWxrExport } from './wxr.js';

export type ExportFormat = 'json' | 'wxr';
export const isExportFormat = (v: unknown): v is ExportFormat => v === 'json' || v === 'wxr';

export async function* writeExport(store: Store, site: Site, format: ExportFormat, onComment?: () => void): AsyncGenerator<string> {
  const pages = await store.listPages(site.id);
  async function* counted(): AsyncGenerator<ExportedComment> {
    // Page by page: each page's comments come from the (site, page) index, never a sort of the whole site.
    for await (const c of store.exportComments(site.id, { byPage: true })) {
      onComment?.();
      yield c;
    }
  }
  yield* format === 'json' ? writeJsonExport(site, pages, counted()) : writeWxrExport(site, pages, counted());
}

/** A download name such as "majlis-news-2026-11-29.json". */
export function exportFileName(site: Site, format: ExportFormat, now: number): string {
  return `majlis-${site.id}-${new Date(now).toISOString().slice(0, 10)}.${format === 'json' ? 'json' : 'xml'}`;
}
