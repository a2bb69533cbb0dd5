import { describe, expect, it } from 'vitest';
import { parseIpOrCidr } from '../server/rules/match.js';
import { domainOf, rangeOf } from '../widget/dashboard/rules/rule-form.js';

/** The ranges the dashboard's `b` dialog offers, and that the server accepts them as rules. */
describe('rangeOf', () => {
  it('when given an IPv4 address (or one written as IPv6), then it offers its /24', () => {
    expect(rangeOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(rangeOf('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(rangeOf('300.1.1.1')).toBeNull();
  });

  it('when given an IPv6 address in any compression, then it offers its /64, which the server stores canonically', () => {
    expect(rangeOf('2001:db8:1::7')).toBe('2001:db8:1:0::/64');
    expect(rangeOf('2001:0db8:0001:0002:0003:0004:0005:0006')).toBe('2001:db8:1:2::/64');
    expect(rangeOf('::1')).toBe('0:0:0:0::/64');
    expect(rangeOf('fe80::')).toBe('fe80:0:0:0::/64');
    expect(parseIpOrCidr(rangeOf('2001:db8:1::7')!)?.value).toBe('2001:db8:1::/64');
    expect(parseIpOrCidr(rangeOf('203.0.113.77')!)?.value).toBe('203.0.113.0/24');
  });

  it('when given something that is not an address, then it offers nothing', () => {
    for (const bad of ['', 'unknown', '1:2:3', '1::2::3', 'g::1', '1.2.3']) expect(rangeOf(bad)).toBeNull();
  });

  it('when given an email, then domainOf is its lowercased domain', () => {
    expect(domainOf('Sara@News.Example')).toBe('news.example');
    expect(domainOf('nobody')).toBe('');
  });
});
