import MiniSearch from 'minisearch';
import type { Chunk } from '../knowledge/types.js';
import { accepts, DEFAULT_BM25_WEIGHTS, type Accept, type Bm25Index, type Bm25Weights } from './bm25-index.js';
import { BM25_FIELDS, bm25Doc, queryTerms, splitTerms, type Bm25Doc } from './bm25-fields.js';
import type { RankedHit } from './types.js';

type Doc = Bm25Doc & { id: number };

const options = (w: Bm25Weights) => ({
  fields: [...BM25_FIELDS],
  tokenize: splitTerms,
  processTerm: (t: string) => t,
  searchOptions: { boost: w.boost, combineWith: 'OR' as const },
});

/**
 * The previous BM25 (MiniSearch): kept as the bench's baseline and as the oracle the typed-array index is tested
 * against (same ids, order and scores). It allocates an object per matching posting, which is slow at 10k+ chunks.
 */
export class MiniSearchBm25Index implements Bm25Index {
  private constructor(private readonly search: MiniSearch<Doc>, private readonly weights: Bm25Weights) {}

  static build(chunks: Chunk[], weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): MiniSearchBm25Index {
    const ms = new MiniSearch<Doc>(options(weights));
    ms.addAll(chunks.map((c, id) => ({ id, ...bm25Doc(c) })));
    return new MiniSearchBm25Index(ms, weights);
  }

  static fromJSON(json: string, weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): MiniSearchBm25Index {
    return new MiniSearchBm25Index(MiniSearch.loadJSON<Doc>(json, options(weights)), weights);
  }

  withWeights(weights: Bm25Weights): MiniSearchBm25Index {
    return new MiniSearchBm25Index(this.search, weights);
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  query(text: string, language: string, k: number, accept?: Accept, expansion: string[] = []): RankedHit[] {
    const { terms, boost } = queryTerms(text, language, expansion, this.weights.expansionWeight);
    if (!terms.length) return [];
    const results = this.search.search(terms.join(' '), {
      boost: this.weights.boost,
      ...(accept ? { filter: (r) => accepts(accept, r.id as number) } : {}),
      boostTerm: boost,
    });
    return results.slice(0, k).map((r) => ({ index: r.id as number, score: r.score }));
  }

  documentCount(): number {
    return this.search.documentCount;
  }
}
