import type { Request } from 'express';
import { REPORT_REASONS, type ReportReason } from '../domain/types.js';
import { AppError, notFound } from '../errors.js';
import type { Deps } from '../usecases/context.js';

/** The widget's random reader id: 16–64 of [A-Za-z0-9_-], kept in the reader's local storage. */
const READER_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The `Majlis-Reader` header; 400 reader_id_invalid when missing or malformed. */
export function readerIdOf(req: Request): string {
  const id = req.get('majlis-reader');
  if (!id || !READER_ID.test(id)) throw new AppError('bad_request', 400, 'reader_id_invalid');
  return id;
}

const objectOf = (body: unknown) => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/**
 * POST (`on`) / DELETE /api/comments/:id/reactions `{ reaction: "like" }`: one like per reader
 * per comment (a second like, or an unlike without a like, changes nothing and is not an error).
 * 403 reactions_off when the site turned likes off; 404 when the comment is not visible.
 * Readers of the page hear `comment:reactions` when the count moved.
 */
export async function react(deps: Deps, id: string, reader: string, body: unknown, on: boolean): Promise<{ id: string; likes: number; liked: boolean }> {
  if (objectOf(body).reaction !== 'like') throw new AppError('validation', 422, 'validation', undefined, { reaction: { key: 'reaction_invalid' } });
  const comment = id.length <= 64 ? await deps.store.getComment(id) : null;
  if (!comment) throw notFound();
  const site = await deps.store.getSite(comment.site);
  if (!site) throw notFound();
  if (!site.settings.reactions) throw new AppError('forbidden', 403, 'reactions_off');
  const out = await deps.store.readers.setLike(comment.id, reader, on, deps.clock());
  if (!out.ok || !out.comment) throw notFound();
  const c = out.comment;
  if (out.changed) deps.bus.publish('comment:reactions', { id: c.id, site: c.site, page: c.page, likes: c.likes });
  return { id: c.id, likes: c.likes, liked: on };
}

const NOTE_MAX = 500;

/**
 * POST /api/comments/:id/reports `{ reason, note? }`: once per reader and once per network
 * (`voter`, readers/voter.ts) per comment (a repeat is accepted and not counted). When
 * `reportThreshold` distinct readers on distinct networks reported an approved
 * comment, it goes back to pending with the reason «أبلغ عنه ٣ قرّاء», readers lose it and
 * moderators see it in the queue with the reports.
 */
export async function report(deps: Deps, id: string, reader: string, voter: string, body: unknown): Promise<void> {
  const b = objectOf(body);
  const fields: NonNullable<AppError['fields']> = {};
  if (!(REPORT_REASONS as readonly unknown[]).includes(b.reason)) fields.reason = { key: 'report_reason_invalid' };
  if (b.note !== undefined && b.note !== null && typeof b.note !== 'string') fields.note = { key: 'not_string' };
  const note = typeof b.note === 'string' ? b.note.normalize('NFC').trim() : '';
  if ([...note].length > NOTE_MAX) fields.note = { key: 'report_note_long' };
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);
  const comment = id.length <= 64 ? await deps.store.getComment(id) : null;
  if (!comment) throw notFound();
  const site = await deps.store.getSite(comment.site);
  if (!site) throw notFound();
  const at = deps.clock();
  const out = await deps.store.readers.addReport(
    { commentId: comment.id, reader, voter, reason: b.reason as ReportReason, note, at },
    site.settings.reportThreshold,
    (count) => ({ entry: { at, by: null, from: 'approved', to: 'pending' }, reason: { code: 'reported', params: { count } } }),
  );
  if (!out.ok || !out.comment) throw notFound();
  if (out.held) deps.bus.publish('comment:status-changed', out.comment, 'approved');
  else if (out.added) deps.bus.publish('comment:reported', out.comment);
}
