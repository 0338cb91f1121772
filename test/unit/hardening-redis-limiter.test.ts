import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/logging/logger.js';
import { connectRedis } from '../../src/state/redis/redis-client.js';
import { redisRequestLimiter } from '../../src/state/redis/redis-request-limiter.js';
import { redisClients } from '../helpers/redis-clients.js';

/** The HTTP API's per-client limit over Redis: one budget across replicas, local counting while Redis is down. */
const prefix = `rl${process.pid}${Date.now()}:`;
const { client, track } = redisClients(prefix, memoryLogger());

describe('redisRequestLimiter', () => {
  it('shares one budget between two replicas and says when to retry', async () => {
    const rate = { points: 3, durationSec: 60, keyPrefix: 'http-ask' };
    const [a, b] = [redisRequestLimiter(await client(), rate), redisRequestLimiter(await client(), rate)];
    const results = [await a.consume('10.0.0.1'), await b.consume('10.0.0.1'), await a.consume('10.0.0.1'), await b.consume('10.0.0.1')];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterMs).toBeGreaterThan(50_000);
    expect((await b.consume('10.0.0.2')).allowed).toBe(true);
  });

  it('counts locally while Redis is unreachable', async () => {
    const down = connectRedis({ url: 'redis://127.0.0.1:1', keyPrefix: prefix }, memoryLogger());
    track(down);
    const limiter = redisRequestLimiter(down, { points: 2, durationSec: 60, keyPrefix: 'http-ask' });
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push((await limiter.consume('10.0.0.3')).allowed);
    expect(allowed).toEqual([true, true, false]);
  });
});
