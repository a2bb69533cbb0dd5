/**
 * The import use case: read an export (WordPress WXR, Disqus XML, Majlis JSON),
 * write it through the store (which writes it in short chunks, store/port.ts
 * importComments), and tell open dashboards once, at the end.
 */
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record.js';
import type { ImportSummary } from '../domain/import.js';
import { DEFAULT_SETTINGS, STATUSES, type Moderator, type StatusCounts } from '../domain/types.js';
import { createLogger } from '../logger.js';
import type { EventBus } from '../events/bus.js';
import type { Store } from '../store/port.js';
import type { Locale } from '../i18n/locale.js';
import type { ParsedExport, ParseOptions } from './common.js';
import { renderNote, type Note } from './notes.js';
import { parseDisqus } from './disqus.js';
import { ImportFailure } from './failure.js';
import { formatMismatch, sniff } from './sniff.js';
import { parseMajlisJson } from './json.js';
import { parseWxr } from './wxr.js';
import { cleanImportedFields } from './clean-fields.js';

export const IMPORT_FORMATS = ['wordpress', 'disqus', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const isImportFormat = (v: unknown): v is ImportFormat => typeof v === 'string' && (IMPORT_FORMATS as readonly string[]).includes(v);

export interface ImportRequest {
  site: string;
  format: ImportFormat;
  /** the file as text chunks (UTF-8 decoded), streamed */
  chunks: AsyncIterable<string>;
  dryRun: boolean;
  withPings?: boolean;
  pageKey?: 'link' | 'identifier';
  onProgress?: ParseOptions['onProgress'];
  /** the language of the summary's repairs and errors (default English, the CLI's) */
  locale?: Locale;
  /** who imports, for the audit log (issue 13 point 8); null or absent: the system (the CLI) */
  by?: Pick<Moderator, 'id' | 'name'> | null;
}

export interface ImportDeps {
  store: Store;
  secret: string;
  bus: EventBus;
  clock: () => number;
  /** where a failed audit write is reported (error level); default: silent */
  logger?: Logger;
}

const zeroCounts = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The summary of an import that read nothing: the failure with its line. */
export function failedSummary(failure: ImportFailure, locale: Locale = 'en'): ImportSummary {
  return { imported: 0, skipped: 0, pages: 0, byStatus: zeroCounts(), orphans: 0, repaired: [], errors: [renderNote(failure.note, locale)] };
}

const PARSERS: Record<ImportFormat, (chunks: AsyncIterable<string>, opts: ParseOptions) => Promise<ParsedExport>> = {
  wordpress: parseWxr,
  disqus: parseDisqus,
  json: parseMajlisJson,
};

/**
 * Imports one file into a site. A file that cannot be read imports nothing and
 * answers `ok: false` with the line (null when none applies); one that plainly is another
 * format than `req.format` says what it looks like and which format to choose (sniff.ts). A site that does not exist yet is created
 * (with the settings of a Majlis export, else the defaults), except on a dry run.
 * Errors thrown by the chunk source (an aborted upload, a size limit) propagate.
 */
export async function importFile(deps: ImportDeps, req: ImportRequest): Promise<{ ok: boolean; summary: ImportSummary }> {
  const now = deps.clock();
  const render = (notes: Note[]) => notes.map((n) => renderNote(n, req.locale ?? 'en'));
  let parsed: ParsedExport;
  try {
    // A file of another format is refused as such, not as a broken file of the chosen one.
    const { looks, chunks } = await sniff(req.chunks);
    const mismatch = formatMismatch(req.format, looks);
    if (mismatch) throw mismatch;
    parsed = await PARSERS[req.format](chunks, {
      secret: deps.secret,
      withPings: req.withPings ?? false,
      pageKey: req.pageKey ?? 'link',
      now,
      onProgress: req.onProgress,
    });
  } catch (e) {
    if (e instanceof ImportFailure) return { ok: false, summary: failedSummary(e, req.locale) };
    throw e;
  }

  await cleanImportedFields(parsed.pages, parsed.comments);
  const newSite = (await deps.store.getSite(req.site))
    ? undefined
    : { id: req.site, origins: parsed.site?.origins ?? [], settings: parsed.site?.settings ?? DEFAULT_SETTINGS, createdAt: parsed.site?.createdAt ?? now };
  const written = await deps.store.importComments({ site: req.site, pages: parsed.pages, comments: parsed.comments, dryRun: req.dryRun, newSite });
  if (!req.dryRun && (written.imported > 0 || written.pages.length > 0)) {
    // One event, not one per comment: dashboards refresh their counts and queue, caches drop the pages.
    deps.bus.publish('site:imported', { site: req.site, imported: written.imported, pages: written.pages });
  }
  const summary: ImportSummary = {
    imported: written.imported,
    skipped: written.skipped + parsed.skipped,
    pages: written.pages.length,
    byStatus: written.byStatus,
    orphans: written.orphans,
    repaired: render(parsed.repaired),
    errors: render(parsed.errors),
  };
  if (!req.dryRun) {
    // The audit log (issue 13 point 8): every import that wrote, with its counts (never the people's data).
    await recordAudit({ store: deps.store, clock: deps.clock, logger: deps.logger ?? createLogger('silent') }, req.by ?? null, {
      site: req.site,
      action: 'import',
      target: null,
      before: null,
      after: { format: req.format, imported: summary.imported, skipped: summary.skipped, pages: summary.pages, byStatus: summary.byStatus, orphans: summary.orphans, siteCreated: newSite !== undefined },
    });
  }
  return { ok: true, summary };
}
