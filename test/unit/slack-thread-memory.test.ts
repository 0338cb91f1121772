import { describe, expect, it } from 'vitest';
import { THREAD_TTL_MS, ThreadMemory } from '../../src/channels/slack/thread-memory.js';
import { MemorySessionStore } from '../../src/state/session-store.js';

describe('Slack thread memory', () => {
  it('knows a thread per team and channel until its TTL runs out, and a new post starts the TTL again', async () => {
    let now = 1_000_000;
    const threads = new ThreadMemory(new MemorySessionStore<true>(() => now));
    await threads.remember('T1', 'C1', '1.1');
    expect(await threads.has('T1', 'C1', '1.1')).toBe(true);
    expect(await threads.has('T1', 'C2', '1.1')).toBe(false);
    expect(await threads.has('T2', 'C1', '1.1')).toBe(false);
    expect(await threads.has('T1', 'C1', '1.2')).toBe(false);
    now += THREAD_TTL_MS - 1000;
    await threads.remember('T1', 'C1', '1.1');
    now += THREAD_TTL_MS - 1000;
    expect(await threads.has('T1', 'C1', '1.1')).toBe(true);
    now += 2000;
    expect(await threads.has('T1', 'C1', '1.1')).toBe(false);
  });
});
