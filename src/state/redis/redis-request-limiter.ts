import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { FlexibleRequestLimiter, memoryLimiter, type RequestRate } from '../request-limiter.js';

/** One request budget per client across replicas; while Redis is down each replica counts locally. */
export function redisRequestLimiter(redis: Redis, rate: RequestRate): FlexibleRequestLimiter {
  return new FlexibleRequestLimiter(new RateLimiterRedis({
    storeClient: redis, points: rate.points, duration: rate.durationSec, keyPrefix: rate.keyPrefix,
    rejectIfRedisNotReady: true, insuranceLimiter: memoryLimiter(rate),
  }));
}
