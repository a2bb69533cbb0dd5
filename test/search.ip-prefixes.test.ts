import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseIpOrCidr } from '../server/rules/match.js';
import { ipv4Prefixes } from '../server/store/sqlite-search.js';

/** The SQLite search narrows IPv4 CIDR ranges by text prefixes of the stored address; they must cover the range exactly. */
describe('IPv4 CIDR ranges as text prefixes', () => {
  const inPrefixes = (ranges: Array<{ lo: string; hi: string }>, ip: string) => ranges.some((r) => (r.lo === r.hi ? ip === r.lo : ip >= r.lo && ip < r.hi));

  it('when any prefix length is asked, then an address (plain or IPv4-mapped) is in the prefixes exactly when it is in the range', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const cidr of ['10.1.2.0/24', '10.1.16.0/20', '10.0.0.0/16', '10.128.0.0/9', '10.0.0.0/8', '128.0.0.0/1', '192.168.1.5/32', '172.16.0.0/12', '10.1.2.64/26', '10.1.2.3/31']) {
      const r = parseIpOrCidr(cidr)!;
      const ranges = ipv4Prefixes(r)!;
      const list = new BlockList();
      list.addSubnet(r.address, r.prefix, 'ipv4');
      const [a, b] = r.address.split('.').map(Number);
      expect(inPrefixes(ranges, r.address), `${cidr} holds its own first address`).toBe(true);
      for (let i = 0; i < 3000; i++) {
        const ip = i % 2 ? `${a}.${i % 3 ? b : rnd(256)}.${rnd(256)}.${rnd(256)}` : `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`;
        const expected = list.check(ip, 'ipv4');
        expect(inPrefixes(ranges, ip), `${ip} in ${cidr}`).toBe(expected);
        expect(inPrefixes(ranges, `::ffff:${ip}`), `::ffff:${ip} in ${cidr}`).toBe(expected);
      }
    }
  });

  it('when the range is IPv6 or everything, then there are no prefixes (the search filters in code)', () => {
    expect(ipv4Prefixes(parseIpOrCidr('2001:db8::/32')!)).toBeNull();
    expect(ipv4Prefixes(parseIpOrCidr('0.0.0.0/0')!)).toBeNull();
  });
});
