import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import validator from 'validator';
import type { ModerationRule, RuleAction, RuleKind } from './types.js';
import { normalizeEmail } from '../validation/email.js';

/** IPv4 written inside IPv6 ("::ffff:203.0.113.9") is the IPv4 address for matching. */
export function plainIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip.trim());
  return m ? m[1]! : ip.trim();
}

/**
 * An address or CIDR range, canonical ("2001:DB8:0::/32" → "2001:db8::/32",
 * "10.1.2.3/8" → "10.0.0.0/8"); null when it is neither. IPv4 prefixes 0–32, IPv6 0–128.
 */
export function parseIpOrCidr(raw: string): { value: string; family: 'ipv4' | 'ipv6'; address: string; prefix: number } | null {
  const [addrRaw, prefixRaw, extra] = raw.trim().split('/');
  if (extra !== undefined || !addrRaw) return null;
  const addr = plainIp(addrRaw);
  const v = isIP(addr) as 0 | 4 | 6;
  if (v === 0) return null;
  const family = v === 4 ? 'ipv4' : 'ipv6';
  const max = v === 4 ? 32 : 128;
  if (prefixRaw !== undefined && !/^\d{1,3}$/.test(prefixRaw)) return null;
  const prefix = prefixRaw === undefined ? max : Number(prefixRaw);
  if (prefix > max) return null;
  const network = networkOf(addr, v, prefix);
  return { value: prefix === max ? network : `${network}/${prefix}`, family, address: network, prefix };
}

/** The first address of the range, in canonical text. */
function networkOf(addr: string, v: 4 | 6, prefix: number): string {
  const bits = v === 4 ? 32 : 128;
  const n = v === 4 ? ipv4ToBig(addr) : ipv6ToBig(addr);
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  const net = n & mask;
  return v === 4 ? bigToIpv4(net) : bigToIpv6(net);
}

function ipv4ToBig(a: string): bigint {
  return a.split('.').reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}
function bigToIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}
function ipv6ToBig(a: string): bigint {
  let s = a.toLowerCase().split('%')[0]!;
  // a trailing dotted IPv4 part
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = ipv4ToBig(v4[1]!);
    s = s.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}
function bigToIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run (≥ 2) of zero groups becomes "::"
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** An email domain, lowercased and in ASCII (IDN → punycode); null when it is not a domain. */
export function parseDomain(raw: string): string | null {
  const d = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  const ascii = domainToASCII(d);
  if (!ascii || !validator.isFQDN(ascii, { require_tld: true })) return null;
  return ascii;
}

export const domainOfEmail = (email: string): string => domainToASCII(email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase()) || '';

const PRECEDENCE: Record<RuleAction, number> = { block: 3, hold: 2, trust: 1 };

/**
 * The rule that applies to a poster, from a site's rules: unexpired ones whose email
 * equals the poster's, whose domain is the email's domain or a parent of it, or whose
 * address/range holds the poster's IP. Of several, block beats hold beats trust.
 */
export function applicableRule(
  rules: readonly ModerationRule[],
  poster: { email: string; ip: string },
  now: number,
): ModerationRule | null {
  const email = normalizeEmail(poster.email);
  const domain = domainOfEmail(email);
  const ip = plainIp(poster.ip);
  const ipFamily = isIP(ip);
  let best: ModerationRule | null = null;
  for (const r of rules) {
    if (r.expiresAt !== null && r.expiresAt <= now) continue;
    if (!matches(r.kind, r.value, email, domain, ip, ipFamily)) continue;
    if (!best || PRECEDENCE[r.action] > PRECEDENCE[best.action]) best = r;
  }
  return best;
}

function matches(kind: RuleKind, value: string, email: string, domain: string, ip: string, ipFamily: number): boolean {
  if (kind === 'email') return value === email;
  if (kind === 'domain') return domain === value || domain.endsWith(`.${value}`);
  if (ipFamily === 0) return false;
  const range = parseIpOrCidr(value);
  if (!range) return false;
  const list = new BlockList();
  list.addSubnet(range.address, range.prefix, range.family);
  return list.check(ip, ipFamily === 4 ? 'ipv4' : 'ipv6');
}
