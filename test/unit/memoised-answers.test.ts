import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKey, evalSample } from '../helpers/eval-questions.js';
import { shippedServices } from '../helpers/services.js';

let s: Awaited<ReturnType<typeof shippedServices>>;
beforeAll(async () => {
  s = await shippedServices();
  await s.refresh();
}, 120_000);
afterAll(async () => {
  await s?.close();
  await s?.cleanup();
});

// The answer engine keeps recent results by text (tokens, cue text, the question's embedding and jurisdictions):
// a caller that changed a kept result, or a result that depended on more than its key, would change later answers.
describe('memoised analysis', () => {
  it('answers the dev set and a sample of eval/bank the same when asked again, in the reverse order', async () => {
    const items = evalSample(4);
    const answer = async (q: string) => {
      const a = await s.engine.answer(q);
      return JSON.stringify(answerKey(a));
    };
    const first: string[] = [];
    for (const i of items) first.push(await answer(i.question));
    const again: string[] = [];
    for (const i of [...items].reverse()) again.push(await answer(i.question));
    again.reverse();
    expect(items.length).toBeGreaterThan(250);
    for (const [n, a] of first.entries()) expect(again[n], items[n]?.question).toBe(a);
  }, 120_000);
});
