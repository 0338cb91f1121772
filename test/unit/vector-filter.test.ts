import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/search/vector-index.js';
import { HashEmbeddings } from '../helpers/hash-embeddings.js';

describe('VectorIndex filtered queries', () => {
  it('return what LangChain\'s own filtered search returns (labels mapped to positions once)', async () => {
    const emb = new HashEmbeddings();
    const texts = Array.from({ length: 3000 }, (_, i) => `chunk ${i} about ${['customs', 'trade', 'security', 'aeo', 'mra'][i % 5]} ${i % 17} ${i % 31}`);
    const index = await VectorIndex.build(emb, await emb.embedDocuments(texts), emb.dims);
    const store = (index as unknown as { store: { similaritySearchVectorWithScore(v: number[], k: number, f?: (d: { metadata: { i: number } }) => boolean): Promise<[{ metadata: { i: number } }, number][]> } }).store;
    let compared = 0;
    for (let q = 0; q < 60; q++) {
      const v = await emb.embedQuery(`about ${['customs', 'trade', 'aeo'][q % 3]} ${q % 17}`);
      const keep = (i: number) => i % (2 + (q % 5)) === 0;
      const want = (await store.similaritySearchVectorWithScore(index.transform(v), 40, (d) => keep(d.metadata.i))).map(([d, dist]) => ({ index: d.metadata.i, score: 1 - dist }));
      const got = await index.query(v, 40, keep);
      expect(got).toEqual(want);
      expect(got.every((h) => keep(h.index))).toBe(true);
      compared += got.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
