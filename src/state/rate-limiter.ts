/** Per-user question limits, behind an interface so a shared store can replace the in-memory one. */
export interface RateLimiter {
  /**
   * Counts one question for the key. `allowed` is false over the limit; `notify` is true only for the first refusal
   * in a window, so a flood gets one polite reply rather than one per message.
   */
  take(key: string): Promise<{ allowed: boolean; notify: boolean }>;
}

export interface RateLimit { limit: number; windowMs: number }

/** A fixed-window counter per key, bounded in size. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly rate: RateLimit, private readonly now: () => number = Date.now, private readonly maxKeys = 50_000) {}

  async take(key: string): Promise<{ allowed: boolean; notify: boolean }> {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.rate.windowMs) {
      this.windows.delete(key);
      while (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next().value;
        if (oldest === undefined) break;
        this.windows.delete(oldest);
      }
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { allowed: w.count <= this.rate.limit, notify: w.count === this.rate.limit + 1 };
  }
}
