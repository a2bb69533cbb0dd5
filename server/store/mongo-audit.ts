import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import type { AuditEntry } from '../audit/types.js';
import type { CursorPos } from '../domain/types.js';

const { trusted } = mongoose;

interface AuditDoc extends Omit<AuditEntry, 'id'> {
  _id: string;
}
const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Number, required: true },
    by: { type: Schema.Types.Mixed, default: null },
    site: { type: String, default: null },
    action: { type: String, required: true },
    target: { type: String, default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, strict: true, strictQuery: true, minimize: false },
);
auditSchema.index({ site: 1, at: -1, _id: -1 });
auditSchema.index({ at: -1, _id: -1 });
export const bindAuditModel = (conn: Connection): Model<AuditDoc> => conn.model<AuditDoc>('AuditEntry', auditSchema);

export async function appendAudit(M: Model<AuditDoc>, e: AuditEntry): Promise<void> {
  const { id, ...rest } = e;
  await M.create({ ...rest, before: rest.before ?? null, after: rest.after ?? null, _id: id });
}

export async function listAudit(M: Model<AuditDoc>, q: { site?: string; before: CursorPos | null; limit: number }): Promise<{ entries: AuditEntry[]; next: CursorPos | null }> {
  const filter: Record<string, unknown> = q.site === undefined ? {} : { site: q.site };
  if (q.before) filter.$or = [{ at: trusted({ $lt: q.before.createdAt }) }, { at: q.before.createdAt, _id: trusted({ $lt: q.before.id }) }];
  const docs = await M.find(filter).sort({ at: -1, _id: -1 }).limit(q.limit + 1).lean<AuditDoc[]>();
  const entries = docs.slice(0, q.limit).map(({ _id, ...d }) => ({ ...d, id: _id, by: d.by ?? null, site: d.site ?? null, target: d.target ?? null }));
  const last = entries[entries.length - 1];
  return { entries, next: docs.length > q.limit && last ? { createdAt: last.at, id: last.id } : null };
}
