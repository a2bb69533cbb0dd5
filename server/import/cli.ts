/**
 * CLI of migration in and out (issue 11):
 *   import wordpress FILE --site S [--dry-run] [--with-pings] [--json]
 *   import disqus FILE --site S [--dry-run] [--page-key link|identifier] [--json]
 *   import json FILE --site S [--dry-run] [--json]
 *   export --site S [--format json|wxr] [--out FILE]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { isValidSiteId } from '../config.js';
import type { ImportSummary } from '../domain/import.js';
import { EventBus } from '../events/bus.js';
import { writeExport, type ExportFormat } from '../export/run-export.js';
import type { Store } from '../store/port.js';
import { IMPORT_FORMATS, importFile, isImportFormat } from './run-import.js';
import { unknownChoice } from '../cli-usage.js';
import pino from 'pino';
import { createLogger } from '../logger.js';
import { TransferUsageError } from './usage.js';


interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  secret: string;
  /** where the import's one `site:imported` event goes (the caller tells running servers) */
  bus?: EventBus;
}

/** Runs `import …` or `export …`; returns the process exit code. */
export async function runTransfer(store: Store, argv: string[], io: Io): Promise<number> {
  const [noun, ...rest] = argv;
  if (noun === 'export') return runExport(store, rest, io);
  const [format, file, ...flags] = rest;
  const problems: string[] = [];
  if (format === undefined || format.startsWith('--')) problems.push(`import needs a format: ${IMPORT_FORMATS.join('|')}`);
  else if (!isImportFormat(format)) problems.push(unknownChoice('format', format, IMPORT_FORMATS));
  const named = format !== undefined && !format.startsWith('--');
  if (named && (!file || file.startsWith('--'))) problems.push(`import ${format} needs a FILE`);
  const { values } = parseArgs({
    args: named ? (file?.startsWith('--') ? [file, ...flags] : flags) : rest,
    options: {
      site: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'with-pings': { type: 'boolean' },
      'page-key': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  // Every wrong argument at once: one run, one round of fixes.
  if (!values.site || !isValidSiteId(values.site)) problems.push('import needs --site S (1–64 letters, digits, "-" or "_")');
  if (values['with-pings'] && isImportFormat(format) && format !== 'wordpress') problems.push('--with-pings is for WordPress imports');
  const pageKey = values['page-key'] ?? 'link';
  if (pageKey !== 'link' && pageKey !== 'identifier') problems.push('--page-key must be link or identifier');
  else if (values['page-key'] && isImportFormat(format) && format !== 'disqus') problems.push('--page-key is for Disqus imports');
  if (problems.length > 0 || !isImportFormat(format) || !file || !values.site) throw new TransferUsageError(problems);

  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // 64 KiB pieces: short-lived strings stay in V8's young generation instead of piling up as large objects.
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const bar = io.stderr.isTTY && size > 0 ? progressBar(io.stderr, size) : null;
  const started = Date.now();
  let result;
  try {
    result = await importFile(
      { store, secret: io.secret, bus: io.bus ?? new EventBus(), clock: Date.now, logger: createLogger('error', pino.destination({ dest: 2, sync: true })) },
      {
        site: values.site,
        format,
        chunks: stream,
        dryRun: values['dry-run'] ?? false,
        withPings: values['with-pings'] ?? false,
        pageKey: pageKey as 'link' | 'identifier',
        onProgress: bar
          ? (_chars, comments) => {
              const seconds = Math.max(0.001, (Date.now() - started) / 1000);
              bar.update(stream.bytesRead, { comments, rate: Math.round(comments / seconds) });
            }
          : undefined,
      },
    );
  } finally {
    bar?.stop();
  }
  if (values.json) io.stdout.write(`${JSON.stringify(result.summary)}\n`);
  else io.stdout.write(describeSummary(result.summary, values['dry-run'] ?? false, result.ok));
  return result.ok ? 0 : 1;
}

function progressBar(stderr: Writable, total: number) {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: 'importing [{bar}] {percentage}% | {comments} comments | {rate} comments/s | time left {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { comments: 0, rate: 0 });
  return bar;
}

/** The human summary (the --json one is the same object). */
export function describeSummary(s: ImportSummary, dryRun: boolean, ok: boolean): string {
  const lines: string[] = [];
  if (!ok) lines.push('import failed: nothing was imported');
  else {
    const b = s.byStatus;
    lines.push(
      `${dryRun ? 'dry run, nothing written: would import' : 'imported'} ${s.imported} comments on ${s.pages} pages ` +
        `(approved ${b.approved}, pending ${b.pending}, spam ${b.spam}, trash ${b.trash}); ` +
        `skipped ${s.skipped}; orphans (parent not in the file, now top-level) ${s.orphans}`,
    );
  }
  if (s.repaired.length) lines.push(`repaired ${s.repaired.length}:`, ...s.repaired.map((r) => `  ${r.line === null ? '' : `line ${r.line}: `}${r.what}`));
  if (s.errors.length) lines.push(`errors ${s.errors.length}:`, ...s.errors.map((r) => `  ${r.line === null ? '' : `line ${r.line}: `}${r.what}${r.detail ? `\n    parser: ${r.detail}` : ''}`));
  return `${lines.join('\n')}\n`;
}

async function runExport(store: Store, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
  const format = (values.format ?? 'json') as ExportFormat;
  const problems: string[] = [];
  if (!values.site) problems.push('export needs --site S');
  if (format !== 'json' && format !== 'wxr') problems.push(`--format must be json or wxr: ${unknownChoice('format', format, ['json', 'wxr'])}`);
  if (problems.length > 0 || !values.site) throw new TransferUsageError(problems);
  const site = await store.getSite(values.site);
  if (!site) throw new Error(`no site "${values.site}"`);
  const out: Writable = values.out ? createWriteStream(values.out, { mode: 0o600 }) : io.stdout;
  let count = 0;
  let closed = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  // A reader that stops early (`| head`) closes the pipe: stop quietly. Other write errors fail the export.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    else failure = e;
    wake?.();
  });
  for await (const piece of writeExport(store, site, format, () => (count += 1))) {
    if (failure) throw failure;
    if (closed) return 0;
    if (!out.write(piece)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        out.once('drain', resolve);
      });
    }
  }
  if (failure) throw failure;
  if (values.out) {
    out.end();
    await once(out, 'finish');
    io.stderr.write(`exported ${count} comments of site ${site.id} to ${values.out} (${format})\n`);
  }
  return 0;
}
