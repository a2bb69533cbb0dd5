import { describe, expect, it } from 'vitest';
import { applicableRule, parseDomain, parseIpOrCidr } from '../server/rules/match.js';
import type { ModerationRule } from '../server/rules/types.js';

const rule = (kind: ModerationRule['kind'], value: string, action: ModerationRule['action'] = 'block', expiresAt: number | null = null): ModerationRule => ({
  id: `${kind}:${value}:${action}`,
  site: 's',
  kind,
  value,
  action,
  note: null,
  expiresAt,
  createdAt: 0,
  createdBy: null,
});

describe('IP addresses and CIDR ranges', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['203.0.113.7/24', '203.0.113.0/24'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:db8:abcd:12::/48', '2001:db8:abcd::/48'],
    ['::ffff:198.51.100.4', '198.51.100.4'],
    ['fe80::1/128', 'fe80::1'],
  ])('when %s is given, then it is stored as %s', (raw, canonical) => {
    expect(parseIpOrCidr(raw)?.value).toBe(canonical);
  });

  it.each(['203.0.113.7/33', '2001:db8::/129', '1.2.3', 'example.com', '1.2.3.4/8/1', '1.2.3.4/-1', '', '::g'])('when %s is given, then it is refused', (raw) => {
    expect(parseIpOrCidr(raw)).toBeNull();
  });

  it('when an IPv4 range is matched, then addresses inside match and outside do not; IPv4-mapped IPv6 counts as IPv4', () => {
    const rules = [rule('ip', '203.0.113.0/24')];
    expect(applicableRule(rules, { email: 'a@x.example', ip: '203.0.113.200' }, 0)).not.toBeNull();
    expect(applicableRule(rules, { email: 'a@x.example', ip: '::ffff:203.0.113.9' }, 0)).not.toBeNull();
    expect(applicableRule(rules, { email: 'a@x.example', ip: '203.0.114.1' }, 0)).toBeNull();
    expect(applicableRule(rules, { email: 'a@x.example', ip: '2001:db8::1' }, 0)).toBeNull();
  });

  it('when an IPv6 range is matched, then every address in the /48 matches and the next /48 does not', () => {
    const rules = [rule('ip', '2001:db8:abcd::/48')];
    expect(applicableRule(rules, { email: 'a@x.example', ip: '2001:db8:abcd:ffff:1:2:3:4' }, 0)).not.toBeNull();
    expect(applicableRule(rules, { email: 'a@x.example', ip: '2001:db8:abce::1' }, 0)).toBeNull();
  });
});

describe('choosing the rule', () => {
  it('when email, domain and IP rules all match, then block beats hold beats trust', () => {
    const poster = { email: 'Sara@Mail.Example.com', ip: '198.51.100.7' };
    expect(applicableRule([rule('email', 'sara@mail.example.com', 'trust')], poster, 0)?.action).toBe('trust');
    expect(applicableRule([rule('email', 'sara@mail.example.com', 'trust'), rule('domain', 'example.com', 'hold')], poster, 0)?.action).toBe('hold');
    expect(applicableRule([rule('email', 'sara@mail.example.com', 'trust'), rule('domain', 'example.com', 'hold'), rule('ip', '198.51.100.0/24', 'block')], poster, 0)?.action).toBe('block');
  });

  it('when a domain rule exists, then the domain and its subdomains match but look-alikes do not', () => {
    const rules = [rule('domain', 'spam.example')];
    expect(applicableRule(rules, { email: 'x@spam.example', ip: '1.1.1.1' }, 0)).not.toBeNull();
    expect(applicableRule(rules, { email: 'x@mx.spam.example', ip: '1.1.1.1' }, 0)).not.toBeNull();
    expect(applicableRule(rules, { email: 'x@notspam.example', ip: '1.1.1.1' }, 0)).toBeNull();
  });

  it('when a rule has expired, then it no longer applies', () => {
    expect(applicableRule([rule('email', 'a@b.example', 'block', 100)], { email: 'a@b.example', ip: '1.1.1.1' }, 99)).not.toBeNull();
    expect(applicableRule([rule('email', 'a@b.example', 'block', 100)], { email: 'a@b.example', ip: '1.1.1.1' }, 100)).toBeNull();
  });

  it('when a domain is written with @, a trailing dot, capitals or in Arabic script, then it is normalised', () => {
    expect(parseDomain('@Spam.Example.')).toBe('spam.example');
    expect(parseDomain('مثال.السعودية')).toBe('xn--mgbh0fb.xn--mgberp4a5d4ar');
    expect(parseDomain('not a domain')).toBeNull();
  });
});
