import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { BoundedRateLimiterMemory } from './cache/bounded-limiter.js';
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
  /** consecutive failed logins per account, from every address together */
  loginPerEmail: { points: number; seconds: number; blockSeconds: number };
  /** `moderate` events per moderator socket */
  socketModerate: { points: number; seconds: number };
  /** likes and unlikes per IP (issue 14), so a script cannot inflate counts */
  reactions: { points: number; seconds: number };
  /** reports per IP (issue 14) */
  reports: { points: number; seconds: number };
  /** likes per network (IPv4 address or IPv6 /64) per comment, so made-up reader ids cannot inflate one comment's count */
  likesPerComment: { points: number; seconds: number };
}

export const DEFAULT_LIMITS: LimitSettings = {
  postBurst: { points: 5, seconds: 60 },
  postSustained: { points: 60, seconds: 3600 },
  loginPerEmailIp: { points: 5, seconds: 3600, blockSeconds: 900 },
  loginPerIp: { points: 30, seconds: 3600, blockSeconds: 3600 },
  loginPerEmail: { points: 20, seconds: 3600, blockSeconds: 900 },
  socketModerate: { points: 200, seconds: 10 },
  reactions: { points: 120, seconds: 60 },
  reports: { points: 30, seconds: 3600 },
  likesPerComment: { points: 5, seconds: 3600 },
};

export interface Limiters {
  postBurst: RateLimiterAbstract;
  postSustained: RateLimiterAbstract;
  loginPerEmailIp: RateLimiterAbstract;
  loginPerIp: RateLimiterAbstract;
  loginPerEmail: RateLimiterAbstract;
  /** always in process: a socket lives on one process */
  socketModerate: RateLimiterAbstract;
  reactions: RateLimiterAbstract;
  reports: RateLimiterAbstract;
  likesPerComment: RateLimiterAbstract;
}

/**
 * In-process limits by default; shared through Redis when several processes run.
 * Every in-memory table is bounded (BoundedRateLimiterMemory), including the
 * insurance limiters used while Redis is unreachable.
 */
export function createLimiters(settings: Partial<LimitSettings> = DEFAULT_LIMITS, redis?: Redis, redisPrefix = 'majlis'): Limiters {
  const s: LimitSettings = { ...DEFAULT_LIMITS, ...settings };
  const make = (keyPrefix: string, o: { points: number; seconds: number; blockSeconds?: number }) =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${redisPrefix}:${keyPrefix}`, points: o.points, duration: o.seconds, blockDuration: o.blockSeconds ?? 0, insuranceLimiter: new BoundedRateLimiterMemory({ keyPrefix, points: o.points, duration: o.seconds, blockDuration: o.blockSeconds ?? 0 }) })
      : new BoundedRateLimiterMemory({ keyPrefix, points: o.points, duration: o.seconds, blockDuration: o.blockSeconds ?? 0 });
  return {
    postBurst: make('post-burst', s.postBurst),
    postSustained: make('post-sustained', s.postSustained),
    loginPerEmailIp: make('login-email-ip', s.loginPerEmailIp),
    loginPerIp: make('login-ip', s.loginPerIp),
    loginPerEmail: make('login-email', s.loginPerEmail),
    reactions: make('reactions', s.reactions),
    reports: make('reports', s.reports),
    likesPerComment: make('likes-comment', s.likesPerComment),
    socketModerate: new BoundedRateLimiterMemory({ keyPrefix: 'socket-moderate', points: s.socketModerate.points, duration: s.socketModerate.seconds }),
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
