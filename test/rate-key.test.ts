import { describe, expect, it } from 'vitest';
import { rateKey } from '../server/http/request.js';

describe('rate-limit keys', () => {
  it('when the client is IPv4, then it counts alone', () => {
    expect(rateKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('when the client is IPv6, then its whole /64 counts as one, however it is written', () => {
    expect(rateKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:db8:1:3::1')).not.toBe(rateKey('2001:db8:1:2::1'));
  });
});
