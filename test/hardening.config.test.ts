import { describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.js';

describe('configuration of the hardening settings', () => {
  it.each([
    [{ THREAD_CACHE_MB: 'lots' }, 'THREAD_CACHE_MB'],
    [{ SITE_CACHE_MS: '-1' }, 'SITE_CACHE_MS'],
    [{ SHUTDOWN_GRACE_MS: '10s' }, 'SHUTDOWN_GRACE_MS'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ METRICS_TOKEN: 'has a space in the middle' }, 'METRICS_TOKEN'],
  ])('when %o, then parsing fails naming %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('when nothing is set, then the documented defaults apply', () => {
    expect(parseConfig({})).toMatchObject({ threadCacheBytes: 64 * 1024 * 1024, siteCacheMs: 5000, shutdownGraceMs: 10_000, metricsToken: null });
  });

  it('when set, then the values are used', () => {
    expect(parseConfig({ THREAD_CACHE_MB: '2', SITE_CACHE_MS: '0', SHUTDOWN_GRACE_MS: '2500', METRICS_TOKEN: 'a-long-enough-token' })).toMatchObject({
      threadCacheBytes: 2 * 1024 * 1024,
      siteCacheMs: 0,
      shutdownGraceMs: 2500,
      metricsToken: 'a-long-enough-token',
    });
  });
});
