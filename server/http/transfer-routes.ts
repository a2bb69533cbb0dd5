/**
 * Migration in and out over HTTP (issue 11), admins only:
 *   POST /api/moderation/sites/:id/imports?format=wordpress|disqus|json[&dryRun=true][&withPings=true][&pageKey=identifier]
 *        the file is the request body, streamed (any content type, up to IMPORT_MAX_BYTES; 413 beyond)
 *        → 200 ImportSummary, or 422 with the same shape when the file cannot be read
 *   GET  /api/moderation/sites/:id/export?format=json|wxr → a streamed download
 * Mounted before the JSON body parser, so the body reaches the importer untouched.
 */
import { StringDecoder } from 'node:string_decoder';
import { Router, type Request } from 'express';
import { AppError, badRequest, forbidden } from '../errors.js';
import { exportFileName, isExportFormat, writeExport } from '../export/run-export.js';
import { importFile, isImportFormat } from '../import/run-import.js';
import type { Deps } from '../usecases/context.js';
import { localeOf } from './errors.js';
import { queryString } from './request.js';

/** The largest import body accepted: 512 MiB (a WordPress export of about half a million comments). */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;

const flag = (req: Request, name: string) => {
  const v = queryString(req, name);
  if (v === undefined) return false;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw badRequest('bad_param', { param: name });
};

/** The request body as UTF-8 text chunks, refusing more than `limit` bytes. */
async function* bodyText(req: Request, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw new AppError('too_large', 413, 'too_large');
      yield decoder.write(chunk);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // The client went away mid-upload: nothing was written (the store is only called once the file is read).
    throw badRequest('bad_request');
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export function transferRoutes(deps: Deps): Router {
  const r = Router();

  async function adminSite(req: Request) {
    if (req.moderator?.role !== 'admin') throw forbidden('admin_only');
    const id = String(req.params.id ?? '');
    const site = await deps.store.getSite(id);
    // Over HTTP the site must exist (the CLI creates it): say which one is unknown.
    if (!site) throw new AppError('not_found', 404, 'unknown_site', { site: id.slice(0, 64) });
    return site;
  }

  r.post('/api/moderation/sites/:id/imports', async (req, res) => {
    const site = await adminSite(req);
    const format = queryString(req, 'format', { required: true });
    if (!isImportFormat(format)) throw badRequest('bad_param', { param: 'format' });
    const dryRun = flag(req, 'dryRun');
    const withPings = flag(req, 'withPings');
    const pageKey = queryString(req, 'pageKey') ?? 'link';
    if (pageKey !== 'link' && pageKey !== 'identifier') throw badRequest('bad_param', { param: 'pageKey' });
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > IMPORT_MAX_BYTES) {
      res.set('Connection', 'close');
      throw new AppError('too_large', 413, 'too_large');
    }
    const { ok, summary } = await importFile(
      { store: deps.store, secret: deps.secret, bus: deps.bus, clock: deps.clock, logger: deps.logger },
      { site: site.id, format, chunks: bodyText(req, IMPORT_MAX_BYTES), dryRun, withPings, pageKey, locale: localeOf(req), by: req.moderator! },
    );
    deps.logger.info({ site: site.id, format, dryRun, imported: summary.imported, moderator: req.moderator!.id }, ok ? 'import finished' : 'import failed');
    res.status(ok ? 200 : 422).json(summary);
  });

  r.get('/api/moderation/sites/:id/export', async (req, res) => {
    const site = await adminSite(req);
    const format = queryString(req, 'format') ?? 'json';
    if (!isExportFormat(format)) throw badRequest('bad_param', { param: 'format' });
    res.set({
      'Content-Type': format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(site, format, deps.clock())}"`,
      'Cache-Control': 'no-store',
    });
    let aborted = false;
    res.on('close', () => {
      aborted = !res.writableFinished;
    });
    for await (const piece of writeExport(deps.store, site, format)) {
      if (aborted) return;
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  });

  return r;
}
