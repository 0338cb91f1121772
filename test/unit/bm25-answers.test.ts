import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadRetrievalWeights } from '../../src/core/knowledge-base.js';
import { Lexicon } from '../../src/i18n/lexicon.js';
import { MiniSearchBm25Index } from '../../src/search/minisearch-bm25.js';
import { answerKeys, evalSample } from '../helpers/eval-questions.js';
import { REPO } from '../helpers/paths.js';
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

describe('answers with the typed-array BM25 and with MiniSearch (the previous index)', () => {
  it('are identical (text, citations, declined) on the dev set and a sample of eval/bank', async () => {
    const items = evalSample(4);
    const answerAll = () => answerKeys(s.engine, items);
    const flat = await answerAll();
    const kb = s.engine.knowledgeBase!;
    // The same knowledge base as the service composes it, with MiniSearch in place of the typed-array index.
    const legacy = { ...kb.index, bm25: MiniSearchBm25Index.build(kb.index.chunks) };
    s.engine.setKnowledgeBase(new KnowledgeBase(legacy, kb.embedder, kb.registry, Lexicon.load(join(REPO, 'prompts', 'lexicon.json')),
      loadRetrievalWeights(join(REPO, 'data', 'retrieval.json'))));
    const mini = await answerAll();
    expect(items.length).toBeGreaterThan(250);
    expect(flat.filter((a) => !JSON.parse(a).declined).length).toBeGreaterThan(items.length / 2);
    for (const [n, a] of flat.entries()) expect(a).toBe(mini[n]);
  }, 300_000);
});
