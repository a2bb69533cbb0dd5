import { AppError } from '../../errors.js';
import type { Phase } from '../types.js';

/**
 * Refuses the same comment twice: same page, parent, name, email and text,
 * in any status but trash (so a comment held or marked spam still counts).
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
    if (twin) throw new AppError('duplicate', 409, 'duplicate');
    return undefined;
  },
};
