import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { Logger } from '../../src/logging/logger.js';
import { connectRedis } from '../../src/state/redis/redis-client.js';
import { RedisServer } from './redis-server.js';

/**
 * Ready Redis connections for one test file, against the redis-server .ci/run starts (REDIS_TEST_URL) or one of
 * the file's own; every connection made or tracked is closed, and the own server stopped, after the file.
 */
export function redisClients(prefix: string, logger: Logger): { client(): Promise<Redis>; track(c: Redis): Redis } {
  let own: RedisServer | undefined;
  let url = '';
  const clients: Redis[] = [];
  beforeAll(async () => {
    if (process.env.REDIS_TEST_URL) url = process.env.REDIS_TEST_URL;
    else {
      own = await RedisServer.start();
      url = own.url;
    }
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await own?.stop();
  });
  const track = (c: Redis) => {
    clients.push(c);
    return c;
  };
  return {
    track,
    async client() {
      const c = track(connectRedis({ url, keyPrefix: prefix }, logger));
      if (c.status !== 'ready') await new Promise<void>((resolve, reject) => { c.once('ready', () => resolve()); c.once('error', reject); });
      return c;
    },
  };
}
