import { ApiError, type Api } from '../api.js';
import type { I18n } from '../i18n/i18n.js';
import { mt } from '../modtools/strings.js';
import { matchOf, type Rule, type RuleAction, type RuleKind } from '../modtools/types.js';

/** How long a rule lasts, as offered in the forms; the API takes an absolute `expiresAt` (ms). */
export const EXPIRIES = { never: 0, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000, year: 365 * 86_400_000 } as const;
export type Expiry = keyof typeof EXPIRIES;
export const ACTIONS: readonly RuleAction[] = ['block', 'hold', 'trust'];

/** The IPv4 part of an IPv4-mapped IPv6 address (`::ffff:203.0.113.9`), else the address as given. */
function plain(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/**
 * The range an address belongs to, as a block rule usually wants it: the /24 of an IPv4
 * address (a home or office line), the /64 of an IPv6 one (one subscriber's network, RFC 6177).
 * null for anything that is not an address.
 */
export function rangeOf(address: string): string | null {
  const ip = plain(address.trim());
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return v4.slice(1).some((n) => Number(n) > 255) ? null : `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!/^[0-9a-f:]+$/i.test(ip) || !ip.includes(':')) return null;
  const [head = '', tail, ...rest] = ip.split('::');
  if (rest.length) return null;
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** The domain of an email address, lowercased ("" when there is none). */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/** A rule's match for people: «البريد sara@example.com», «النطاق 203.0.113.0/24», «كل بريد في example.com». */
export function describeMatch(i18n: I18n, kind: RuleKind, value: string): string {
  if (kind === 'email') return mt(i18n, 'target_email', { value });
  if (kind === 'domain') return mt(i18n, 'target_domain', { value });
  return mt(i18n, value.includes('/') ? 'target_range' : 'target_ip', { value });
}

export const describeRule = (i18n: I18n, r: Rule) => describeMatch(i18n, ...matchOf(r));

export type SaveOutcome =
  | { ok: true; rule: Rule }
  /** `confirm` holds the server's words when the match is a common mail provider's whole domain */
  | { ok: false; message: string; fields: Record<string, string>; confirm: string | null };

/**
 * POST /api/moderation/rules. A common mail provider's domain comes back as 422 with
 * `fields.confirm` (the server's message); the form then shows it with a checkbox and
 * sends again with `confirm: true`.
 */
export async function saveRule(
  api: Api,
  body: { site: string; kind: RuleKind; value: string; action: RuleAction; note: string; expiry: Expiry; confirm: boolean },
  now = Date.now(),
): Promise<SaveOutcome> {
  try {
    const res = await api.send<{ rule: Rule }>('POST', '/api/moderation/rules', {
      site: body.site,
      match: { [body.kind]: body.value.trim() },
      action: body.action,
      note: body.note.trim() || undefined,
      expiresAt: body.expiry === 'never' ? undefined : now + EXPIRIES[body.expiry],
      confirm: body.confirm || undefined,
    });
    return { ok: true, rule: res.rule };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { ok: false, message: e.message, fields: e.fields, confirm: e.fields.confirm ?? null };
  }
}
