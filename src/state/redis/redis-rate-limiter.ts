import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { RateLimit, RateLimiter } from '../rate-limiter.js';
import { withFallback } from './fallback.js';

/** A fixed-window counter per key shared by every replica (INCR + PEXPIRE); while Redis is down the local one counts. */
export class RedisRateLimiter implements RateLimiter {
  private readonly guard: ReturnType<typeof withFallback>;

  constructor(private readonly redis: Redis, private readonly rate: RateLimit, private readonly local: RateLimiter, logger: Logger, private readonly now: () => number = Date.now) {
    this.guard = withFallback(logger.child({ store: 'rate-limit' }));
  }

  async take(key: string): Promise<{ allowed: boolean; notify: boolean }> {
    const window = Math.floor(this.now() / this.rate.windowMs);
    const k = `rate:${key}:${window}`;
    const count = await this.guard('take', async () => {
      const res = await this.redis.multi().incr(k).pexpire(k, this.rate.windowMs).exec();
      const n = res?.[0]?.[1];
      if (typeof n !== 'number') throw new Error('unexpected INCR reply');
      return n;
    }, undefined);
    if (count === undefined) return this.local.take(key);
    return { allowed: count <= this.rate.limit, notify: count === this.rate.limit + 1 };
  }
}
