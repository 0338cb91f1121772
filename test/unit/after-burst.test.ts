import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AfterBurst } from '../../src/channels/slack/after-burst.js';

describe('AfterBurst', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds jobs while they keep coming and runs them in order once none came for the quiet time', () => {
    const ran: number[] = [];
    const b = new AfterBurst(10, 100);
    for (let i = 0; i < 5; i++) {
      b.push(() => ran.push(i));
      vi.advanceTimersByTime(5);
    }
    expect(ran).toEqual([]);
    expect(b.waiting).toBe(5);
    vi.advanceTimersByTime(5);
    // The first runs at once, the others one per macrotask after it.
    expect(ran).toEqual([0]);
    expect(b.waiting).toBe(4);
    for (let i = 0; i < 4; i++) vi.advanceTimersToNextTimer();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(b.waiting).toBe(0);
  });

  it('lets other callbacks run between the jobs of a burst (acks arriving meanwhile are read)', async () => {
    vi.useRealTimers();
    const seen: string[] = [];
    const b = new AfterBurst(1, 10);
    for (let i = 0; i < 3; i++) {
      b.push(() => {
        seen.push(`job${i}`);
        if (i === 0) setImmediate(() => seen.push('other'));
      });
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual(['job0', 'other', 'job1', 'job2']);
  });

  it('runs the waiting jobs at the latest the longest wait after the first, even if the burst goes on', () => {
    const ran: number[] = [];
    const b = new AfterBurst(10, 30);
    for (let i = 0; i < 8; i++) {
      b.push(() => ran.push(i));
      vi.advanceTimersByTime(6);
    }
    // Pushed at 0, 6, ..., 42: those pushed by 24 ran at 30 (the longest wait); 30, 36 and 42 form the next group.
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
