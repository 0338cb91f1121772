import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Per-client request limits of the public API; `retryAfterMs` says when the client may ask again. */
export interface RequestLimiter {
  consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export interface RequestRate { points: number; durationSec: number; keyPrefix: string }

/** rate-limiter-flexible behind the seam: in memory here, over Redis (with this as insurance) for replicas. */
export class FlexibleRequestLimiter implements RequestLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  static memory(rate: RequestRate): FlexibleRequestLimiter {
    return new FlexibleRequestLimiter(memoryLimiter(rate));
  }

  async consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }> {
    try {
      await this.limiter.consume(key);
      return { allowed: true, retryAfterMs: 0 };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, retryAfterMs: err.msBeforeNext };
      // The store failed and no insurance could count: let the request through rather than refuse everyone.
      return { allowed: true, retryAfterMs: 0 };
    }
  }
}

export function memoryLimiter(rate: RequestRate): RateLimiterMemory {
  return new RateLimiterMemory({ points: rate.points, duration: rate.durationSec, keyPrefix: rate.keyPrefix });
}
