import { describe, expect, it } from 'vitest';
import { isoTime } from '../server/shared/iso-time.js';

describe('isoTime', () => {
  it('when any instant is formatted, then it reads exactly as Date#toISOString', () => {
    const edges = [0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 1_764_430_000_123, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 1.5, 8.64e15];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const spread = Array.from({ length: 20_000 }, () => Math.floor(random() * 253_402_300_800_000));
    const nearNow = Array.from({ length: 5_000 }, () => 1_700_000_000_000 + Math.floor(random() * 400 * 86_400_000));
    for (const ms of [...edges, ...spread, ...nearNow]) expect([ms, isoTime(ms)]).toEqual([ms, new Date(ms).toISOString()]);
  });

  it('when more days than it keeps are formatted, then later calls are still right', () => {
    for (let d = 0; d < 5000; d++) isoTime(d * 86_400_000 + 1);
    expect(isoTime(1_764_430_000_123)).toBe(new Date(1_764_430_000_123).toISOString());
  });
});
