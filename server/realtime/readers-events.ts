/**
 * Realtime forwarding of the readers' features (issue 14): likes, featured picks, author
 * deletions and reports. Readers of the page get what a reload would show; moderators get
 * the comment as it now is.
 */
import type { StoredComment } from '../domain/types.js';
import type { ModeratorComment, PublicComment } from '../domain/views.js';
import type { Deps } from '../usecases/context.js';
import { toModerator } from '../views.js';
import { publicOf } from '../readers/thread-page.js';

interface PageEmitter {
  emit(event: 'comment:reactions', payload: { id: string; page: string; likes: number }): boolean;
  emit(event: 'comment:featured', payload: { id: string; page: string; featured: boolean; comment: PublicComment }): boolean;
  emit(event: 'comment:edited', comment: PublicComment): boolean;
}
interface ModEmitter {
  emit(event: 'comment:updated', comment: ModeratorComment): boolean;
}

export interface ReaderFeatureTargets {
  toPage(site: string, page: string): PageEmitter;
  toModerators(site: string): ModEmitter;
  /** every ancestor approved: the comment is on the page for readers */
  visible(c: StoredComment): Promise<boolean>;
  count(site: string, page: string): Promise<void>;
  safe(f: () => Promise<void>): Promise<void>;
}

/** Subscribes the forwarders; returns their unsubscribe functions. */
export function readersFeatureForwarders(deps: Deps, t: ReaderFeatureTargets): Array<() => void> {
  const shown = async (c: StoredComment) => c.status === 'approved' && (await t.visible(c));
  return [
    deps.bus.subscribe('comment:reactions', (e) =>
      t.safe(async () => {
        t.toPage(e.site, e.page).emit('comment:reactions', { id: e.id, page: e.page, likes: e.likes });
      }),
    ),
    deps.bus.subscribe('comment:featured', (c) =>
      t.safe(async () => {
        t.toModerators(c.site).emit('comment:updated', toModerator(c));
        if (await shown(c)) {
          const comment = await publicOf(deps, c);
          t.toPage(c.site, c.page).emit('comment:featured', { id: c.id, page: c.page, featured: comment.featured === true, comment });
        }
      }),
    ),
    deps.bus.subscribe('comment:author-deleted', (c, placeholder) =>
      t.safe(async () => {
        t.toModerators(c.site).emit('comment:updated', toModerator(c));
        if (placeholder && (await shown(c))) {
          t.toPage(c.site, c.page).emit('comment:edited', await publicOf(deps, c));
          await t.count(c.site, c.page);
        }
      }),
    ),
    deps.bus.subscribe('comment:reported', (c) =>
      t.safe(async () => {
        t.toModerators(c.site).emit('comment:updated', toModerator(c));
      }),
    ),
  ];
}
