import { Embeddings } from '@langchain/core/embeddings';
import { tokenize } from '../../src/answering/text.js';

/** Deterministic bag-of-words embeddings for index tests; counts how many texts it embedded. */
export class HashEmbeddings extends Embeddings {
  readonly dims = 32;
  embedded = 0;

  constructor(readonly id = 'hash-32') {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dims).fill(0);
    for (const t of tokenize(text)) {
      let h = 7;
      for (const ch of t) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
      v[h % this.dims] = (v[h % this.dims] ?? 0) + 1;
    }
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return v.map((x) => x / n);
  }
}
