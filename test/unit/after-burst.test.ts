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
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(b.waiting).toBe(0);
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
