import type { Moderator } from '../domain/types.js';
import type { ModeratorPatch } from './port.js';
import { toModerator } from './mongo-docs.js';
import type { ModeratorDoc, Models } from './mongo-models.js';
// Moderator emails are stored in the one spelling every path uses, so look-ups ignore case.
import { normalizeEmail } from '../validation/email.js';

// Moderator accounts in the MongoDB adapter (their sessions: mongo-sessions.ts).

export async function createModerator(m: Models, mod: Moderator): Promise<Moderator> {
  const { id, ...fields } = mod;
  const doc = await m.Moderator.create({ ...fields, _id: id, email: normalizeEmail(mod.email) });
  return toModerator(doc.toObject() as ModeratorDoc);
}

export async function getModerator(m: Models, id: string): Promise<Moderator | null> {
  const doc = await m.Moderator.findById(id).lean<ModeratorDoc>();
  return doc ? toModerator(doc) : null;
}

export async function findModeratorByEmail(m: Models, email: string): Promise<Moderator | null> {
  const doc = await m.Moderator.findOne({ email: normalizeEmail(email) }).lean<ModeratorDoc>();
  return doc ? toModerator(doc) : null;
}

export function countModerators(m: Models): Promise<number> {
  return m.Moderator.countDocuments();
}

export async function listModerators(m: Models): Promise<Moderator[]> {
  const docs = await m.Moderator.find().sort({ createdAt: 1, _id: 1 }).lean<ModeratorDoc[]>();
  return docs.map(toModerator);
}

export async function setModeratorPassword(m: Models, id: string, passwordHash: string): Promise<boolean> {
  const r = await m.Moderator.updateOne({ _id: id }, { $set: { passwordHash } });
  return r.matchedCount === 1;
}

export async function updateModerator(m: Models, id: string, patch: ModeratorPatch): Promise<Moderator | null> {
  const set: Partial<ModeratorDoc> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.sites !== undefined) set.sites = patch.sites;
  if (patch.email !== undefined) set.email = normalizeEmail(patch.email);
  const doc = await m.Moderator.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean<ModeratorDoc>();
  return doc ? toModerator(doc) : null;
}

/** Deletes the moderator's sessions, then the moderator. */
export async function deleteModerator(m: Models, id: string): Promise<boolean> {
  await m.Session.deleteMany({ moderatorId: id });
  const r = await m.Moderator.deleteOne({ _id: id });
  return r.deletedCount === 1;
}
