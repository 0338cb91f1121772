import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Bitset } from './bitset.js';
import { ExactVectors, vectorsFromHnswFile } from './exact-vectors.js';
import type { RankedHit } from './types.js';

const EF_SEARCH = 64;

/** When a filtered query scans the accepted chunks' vectors instead of searching the graph (data/retrieval.json). */
export interface ExactScanPolicy {
  /**
   * Scan a filter accepting fewer chunks than the graph search keeps (max(efSearch, k)): that search then never
   * fills its candidate list, so it walks every reachable node (calling the filter on each) and returns the exact
   * nearest accepted chunks — what the scan returns, at a fraction of the cost (topic filters at the real size).
   */
  selective: boolean;
  /**
   * Smallest index that scans any larger filter: below it the graph's filtered search is cheap and its approximate
   * ranking stays.
   */
  minChunks: number;
  /** Most chunks a filter may accept for that scan: it costs one distance per accepted chunk. */
  maxRows: number;
}

/** Never scan: every filtered query searches the graph (the previous path, kept for comparisons). */
export const GRAPH_ONLY: ExactScanPolicy = { selective: false, minChunks: Infinity, maxRows: 0 };

/**
 * Approximate nearest neighbours over chunk vectors (HNSW, cosine), through LangChain's HNSWLib store.
 * Vectors are centred on the corpus mean first: averaged word vectors share a large common direction that
 * makes every passage look alike (the "common component" of SIF); removing it makes cosine discriminate.
 */
export class VectorIndex {
  /** Chunk position of each HNSW label (-1: none), so a filter tests labels without a docstore look-up per node. */
  private readonly positions: Int32Array;

  /**
   * The stored vectors by position, for exact scans of filtered queries: read on the first query that scans (an
   * index that never scans holds no second copy); null when they could not be read.
   */
  private exact?: ExactVectors | null;
  private readVectors: () => ExactVectors | null = () => null;

  private constructor(private readonly store: HNSWLib, readonly size: number, readonly center: number[]) {
    if (size > 0) store.index.setEf(EF_SEARCH);
    this.positions = new Int32Array(size).fill(-1);
    for (let label = 0; label < size; label++) {
      const doc = store.docstore.search(String(label));
      if (typeof doc !== 'string') this.positions[label] = doc.metadata.i as number;
    }
  }

  private exactVectors(): ExactVectors | null {
    if (this.exact === undefined) this.exact = this.readVectors();
    return this.exact;
  }

  /** Row i: the stored vector of the chunk at position i; null unless every label has its own position and vector. */
  private gatherVectors(byLabel: (label: number) => ArrayLike<number> | undefined): ExactVectors | null {
    const dims = this.store.args.numDimensions;
    if (!dims || !this.size) return null;
    const exact = new ExactVectors(this.size, dims);
    for (let label = 0; label < this.size; label++) {
      const i = this.positions[label] ?? -1;
      const v = byLabel(label);
      if (i < 0 || i >= this.size || !v || v.length !== dims || exact.labels[i] !== -1) return null;
      exact.setRow(i, v, label);
    }
    return exact.complete() ? exact : null;
  }

  /** Zero vectors (no known word) are replaced so HNSW never divides by zero. */
  static async build(embeddings: EmbeddingsInterface, vectors: number[][], dims: number): Promise<VectorIndex> {
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dims });
    const center = mean(vectors.filter((v) => v.some((x) => x !== 0)), dims);
    const centred = vectors.map((v) => (v.some((x) => x !== 0) ? centre(v, center) : unit(dims)));
    await store.addVectors(centred, centred.map((_, i) => new Document({ pageContent: '', metadata: { i } })));
    const index = new VectorIndex(store, vectors.length, center);
    // hnswlib's own float copies (normalised as it stored them), ~10 µs a label.
    index.readVectors = () => index.gatherVectors((label) => store.index.getPoint(label));
    return index;
  }

  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<VectorIndex> {
    const store = await HNSWLib.load(dir, embeddings);
    const center = JSON.parse(await readFile(join(dir, 'center.json'), 'utf8')) as number[];
    if (!Array.isArray(center) || center.length !== store.args.numDimensions) throw new Error('center.json does not match the index dimensions');
    const index = new VectorIndex(store, store.index.getCurrentCount(), center);
    index.readVectors = () => index.vectorsFromFile(join(dir, 'hnswlib.index'));
    return index;
  }

  /**
   * The stored vectors from the saved index file itself (one read; getPoint per label costs ~10 µs each), checked
   * against hnswlib's own copy at a few labels: any doubt leaves the index without exact scans.
   */
  private vectorsFromFile(file: string): ExactVectors | null {
    const dims = this.store.args.numDimensions ?? 0;
    let parsed: ReturnType<typeof vectorsFromHnswFile>;
    try {
      parsed = vectorsFromHnswFile(readFileSync(file), this.size, dims);
    } catch {
      return null;
    }
    if (!parsed) return null;
    const element = new Int32Array(this.size).fill(-1);
    parsed.labels.forEach((label, e) => {
      if (label >= 0 && label < this.size) element[label] = e;
    });
    const row = (label: number) => {
      const e = element[label] ?? -1;
      return e < 0 ? undefined : parsed.vectors.subarray(e * dims, (e + 1) * dims);
    };
    const same = [0, Math.floor(this.size / 2), this.size - 1].every((label) => {
      const got = row(label);
      const want = this.store.index.getPoint(label);
      return !!got && want.length === got.length && want.every((x, d) => x === got[d]);
    });
    return same ? this.gatherVectors(row) : null;
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
    await writeFile(join(dir, 'center.json'), JSON.stringify(this.center));
  }

  /** A raw embedding in this index's space: centred and unit length (zero stays zero). */
  transform(vector: ArrayLike<number>): number[] {
    const v = Array.from(vector);
    return v.some((x) => x !== 0) ? centre(v, this.center) : v;
  }

  /**
   * Positions of the nearest chunks with their cosine similarity, best first. With `scan`, a filter (bitset) that
   * the policy picks is answered by scanning the accepted chunks' vectors exactly: the same float distances and tie
   * order as an exhaustive HNSW search, so it differs from the graph's filtered search only where that missed a
   * nearer chunk. Otherwise, or for a predicate, the graph's filtered search (the previous path).
   */
  async query(
    raw: number[], k: number, accept?: Bitset | ((index: number) => boolean), scan?: ExactScanPolicy,
  ): Promise<RankedHit[]> {
    if (!this.size || !raw.some((x) => x !== 0)) return [];
    const vector = this.transform(raw);
    const rows = accept instanceof Bitset && scan ? accept.count() : 0;
    const scans = !!scan && (
      (scan.selective && rows < Math.max(EF_SEARCH, k)) || (this.size >= scan.minChunks && rows <= scan.maxRows));
    const exact = scans ? this.exactVectors() : null;
    if (exact && accept instanceof Bitset) {
      return exact.nearest(ExactVectors.normalise(vector), Math.min(k, this.size), accept);
    }
    const keep = accept instanceof Bitset ? (i: number) => accept.has(i) : accept;
    if (!keep) {
      const results = await this.store.similaritySearchVectorWithScore(vector, Math.min(k, this.size));
      // HNSWLib reports cosine distance; turn it back into similarity.
      return results.map(([doc, distance]) => ({ index: doc.metadata.i as number, score: 1 - distance }));
    }
    // The same filtered search LangChain runs, with the filter on labels: LangChain's looks each visited node's
    // document up in its docstore, which made filtered queries (every answer filters by language) 3x slower at p95.
    const { positions } = this;
    const found = this.store.index.searchKnn(vector, Math.min(k, this.size), (label: number) => {
      const i = positions[label] ?? -1;
      return i >= 0 && keep(i);
    });
    return found.neighbors.map((label, n) => ({ index: positions[label] ?? -1, score: 1 - (found.distances[n] ?? 1) }));
  }
}

export function mean(vectors: number[][], dims: number): number[] {
  const m = new Array<number>(dims).fill(0);
  for (const v of vectors) for (let d = 0; d < dims; d++) m[d] = (m[d] ?? 0) + (v[d] ?? 0) / vectors.length;
  return m;
}

export function centre(v: number[], center: number[]): number[] {
  const c = v.map((x, d) => x - (center[d] ?? 0));
  const n = Math.hypot(...c) || 1;
  return c.map((x) => x / n);
}

export function unit(dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  v[0] = 1;
  return v;
}
