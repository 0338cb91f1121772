import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { tokenize } from '../answering/text.js';
import type { WordVectors } from './word-vectors.js';

/** Smoothing constant of SIF weighting (Arora et al. 2017): frequent words weigh little. */
const SIF_A = 1e-3;

/**
 * Offline sentence embeddings: SIF-weighted average of word vectors, unit-normalised.
 * No network, no key; the id goes into the index manifest so a change of embedder forces a rebuild.
 */
export class SifEmbeddings extends Embeddings {
  /** v2: word vectors no longer include wink's trailing norm and rank numbers (v1 had ~99.8% zero vectors). */
  readonly id = 'sif-wink-sg-100d-int8-v2';
  private readonly weights: Float32Array;

  constructor(private readonly vectors: WordVectors, params: EmbeddingsParams = {}) {
    super(params);
    // Word probability from Zipf's law over the frequency-ranked vocabulary: row r is the word of rank r
    // (convertWinkJson orders rows by wink's stored rank number, which is not part of the vector).
    const harmonic = Math.log(vectors.size) + 0.5772;
    this.weights = new Float32Array(vectors.size);
    for (let r = 0; r < vectors.size; r++) {
      const p = 1 / ((r + 1) * harmonic);
      this.weights[r] = SIF_A / (SIF_A + p);
    }
  }

  get dims(): number {
    return this.vectors.dims;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.embed(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embed(text));
  }

  /** Synchronous embedding; a text with no known word gets a zero vector. */
  embed(text: string): Float32Array {
    const v = new Float32Array(this.vectors.dims);
    for (const token of tokenize(text)) {
      const r = this.vectors.rank(token);
      if (r !== undefined) this.vectors.addInto(v, r, this.weights[r] ?? 1);
    }
    let norm = 0;
    for (let d = 0; d < v.length; d++) norm += (v[d] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < v.length; d++) v[d] = (v[d] ?? 0) / norm;
    return v;
  }

  /** The row of a word in the vocabulary, for soft term matching. */
  wordRow(word: string): number | undefined {
    return this.vectors.rank(word);
  }

  wordSimilarity(a: number, b: number): number {
    return this.vectors.cosine(a, b);
  }
}
