/** Shapes the dashboard shares with the server: imported as types only, so nothing server-side is bundled. */
export type { ModeratorComment } from '../../server/domain/views.js';
export type { Ack, ModerationClientEvents, ModerationServerEvents } from '../../server/domain/events.js';
export type { CommentStatus, ModerationAction, SiteSettings, StatusCounts } from '../../server/domain/types.js';

import type { CommentStatus, SiteSettings } from '../../server/domain/types.js';

export const STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'moderator';
}

export interface SiteView {
  id: string;
  origins: string[];
  settings: SiteSettings;
}
