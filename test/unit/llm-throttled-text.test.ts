import { describe, expect, it } from 'vitest';
import { ThrottledText } from '../../src/llm/throttled-text.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ThrottledText', () => {
  it('shows the first words at once, then at most one update per interval with all the text so far', async () => {
    const shown: [string, boolean][] = [];
    const t = new ThrottledText(async (text, first) => void shown.push([text, first]), 100, (err) => { throw err; });
    for (let i = 0; i < 25; i++) {
      t.push(`w${i} `);
      await sleep(10);
    }
    expect(await t.close()).toBe(true);
    expect(shown[0]).toEqual(['w0 ', true]);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown.length).toBeLessThanOrEqual(5);
    shown.slice(1).forEach(([text, first], i) => {
      expect(first).toBe(false);
      expect(text.startsWith(shown[i]?.[0] ?? '')).toBe(true);
    });
  });

  it('close waits for the update in flight, and nothing is shown after it', async () => {
    const shown: string[] = [];
    const t = new ThrottledText(async (text) => {
      await sleep(80);
      shown.push(text);
    }, 20, (err) => { throw err; });
    t.push('a');
    t.push('b');
    await sleep(30);
    const closed = t.close();
    t.push('c');
    expect(await closed).toBe(true);
    const count = shown.length;
    await sleep(200);
    expect(shown.length).toBe(count);
    expect(shown.every((s) => !s.includes('c'))).toBe(true);
  });

  it('when the first showing fails, edits nothing and reports that nothing was shown', async () => {
    const calls: boolean[] = [];
    const errors: string[] = [];
    const t = new ThrottledText(async (_text, first) => {
      calls.push(first);
      throw new Error('channel_not_found');
    }, 10, (err) => void errors.push(err.message));
    t.push('a');
    await sleep(20);
    t.push('b');
    await sleep(30);
    expect(await t.close()).toBe(false);
    expect(calls).toEqual([true]);
    expect(errors).toEqual(['channel_not_found']);
  });
});
