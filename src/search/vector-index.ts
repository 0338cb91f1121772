import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { RankedHit } from './types.js';

const EF_SEARCH = 64;

/** Approximate nearest neighbours over chunk vectors (HNSW, cosine), through LangChain's HNSWLib store. */
export class VectorIndex {
  private constructor(private readonly store: HNSWLib, readonly size: number) {
    if (size > 0) store.index.setEf(EF_SEARCH);
  }

  /** Vectors must be unit-length; zero vectors (no known word) are replaced so HNSW never divides by zero. */
  static async build(embeddings: EmbeddingsInterface, vectors: number[][], dims: number): Promise<VectorIndex> {
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dims });
    const safe = vectors.map((v) => (v.some((x) => x !== 0) ? v : unit(dims)));
    await store.addVectors(safe, safe.map((_, i) => new Document({ pageContent: '', metadata: { i } })));
    return new VectorIndex(store, vectors.length);
  }

  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<VectorIndex> {
    const store = await HNSWLib.load(dir, embeddings);
    return new VectorIndex(store, store.index.getCurrentCount());
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  /** Positions of the nearest chunks with their cosine similarity, best first. */
  async query(vector: number[], k: number, accept?: (index: number) => boolean): Promise<RankedHit[]> {
    if (!this.size || !vector.some((x) => x !== 0)) return [];
    const results = await this.store.similaritySearchVectorWithScore(
      vector,
      Math.min(k, this.size),
      accept ? (doc) => accept(doc.metadata.i as number) : undefined,
    );
    // HNSWLib reports cosine distance; turn it back into similarity.
    return results.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
  }
}

function unit(dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  v[0] = 1;
  return v;
}
