/** One audited change: who, when, what, on which site, and the state before and after (JSON). */
export interface AuditEntry {
  id: string;
  at: number;
  /** the moderator, or null for the system (retention job, CLI) */
  by: { id: string; name: string } | null;
  /** null for changes outside any one site (moderator accounts) */
  site: string | null;
  /** e.g. comment.approve, comment.edit, comment.delete, bin.purge, rule.add, rule.remove, privacy.erase, moderator.add, site.settings, import */
  action: string;
  /** what it was done to: a comment, rule or moderator id, an email for privacy requests… */
  target: string | null;
  before: unknown;
  after: unknown;
}
