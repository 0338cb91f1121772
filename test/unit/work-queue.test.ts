import { describe, expect, it, vi } from 'vitest';
import { LocalWorkQueue } from '../../src/core/work-queue.js';

const tick = () => new Promise<void>((r) => setTimeout(r, 5));

describe('LocalWorkQueue', () => {
  it('runs at most `concurrency` jobs at once, in arrival order, and reports its size', async () => {
    const q = new LocalWorkQueue(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const jobs = [0, 1, 2, 3, 4].map((i) => q.run(async () => {
      order.push(i);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => gates.push(r));
      running -= 1;
      return i * 10;
    }));
    await tick();
    expect(order).toEqual([0, 1]);
    expect(q.size).toBe(5);
    while (gates.length || order.length < 5) {
      gates.shift()?.();
      await tick();
    }
    expect(await Promise.all(jobs)).toEqual([0, 10, 20, 30, 40]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(q.size).toBe(0);
  });

  it('passes a failing job\'s error to its caller and keeps serving the next jobs', async () => {
    const q = new LocalWorkQueue(1);
    const bad = q.run(async () => { throw new Error('boom'); });
    const good = q.run(async () => 'ok');
    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toBe('ok');
  });

  it('starts one job per macrotask (started from one check phase they ran back to back, no I/O between)', async () => {
    vi.useFakeTimers({ toFake: ['setImmediate'] });
    try {
      const q = new LocalWorkQueue(4);
      const started: number[] = [];
      const jobs = [0, 1, 2].map((i) => q.run(async () => { started.push(i); }));
      const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };
      vi.runOnlyPendingTimers();
      await settle();
      expect(started).toEqual([0]);
      vi.runOnlyPendingTimers();
      await settle();
      expect(started).toEqual([0, 1]);
      vi.runAllTimers();
      await settle();
      await Promise.all(jobs);
      expect(started).toEqual([0, 1, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts a job from a later macrotask, never inside the caller\'s turn (so queued requests are acknowledged first)', async () => {
    const q = new LocalWorkQueue(4);
    let started = false;
    const job = q.run(async () => { started = true; });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(started).toBe(false);
    await job;
    expect(started).toBe(true);
  });
});
