import { Schema, type Connection, type Model } from 'mongoose';
import type { ModerationRule } from '../rules/types.js';

export interface RuleDoc {
  _id: string;
  site: string;
  kind: ModerationRule['kind'];
  value: string;
  action: ModerationRule['action'];
  note: string | null;
  expiresAt: number | null;
  createdAt: number;
  createdBy: { id: string; name: string } | null;
}

const ruleSchema = new Schema<RuleDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    kind: { type: String, required: true, enum: ['email', 'ip', 'domain'] },
    value: { type: String, required: true },
    action: { type: String, required: true, enum: ['trust', 'hold', 'block'] },
    note: { type: String, default: null },
    expiresAt: { type: Number, default: null },
    createdAt: { type: Number, required: true },
    createdBy: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, strict: true, strictQuery: true },
);
ruleSchema.index({ site: 1, kind: 1, value: 1 }, { unique: true });
ruleSchema.index({ site: 1, createdAt: -1 });

export const bindRuleModel = (conn: Connection): Model<RuleDoc> => conn.model<RuleDoc>('ModerationRule', ruleSchema);

const toRule = (d: RuleDoc): ModerationRule => ({
  id: d._id,
  site: d.site,
  kind: d.kind,
  value: d.value,
  action: d.action,
  note: d.note ?? null,
  expiresAt: d.expiresAt ?? null,
  createdAt: d.createdAt,
  createdBy: d.createdBy ?? null,
});

/** Upsert on the unique (site, kind, value): atomic, and the first writer's id is kept. */
export async function saveRule(M: Model<RuleDoc>, r: ModerationRule): Promise<{ rule: ModerationRule; created: boolean }> {
  const res = await M.findOneAndUpdate(
    { site: r.site, kind: r.kind, value: r.value },
    { $set: { action: r.action, note: r.note, expiresAt: r.expiresAt, createdAt: r.createdAt, createdBy: r.createdBy }, $setOnInsert: { _id: r.id } },
    { upsert: true, new: true, includeResultMetadata: true },
  ).lean<RuleDoc>();
  const raw = res as unknown as { value: RuleDoc; lastErrorObject?: { updatedExisting?: boolean } };
  return { rule: toRule(raw.value), created: !raw.lastErrorObject?.updatedExisting };
}

export async function listRules(M: Model<RuleDoc>, site: string, now: number): Promise<ModerationRule[]> {
  const docs = await M.find({ site, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }).sort({ createdAt: -1, _id: -1 }).lean<RuleDoc[]>();
  return docs.map(toRule);
}

export async function getRule(M: Model<RuleDoc>, id: string): Promise<ModerationRule | null> {
  const d = await M.findById(id).lean<RuleDoc>();
  return d ? toRule(d) : null;
}

export async function deleteRule(M: Model<RuleDoc>, id: string): Promise<boolean> {
  return (await M.deleteOne({ _id: id })).deletedCount === 1;
}
