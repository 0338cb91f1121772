import { describe, expect, it } from 'vitest';
import { recentMemo } from '../../src/core/recent-memo.js';

describe('recentMemo', () => {
  it('computes a key once while it is kept, and forgets the oldest key when full', () => {
    const calls: string[] = [];
    const upper = recentMemo((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
    upper('c'); // full: 'a', the oldest, goes
    upper('b');
    upper('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps undefined results too', () => {
    let n = 0;
    const none = recentMemo((_: number) => {
      n += 1;
      return undefined;
    }, 4);
    none(1);
    none(1);
    expect(n).toBe(1);
  });
});
