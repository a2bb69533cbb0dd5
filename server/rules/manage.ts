import { randomUUID } from 'node:crypto';
import validator from 'validator';
import type { Moderator } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/port.js';
import { broadRuleReason } from './broad.js';
import { parseDomain, parseIpOrCidr } from './match.js';
import { RULE_ACTIONS, type ModerationRule, type RuleAction, type RuleKind } from './types.js';
import { isEmailAddress, normalizeEmail } from '../validation/email.js';

type Fields = NonNullable<AppError['fields']>;
const MAX_NOTE = 500;
/** Rules per site: every submission reads them all, so they stay bounded. */
export const MAX_RULES_PER_SITE = 10_000;

/** Parses `expiresAt` (ms since the epoch or an ISO 8601 date); it must lie in the future. */
function parseExpiry(v: unknown, now: number): number | null | 'bad' {
  if (v === undefined || v === null) return null;
  const ms = typeof v === 'number' ? v : typeof v === 'string' && validator.isISO8601(v) ? Date.parse(v) : NaN;
  if (!Number.isSafeInteger(ms) || ms <= now) return 'bad';
  return ms;
}

/**
 * Validates `{ site, match: { email } | { ip } | { domain }, action, note?, expiresAt?, confirm? }`
 * into a rule (the site is checked by the caller). A rule that touches very many people needs
 * `confirm: true` (rules/broad.ts): a common mail provider's whole domain (gmail.com…), a
 * registry suffix (com.sa, co.uk), an IPv4 range of /8 or wider, an IPv6 range of /32 or wider.
 */
export function parseRule(body: unknown, by: Moderator, now: number): ModerationRule {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields: Fields = {};
  let kind: RuleKind | null = null;
  let value: string | null = null;
  const match = b.match;
  const keys = typeof match === 'object' && match !== null && !Array.isArray(match) ? Object.keys(match) : [];
  if (keys.length !== 1 || !['email', 'ip', 'domain'].includes(keys[0]!)) {
    fields.match = { key: 'rule_match_invalid' };
  } else {
    kind = keys[0] as RuleKind;
    const raw = (match as Record<string, unknown>)[kind];
    const text = typeof raw === 'string' && raw.length <= 254 ? raw.trim() : '';
    if (kind === 'email') {
      const email = normalizeEmail(text);
      if (isEmailAddress(email)) value = email;
      else fields.match = { key: 'email_invalid' };
    } else if (kind === 'ip') {
      const r = parseIpOrCidr(text);
      if (r) value = r.value;
      else fields.match = { key: 'rule_ip_invalid' };
    } else {
      const d = parseDomain(text);
      if (d) value = d;
      else fields.match = { key: 'rule_domain_invalid' };
    }
  }
  if (typeof b.action !== 'string' || !(RULE_ACTIONS as readonly string[]).includes(b.action)) fields.action = { key: 'rule_action_invalid' };
  if (b.note !== undefined && b.note !== null && (typeof b.note !== 'string' || b.note.length > MAX_NOTE)) fields.note = { key: 'too_long', params: { max: MAX_NOTE } };
  const expiresAt = parseExpiry(b.expiresAt, now);
  if (expiresAt === 'bad') fields.expiresAt = { key: 'rule_expiry_invalid' };
  const broad = kind && value ? broadRuleReason(kind, value) : null;
  if (broad && b.confirm !== true) fields.confirm = broad;
  if (Object.keys(fields).length) throw new AppError('validation', 422, 'validation', undefined, fields);
  const note = typeof b.note === 'string' ? b.note.normalize('NFC').trim() : '';
  return {
    id: randomUUID(),
    site: String(b.site),
    kind: kind!,
    value: value!,
    action: b.action as RuleAction,
    note: note || null,
    expiresAt: expiresAt as number | null,
    createdAt: now,
    createdBy: { id: by.id, name: by.name },
  };
}

/** Saves a rule unless the site already has MAX_RULES_PER_SITE (a replacement is always allowed). */
export async function addRule(store: Store, rule: ModerationRule, now: number): Promise<{ rule: ModerationRule; created: boolean }> {
  const current = await store.listRules(rule.site, now);
  const replaces = current.some((r) => r.kind === rule.kind && r.value === rule.value);
  if (!replaces && current.length >= MAX_RULES_PER_SITE) throw new AppError('conflict', 409, 'rule_limit', { max: MAX_RULES_PER_SITE });
  return store.saveRule(rule);
}

/** The rule as the API shows it: `match` as it was sent. */
export const publicRule = (r: ModerationRule) => ({
  id: r.id,
  site: r.site,
  match: { [r.kind]: r.value },
  action: r.action,
  note: r.note,
  expiresAt: r.expiresAt,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});
