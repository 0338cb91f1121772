import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/logging/logger.js';
import { MemoryDedupeStore } from '../../src/state/dedupe-store.js';
import { JsonlFeedbackStore } from '../../src/state/feedback-store.js';
import { MemoryRateLimiter } from '../../src/state/rate-limiter.js';
import { connectRedis } from '../../src/state/redis/redis-client.js';
import { RedisDedupeStore } from '../../src/state/redis/redis-dedupe-store.js';
import { RedisFeedbackStore } from '../../src/state/redis/redis-feedback-store.js';
import { RedisRateLimiter } from '../../src/state/redis/redis-rate-limiter.js';
import { RedisSessionStore } from '../../src/state/redis/redis-session-store.js';
import { redisClients } from '../helpers/redis-clients.js';
import { tempDir } from '../helpers/tmp.js';

/** The Redis stores against a real redis-server: the one .ci/run starts (REDIS_TEST_URL), or one of our own. */
const logs = memoryLogger();
const prefix = `unit${process.pid}${Date.now()}:`;
const { client, track } = redisClients(prefix, logs);

describe('Redis stores', () => {
  it('keeps sessions as JSON with a TTL, shared between two connections', async () => {
    const [r1, r2] = [await client(), await client()];
    const s1 = new RedisSessionStore<{ step: string; n: number }>(r1, 'eligibility', logs);
    const s2 = new RedisSessionStore<{ step: string; n: number }>(r2, 'eligibility', logs);
    await s1.set('c1', { step: 'country', n: 2 }, 60_000);
    expect(await s2.get('c1')).toEqual({ step: 'country', n: 2 });
    expect(await new RedisSessionStore(r2, 'conversation', logs).get('c1')).toBeUndefined();
    await s2.delete('c1');
    expect(await s1.get('c1')).toBeUndefined();
    await s1.set('short', { step: 'x', n: 1 }, 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await s1.get('short')).toBeUndefined();
  });

  it('dedupes an event id across connections (first one wins), and expires it', async () => {
    const d1 = new RedisDedupeStore(await client(), new MemoryDedupeStore(), logs);
    const d2 = new RedisDedupeStore(await client(), new MemoryDedupeStore(), logs);
    const results = await Promise.all([d1.firstSeen('ev1', 60_000), d2.firstSeen('ev1', 60_000), d2.firstSeen('ev1', 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await d1.firstSeen('ev2', 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(await d2.firstSeen('ev2', 50)).toBe(true);
  });

  it('counts a rate limit across connections with one polite notice', async () => {
    const rate = { limit: 3, windowMs: 60_000 };
    const l1 = new RedisRateLimiter(await client(), rate, new MemoryRateLimiter(rate), logs);
    const l2 = new RedisRateLimiter(await client(), rate, new MemoryRateLimiter(rate), logs);
    const out = [];
    for (let i = 0; i < 6; i++) out.push(await (i % 2 ? l1 : l2).take('T1:U1'));
    expect(out.map((o) => o.allowed)).toEqual([true, true, true, false, false, false]);
    expect(out.map((o) => o.notify)).toEqual([false, false, false, true, false, false]);
  });

  it('falls back when Redis is unreachable: sessions forget, dedupe and limits go local, feedback goes to the file', async () => {
    const dead = connectRedis({ url: 'redis://127.0.0.1:1', keyPrefix: prefix }, logs);
    track(dead);
    const tmp = await tempDir();
    try {
      const sessions = new RedisSessionStore<{ a: number }>(dead, 'eligibility', logs);
      await sessions.set('k', { a: 1 }, 1000);
      expect(await sessions.get('k')).toBeUndefined();
      const dedupe = new RedisDedupeStore(dead, new MemoryDedupeStore(), logs);
      expect(await dedupe.firstSeen('e', 1000)).toBe(true);
      expect(await dedupe.firstSeen('e', 1000)).toBe(false);
      const rate = { limit: 1, windowMs: 60_000 };
      const limiter = new RedisRateLimiter(dead, rate, new MemoryRateLimiter(rate), logs);
      expect((await limiter.take('u')).allowed).toBe(true);
      expect((await limiter.take('u')).allowed).toBe(false);
      const file = `${tmp.dir}/spill.jsonl`;
      const feedback = new RedisFeedbackStore(dead, new JsonlFeedbackStore(file), logs);
      await feedback.record({ at: 'now', channel: 'slack', userId: 'U1', answerId: 'a1', question: 'q', helpful: true });
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ answerId: 'a1', helpful: true });
      expect(logs.records.some((r) => r.msg === 'Redis operation failed; using the fallback')).toBe(true);
    } finally {
      await tmp.cleanup();
    }
  });

  it('stores feedback from every replica in one list', async () => {
    const r = await client();
    const tmp = await tempDir();
    try {
      const f = new RedisFeedbackStore(r, new JsonlFeedbackStore(`${tmp.dir}/x.jsonl`), logs);
      await f.record({ at: 'now', channel: 'teams', userId: 'U2', answerId: 'a2', question: 'q2', helpful: false });
      const items = await r.lrange('feedback', 0, -1);
      expect(items.map((i) => JSON.parse(i) as { answerId: string }).map((i) => i.answerId)).toContain('a2');
    } finally {
      await tmp.cleanup();
    }
  });
});
