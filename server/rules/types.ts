/** What a moderation rule matches: one email address, one IP address or CIDR range, or an email domain. */
export type RuleKind = 'email' | 'ip' | 'domain';
export const RULE_KINDS: readonly RuleKind[] = ['email', 'ip', 'domain'];

/**
 * trust → approved (disallowed words still win); hold → always pending;
 * block → spam, silently (the poster sees "awaiting moderation" as for any held comment).
 */
export type RuleAction = 'trust' | 'hold' | 'block';
export const RULE_ACTIONS: readonly RuleAction[] = ['trust', 'hold', 'block'];

/** A per-site trust/hold/block rule. Times are ms since the epoch. */
export interface ModerationRule {
  id: string;
  site: string;
  kind: RuleKind;
  /** email lowercased; ip an address or CIDR in canonical form ("2001:db8::/32"); domain lowercased, no "@" */
  value: string;
  action: RuleAction;
  note: string | null;
  /** null: never expires */
  expiresAt: number | null;
  createdAt: number;
  createdBy: { id: string; name: string } | null;
}
