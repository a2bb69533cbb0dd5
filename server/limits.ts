import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from './errors.js';

/** Limits as numbers, so tests and site owners can tune them. */
export interface LimitSettings {
  /** comments per IP in a short burst window */
  postBurst: { points: number; seconds: number };
  /** comments per IP over a longer window */
  postSustained: { points: number; seconds: number };
  /** consecutive failed logins per email+IP before a block */
  loginPerEmailIp: { points: number; seconds: number; blockSeconds: number };
  /** failed logins per IP, whatever the email */
  loginPerIp: { points: number; seconds: number; blockSeconds: number };
}

export const DEFAULT_LIMITS: LimitSettings = {
  postBurst: { points: 5, seconds: 60 },
  postSustained: { points: 60, seconds: 3600 },
  loginPerEmailIp: { points: 5, seconds: 3600, blockSeconds: 900 },
  loginPerIp: { points: 30, seconds: 3600, blockSeconds: 3600 },
};

export interface Limiters {
  postBurst: RateLimiterAbstract;
  postSustained: RateLimiterAbstract;
  loginPerEmailIp: RateLimiterAbstract;
  loginPerIp: RateLimiterAbstract;
}

/** In-process limits by default; shared through Redis when several processes run. */
export function createLimiters(settings: LimitSettings = DEFAULT_LIMITS, redis?: Redis, redisPrefix = 'majlis'): Limiters {
  const make = (keyPrefix: string, o: { points: number; seconds: number; blockSeconds?: number }) =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${redisPrefix}:${keyPrefix}`, points: o.points, duration: o.seconds, blockDuration: o.blockSeconds ?? 0, insuranceLimiter: new RateLimiterMemory({ points: o.points, duration: o.seconds }) })
      : new RateLimiterMemory({ keyPrefix, points: o.points, duration: o.seconds, blockDuration: o.blockSeconds ?? 0 });
  return {
    postBurst: make('post-burst', settings.postBurst),
    postSustained: make('post-sustained', settings.postSustained),
    loginPerEmailIp: make('login-email-ip', settings.loginPerEmailIp),
    loginPerIp: make('login-ip', settings.loginPerIp),
  };
}

/** Consumes a point; turns a rejection into a 429 AppError with Retry-After. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    throw e;
  }
}
