/** Shapes of the moderator tools' API answers (see README, "Moderator tools"). Types only. */
import type { CommentStatus, ModeratorComment, StatusCounts } from '../types.js';

export type RuleAction = 'block' | 'hold' | 'trust';
export type RuleKind = 'email' | 'ip' | 'domain';

/** GET /api/moderation/rules → `{ rules: Rule[] }`; times in ms since the epoch. */
export interface Rule {
  id: string;
  site: string;
  match: Partial<Record<RuleKind, string>>;
  action: RuleAction;
  note: string | null;
  expiresAt: number | null;
  createdAt: number;
  createdBy: { id: string; name: string } | null;
}

/** GET /api/moderation/commenters?site=S&email=E */
export interface CommenterAnswer {
  commenter: {
    email: string;
    names: string[];
    firstAt: number | null;
    lastAt: number | null;
    counts: StatusCounts;
    ips: string[];
    rules: Rule[];
  };
  comments: ModeratorComment[];
  nextCursor: string | null;
}

/** GET /api/moderation/comments with q or page (a search over every status unless one is given). */
export interface SearchAnswer {
  comments: ModeratorComment[];
  nextCursor: string | null;
  counts: StatusCounts;
}

export type { CommentStatus, ModeratorComment };

/** The kind and value of a rule's match: `{ ip: "203.0.113.0/24" }` → ["ip", "203.0.113.0/24"]. */
export function matchOf(r: Rule): [RuleKind, string] {
  const [kind, value] = Object.entries(r.match)[0] ?? ['email', ''];
  return [kind as RuleKind, value ?? ''];
}
