import { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';

export interface RedisOptions {
  url: string;
  /** Prefix of every key, so several deployments can share one Redis. */
  keyPrefix: string;
  /** Called when the connection comes up or goes down (metrics, readiness). */
  onStatus?: (up: boolean) => void;
}

/**
 * One Redis connection for all shared state. Commands fail at once while Redis is down (no offline queue, one
 * attempt), so a question is never stuck waiting: the stores fall back and the client reconnects in the background.
 */
export function connectRedis(o: RedisOptions, logger: Logger): Redis {
  const log = logger.child({ module: 'redis' });
  const redis = new Redis(o.url, {
    keyPrefix: o.keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Reconnect forever, at most every 2 s: Redis coming back must be picked up without a restart.
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
  });
  let up: boolean | undefined;
  const status = (next: boolean, err?: string) => {
    if (up === next) return;
    up = next;
    o.onStatus?.(next);
    if (next) log.info('Redis connected');
    else log.error({ err }, 'Redis unreachable: conversation state, dedupe and rate limits fall back until it returns');
  };
  redis.on('ready', () => status(true));
  redis.on('error', (err: Error) => status(false, err.message));
  redis.on('end', () => status(false, 'connection closed'));
  redis.on('close', () => { if (up) status(false, 'connection closed'); });
  redis.connect().catch((err: Error) => status(false, err.message));
  return redis;
}

/** True when the connection can take commands now. */
export const redisReady = (redis: Redis): boolean => redis.status === 'ready';
