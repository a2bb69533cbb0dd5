/**
 * Rules that would catch a very large share of commenters, which the API applies only with an
 * explicit `confirm: true` (rules/manage.ts parseRule): a common mail provider's domain, a
 * registry suffix such as "com.sa" or "co.uk" (every domain under it), and IP ranges wider
 * than one provider's usual allocation.
 */
import type { MessageKey } from '../i18n/messages.js';
import { parseIpOrCidr } from './match.js';
import type { RuleKind } from './types.js';

/**
 * The widest IPv4 range taken without confirming: a /8 and anything wider (16.7 million
 * addresses and more, a whole regional allocation) needs `confirm`, as does /0.
 */
export const BROAD_IPV4_PREFIX = 8;
/** The same for IPv6: a /32 is one provider's whole allocation (RIR minimum); /32 and wider need `confirm`. */
export const BROAD_IPV6_PREFIX = 32;

/**
 * Common mail providers: blocking one of these domains catches very many unrelated
 * people, so the API asks for an explicit `confirm: true`.
 */
export const COMMON_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'yahoo.co.uk', 'yahoo.fr', 'hotmail.com', 'hotmail.fr', 'hotmail.co.uk',
  'outlook.com', 'outlook.sa', 'live.com', 'live.fr', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me',
  'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.ru', 'yandex.com',
  'qq.com', '163.com', '126.com', 'zoho.com', 'tutanota.com', 'fastmail.com', 'naver.com', 'rediffmail.com', 'maktoob.com',
]);

/**
 * Second-level labels under which country registries hand out names ("com.sa", "co.uk",
 * "gov.eg", "ac.jp"…): a domain rule on such a suffix matches every address under it, as a
 * rule on a top-level domain would (domain rules match subdomains, rules/match.ts).
 */
const REGISTRY_LABELS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'co', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'mil', 'sch', 'info', 'biz', 'gen', 'ltd', 'plc', 'nic', 'med', 'web', 'name', 'per',
]);

/** IPv4 inside IPv6 (::ffff:0:0/96): such a range is the IPv4 range of its last 32 bits (the matcher treats it so). */
const MAPPED_V4 = /^::ffff:(?:0:0|0\.0\.0\.0)$/i;

/**
 * Why a rule needs `confirm: true`, as a message key and its parameters; null when it does not.
 * `value` is the rule's canonical value (parseRule's output).
 */
export function broadRuleReason(kind: RuleKind, value: string): { key: MessageKey; params: Record<string, string | number> } | null {
  if (kind === 'domain') {
    if (COMMON_MAIL_DOMAINS.has(value)) return { key: 'rule_common_domain', params: { domain: value } };
    const labels = value.split('.');
    if (labels.length <= 2 && (labels.length < 2 || REGISTRY_LABELS.has(labels[0]!))) return { key: 'rule_broad_domain', params: { domain: value } };
    return null;
  }
  if (kind !== 'ip') return null;
  const range = parseIpOrCidr(value);
  if (!range) return null;
  let { prefix } = range;
  const v4 = range.family === 'ipv4' || (prefix >= 96 && isMappedV4Network(range.address, prefix));
  if (range.family === 'ipv6' && v4) prefix -= 96;
  const bound = v4 ? BROAD_IPV4_PREFIX : BROAD_IPV6_PREFIX;
  // max as a string: CIDR notation keeps its Latin digits in the Arabic message
  return prefix <= bound ? { key: 'rule_broad_ip', params: { range: value, max: String(bound) } } : null;
}

/** Is an IPv6 network of `prefix` ≥ 96 inside ::ffff:0:0/96? */
function isMappedV4Network(address: string, prefix: number): boolean {
  const head = parseIpOrCidr(`${address}/96`);
  return prefix >= 96 && head !== null && MAPPED_V4.test(head.address);
}
