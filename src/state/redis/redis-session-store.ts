import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { SessionStore } from '../session-store.js';
import { withFallback } from './fallback.js';

/**
 * Conversation state (eligibility sessions, recent turns) as JSON with a TTL, shared by every replica.
 * While Redis is down a conversation starts afresh instead of failing.
 */
export class RedisSessionStore<T> implements SessionStore<T> {
  private readonly guard: ReturnType<typeof withFallback>;

  constructor(private readonly redis: Redis, private readonly namespace: string, logger: Logger) {
    this.guard = withFallback(logger.child({ store: `session:${namespace}` }));
  }

  private key(k: string): string {
    return `session:${this.namespace}:${k}`;
  }

  async get(key: string): Promise<T | undefined> {
    const raw = await this.guard('get', () => this.redis.get(this.key(key)), null);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    await this.guard('set', () => this.redis.set(this.key(key), JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs))), null);
  }

  async delete(key: string): Promise<void> {
    await this.guard('delete', () => this.redis.del(this.key(key)), 0);
  }
}
