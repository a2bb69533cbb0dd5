import { AppError } from '../../errors.js';
import type { Phase } from '../types.js';

export const duplicateError = () => new AppError('duplicate', 409, 'duplicate');

/**
 * Refuses the same comment twice: same page, parent, name, email and text,
 * in any status but trash (so a comment held or marked spam still counts),
 * compared as WordPress's collation compares them (moderation/collate.ts).
 * This early check spares the other phases; the store enforces the rule again
 * atomically with the insert (insertComment's `duplicate` guard).
 */
export const duplicatePhase: Phase = {
  name: 'duplicate',
  async run({ candidate: c, store }) {
    const twin = await store.findDuplicate({
      site: c.site.id,
      page: c.pageKey,
      parentId: c.parentId,
      name: c.name,
      email: c.email,
      content: c.content,
    });
    if (twin) throw duplicateError();
    return undefined;
  },
};
