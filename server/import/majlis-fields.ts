/**
 * Reading Majlis's own field shapes back from an export (server/export/json.ts writes them;
 * a WXR export carries the same values in its commentmeta: server/export/wxr-meta.ts).
 * Each reader takes any value and keeps only what has the shape, never throwing.
 */
import { STATUSES, type CommentStatus, type HistoryEntry, type Reason } from '../domain/types.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStatus = (v: unknown): v is CommentStatus => typeof v === 'string' && (STATUSES as readonly string[]).includes(v);

/** An ISO 8601 time (the exports' "2026-11-20T08:00:01.484Z") as ms; null when it is not one. */
export const isoTime = (v: unknown): number | null => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
};

/** `[{ code, params? }]`: the pipeline's reasons; items of another shape are dropped. */
export function readReasons(v: unknown): Reason[] {
  return (Array.isArray(v) ? v : []).flatMap((r) =>
    isObj(r) && typeof r.code === 'string' ? [isObj(r.params) ? { code: r.code, params: r.params as Reason['params'] } : { code: r.code }] : [],
  );
}

/** `[{ at (ISO), by: { id, name } | null, from, to }]`: status changes; items of another shape are dropped. */
export function readHistory(v: unknown): HistoryEntry[] {
  return (Array.isArray(v) ? v : []).flatMap((h) =>
    isObj(h) && isStatus(h.from) && isStatus(h.to) && isoTime(h.at) !== null
      ? [{ at: isoTime(h.at)!, by: isObj(h.by) && typeof h.by.id === 'string' && typeof h.by.name === 'string' ? { id: h.by.id, name: h.by.name } : null, from: h.from, to: h.to }]
      : [],
  );
}
