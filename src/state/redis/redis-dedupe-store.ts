import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { DedupeStore } from '../dedupe-store.js';
import { withFallback } from './fallback.js';

/**
 * Event ids seen by any replica (SET NX with a TTL), so a Slack retry landing on another replica is not answered
 * twice. While Redis is down the replica's own memory dedupes (retries to the same replica still answered once).
 */
export class RedisDedupeStore implements DedupeStore {
  private readonly guard: ReturnType<typeof withFallback>;

  constructor(private readonly redis: Redis, private readonly local: DedupeStore, logger: Logger) {
    this.guard = withFallback(logger.child({ store: 'dedupe' }));
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const localFirst = await this.local.firstSeen(key, ttlMs);
    const shared = await this.guard('firstSeen', async () => (await this.redis.set(`dedupe:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK', undefined);
    return shared ?? localFirst;
  }
}
