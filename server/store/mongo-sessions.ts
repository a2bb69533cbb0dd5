import type { Session } from '../domain/types.js';
import type { Models } from './mongo-models.js';

// Moderators' sign-in sessions in the MongoDB adapter (deleted with their moderator: mongo-moderators.ts).

export async function createSession(m: Models, s: Session): Promise<void> {
  const { id, ...fields } = s;
  await m.Session.create({ ...fields, _id: id });
}

/** The session unless it expired by `now` (ms epoch); an expired one is deleted as it is met. */
export async function getSession(m: Models, id: string, now: number): Promise<Session | null> {
  const doc = await m.Session.findById(id).lean();
  if (!doc) return null;
  if (doc.expiresAt <= now) {
    // Expired sessions are swept as they are met; nothing else reads them.
    await m.Session.deleteOne({ _id: id });
    return null;
  }
  return { id: doc._id, moderatorId: doc.moderatorId, createdAt: doc.createdAt, expiresAt: doc.expiresAt };
}

export async function deleteSession(m: Models, id: string): Promise<void> {
  await m.Session.deleteOne({ _id: id });
}

export async function deleteSessionsOf(m: Models, moderatorId: string): Promise<void> {
  await m.Session.deleteMany({ moderatorId });
}
