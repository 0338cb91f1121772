import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadRetrievalWeights } from '../../src/core/knowledge-base.js';
import { Lexicon } from '../../src/i18n/lexicon.js';
import { DEFAULT_RANKING } from '../../src/search/hybrid-retriever.js';
import { GRAPH_ONLY } from '../../src/search/vector-index.js';
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

describe('answers with filtered vector queries scanned exactly and searched in the HNSW graph (the previous path)', () => {
  it('are identical (text, citations, declined) on the dev set and a sample of eval/bank', async () => {
    const items = evalSample(4);
    const answerAll = () => answerKeys(s.engine, items);
    const scanned = await answerAll();
    const kb = s.engine.knowledgeBase!;
    const w = loadRetrievalWeights(join(REPO, 'data', 'retrieval.json'));
    // The shipped policy is the data file's, and the defaults (tools that load no data file) are the same.
    expect(w.ranking.vectorScan).toEqual(DEFAULT_RANKING.vectorScan);
    // The same knowledge base as the service composes it, with every filtered vector query on the graph.
    s.engine.setKnowledgeBase(new KnowledgeBase(kb.index, kb.embedder, kb.registry, Lexicon.load(join(REPO, 'prompts', 'lexicon.json')),
      { ...w, ranking: { ...w.ranking, vectorScan: undefined } }));
    const graph = await answerAll();
    expect(items.length).toBeGreaterThan(250);
    expect(scanned.filter((a) => !JSON.parse(a).declined).length).toBeGreaterThan(items.length / 2);
    for (const [n, a] of graph.entries()) expect(scanned[n]).toBe(a);
  }, 300_000);
});
