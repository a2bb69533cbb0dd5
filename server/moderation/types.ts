import type { CommentStatus, PageInfo, Reason, Site } from '../domain/types.js';
import type { Store } from '../store/port.js';

/** A comment that passed field validation, as the pipeline sees it. */
export interface Candidate {
  site: Site;
  /** The page record if the page has been seen before. */
  page: PageInfo | null;
  pageKey: string;
  parentId: string | null;
  name: string;
  email: string;
  url: string | null;
  content: string;
  ip: string;
  userAgent: string;
  /** The signed form token the widget sent, if any. */
  formToken: string | null;
  /** The hidden honeypot field's value ('' when untouched). */
  honeypot: string;
  /** The poster holds a valid moderator session (exempt from flood, approved at once). */
  byModerator: boolean;
}

export interface PhaseContext {
  candidate: Candidate;
  store: Store;
  now: number;
  /** Server secret (for form tokens). */
  secret: string;
}

/**
 * A phase either says nothing (undefined), decides a status with a reason,
 * or throws an AppError to reject the comment outright (duplicate, flood, closed…).
 */
export type PhaseResult = { status: Exclude<CommentStatus, 'approved'>; reason: Reason } | { status: 'approved'; final: true } | undefined;

export interface Phase {
  name: string;
  run(ctx: PhaseContext): PhaseResult | Promise<PhaseResult>;
}
