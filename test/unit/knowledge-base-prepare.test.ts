import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/core/knowledge-base.js';
import { fixtureServices } from '../helpers/services.js';

let s: Awaited<ReturnType<typeof fixtureServices>>;
beforeAll(async () => {
  s = await fixtureServices();
  await s.refresh();
}, 120_000);
afterAll(async () => {
  await s?.close();
  await s?.cleanup();
});

describe('KnowledgeBase.prepare', () => {
  it('embeds the FAQ questions in slices with a pause between them, to the entries computed on first use', async () => {
    const served = s.engine.knowledgeBase!;
    const fresh = () => new KnowledgeBase(served.index, served.embedder, served.registry);
    let pauses = 0;
    const prepared = await fresh().prepare(async () => { pauses++; }, 0);
    const lazy = fresh().faq;
    expect(lazy.length).toBeGreaterThan(1);
    expect(pauses).toBeGreaterThanOrEqual(lazy.length - 1);
    expect(prepared.faq.map((e) => [e.chunk.id, e.question, Array.from(e.vector)]))
      .toEqual(lazy.map((e) => [e.chunk.id, e.question, Array.from(e.vector)]));
  });
});
