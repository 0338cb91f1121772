import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bitset } from '../../src/search/bitset.js';
import { ExactVectors } from '../../src/search/exact-vectors.js';
import { VectorIndex } from '../../src/search/vector-index.js';
import { HashEmbeddings } from '../helpers/hash-embeddings.js';

const ALL = { selective: true, minChunks: 0, maxRows: Number.MAX_SAFE_INTEGER };
const SELECTIVE = { selective: true, minChunks: Infinity, maxRows: 0 };

/** The graph searched exhaustively: efSearch above the size makes hnswlib's filtered search visit every reachable node. */
const exhaustive = (index: VectorIndex) => (index as unknown as { store: { index: { setEf(ef: number): void } } }).store.index.setEf(100_000);

async function fixture(n: number) {
  const emb = new HashEmbeddings();
  const texts = Array.from({ length: n }, (_, i) => `chunk ${i} about ${['customs', 'trade', 'security', 'aeo', 'mra'][i % 5]} ${i % 17} ${i % 31} w${i % 7}x${i % 11}`);
  return { emb, index: await VectorIndex.build(emb, await emb.embedDocuments(texts), emb.dims) };
}

describe('exact scan of a filtered vector query', () => {
  it('returns what an exhaustive HNSW search returns: same chunks, order and float distances', async () => {
    const { emb, index } = await fixture(2000);
    exhaustive(index);
    let compared = 0;
    for (let q = 0; q < 40; q++) {
      const v = await emb.embedQuery(`about ${['customs', 'trade', 'aeo'][q % 3]} ${q % 17} w${q % 7}x${q % 11}`);
      const keep = Bitset.fromPredicate(2000, (i) => i % (2 + (q % 7)) === q % 2);
      const graph = await index.query(v, 40, keep);
      const scan = await index.query(v, 40, keep, ALL);
      expect(scan).toEqual(graph);
      expect(scan.every((h) => keep.has(h.index))).toBe(true);
      compared += scan.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('reads the stored vectors back from a saved index, and scans only when the filter is small enough', async () => {
    const { emb, index } = await fixture(1500);
    const dir = await mkdtemp(join(tmpdir(), 'aeo-exact-'));
    try {
      await index.save(dir);
      const loaded = await VectorIndex.load(dir, emb);
      exhaustive(loaded);
      const keep = Bitset.fromPredicate(1500, (i) => i % 3 === 0);
      for (let q = 0; q < 10; q++) {
        const v = await emb.embedQuery(`about trade ${q} w${q % 7}x${q % 11}`);
        expect(await loaded.query(v, 30, keep, ALL)).toEqual(await index.query(v, 30, keep, ALL));
        expect(await loaded.query(v, 30, keep, ALL)).toEqual(await loaded.query(v, 30, keep));
      }
      // Over the limit the graph is searched: at efSearch 1 it misses chunks the scan finds.
      (loaded as unknown as { store: { index: { setEf(ef: number): void } } }).store.index.setEf(1);
      const v = await emb.embedQuery('about customs 3 w3x3');
      const scan = await loaded.query(v, 30, keep, { selective: false, minChunks: 1500, maxRows: keep.count() });
      const graph = await loaded.query(v, 30, keep, { selective: false, minChunks: 1500, maxRows: keep.count() - 1 });
      expect(await loaded.query(v, 30, keep, { selective: false, minChunks: 1501, maxRows: ALL.maxRows })).toEqual(graph);
      expect(scan).not.toEqual(graph);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('scans a filter accepting fewer chunks than efSearch, where the graph search (default efSearch) visits every node and returns the same', async () => {
    const { emb, index } = await fixture(3000);
    let compared = 0;
    for (let q = 0; q < 40; q++) {
      const v = await emb.embedQuery(`about ${['customs', 'trade', 'aeo'][q % 3]} ${q % 17} w${q % 7}x${q % 11}`);
      const keep = Bitset.fromPredicate(3000, (i) => (i * 7 + q) % (50 + q) === 0);
      expect(keep.count()).toBeLessThan(64);
      const scan = await index.query(v, 40, keep, SELECTIVE);
      expect(scan).toEqual(await index.query(v, 40, keep));
      compared += scan.length;
    }
    expect(compared).toBeGreaterThan(1000);
    // A filter the size of efSearch is searched in the graph.
    const wide = Bitset.fromPredicate(3000, (i) => i < 64);
    (index as unknown as { store: { index: { setEf(ef: number): void } } }).store.index.setEf(64);
    const v = await emb.embedQuery('about trade 3');
    expect((index as unknown as { exact?: unknown }).exact).toBeDefined();
    expect(await index.query(v, 40, wide, SELECTIVE)).toEqual(await index.query(v, 40, wide));
  });

  it('computes the same float distances in the WebAssembly kernel as in JavaScript', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (const dims of [100, 32, 36, 4]) {
      const n = 503;
      const x = new ExactVectors(n, dims);
      for (let i = 0; i < n; i++) x.setRow(i, ExactVectors.normalise(Array.from({ length: dims }, rand)), n - 1 - i);
      expect((x as unknown as { kernel?: unknown }).kernel).toBeDefined();
      for (let t = 0; t < 6; t++) {
        // Every row, or some (an odd count, so the kernel's four-row loop leaves rows to its one-row loop).
        const accept = Bitset.fromPredicate(n, (i) => t % 2 === 0 || (i * 7 + t) % 5 < 2);
        const q = ExactVectors.normalise(Array.from({ length: dims }, rand));
        const wasm = x.nearest(q, n, accept);
        expect(wasm.length).toBe(accept.count());
        expect(wasm).toEqual(x.nearest(q, n, accept, true));
        expect(wasm.map((h) => h.score)).toEqual(wasm.map((h) => 1 - x.distance(h.index, q)));
      }
    }
  });

  it('narrows large filters by int8 bounds without changing the result (spread and near-duplicate rows)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const dims = 100;
    const n = 12_000;
    const x = new ExactVectors(n, dims);
    const centre = Array.from({ length: dims }, rand);
    for (let i = 0; i < n; i++) {
      // A third spread at random, two thirds close to one direction (many near-ties around the k-th).
      const v = i % 3 === 0 ? Array.from({ length: dims }, rand) : centre.map((c) => c + rand() * (i % 2 ? 0.05 : 0.002));
      x.setRow(i, ExactVectors.normalise(v), i);
    }
    for (let t = 0; t < 12; t++) {
      const accept = Bitset.fromPredicate(n, (i) => t % 3 === 0 || (i + t) % 5 < 3);
      expect(accept.count()).toBeGreaterThan(4096);
      const q = ExactVectors.normalise(t % 2 ? centre.map((c) => c + rand() * 0.01) : Array.from({ length: dims }, rand));
      for (const k of [1, 40, 300]) expect(x.nearest(q, k, accept)).toEqual(x.nearest(q, k, accept, true));
    }
  });

  it('counts a bitset', () => {
    const b = Bitset.fromPredicate(1000, (i) => i % 7 === 0 || i === 999);
    expect(b.count()).toBe(143 + 1);
  });
});
