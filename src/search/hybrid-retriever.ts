import type { Chunk } from '../knowledge/types.js';
import type { Bitset } from './bitset.js';
import type { Bm25Index } from './bm25-index.js';
import { filterBitsetsFor } from './filter-bitsets.js';
import type { RankedHit, ScoredChunk, SearchOptions } from './types.js';
import type { ExactScanPolicy, VectorIndex } from './vector-index.js';
import type { TermExpander } from './term-expander.js';
import type { Retriever } from './retriever.js';

/**
 * Reciprocal rank fusion (Cormack et al. 2009), weighted (data/retrieval.json): BM25 counts more than the
 * offline word vectors on this domain's vocabulary (acronyms, programme names), and a small k keeps a clear BM25
 * winner on top.
 */
export interface RankingWeights {
  fusion: { k: number; bm25: number; vector: number };
  sameLanguageBoost: number;
  jurisdiction: { ownPage: number; sharedPage: number; otherCountries: number; countryPageWithoutCountry: number };
  /**
   * When a filtered vector query scans the accepted chunks' vectors exactly instead of searching the HNSW graph
   * (absent: always the graph). Not a ranking weight: a scan returns what an exhaustive graph search would.
   */
  vectorScan?: ExactScanPolicy;
}

/** The defaults of data/retrieval.json (tests and tools that load no data file). */
export const DEFAULT_RANKING: RankingWeights = {
  fusion: { k: 10, bm25: 1, vector: 0.5 },
  sameLanguageBoost: 1.15,
  jurisdiction: { ownPage: 1.8, sharedPage: 1.15, otherCountries: 0.6, countryPageWithoutCountry: 0.8 },
  vectorScan: { selective: true, minChunks: 20_000, maxRows: 250_000 },
};

export type RetrievalMode = 'hybrid' | 'bm25' | 'vector';

export interface QueryEmbedder { embedQuery(text: string): Promise<number[]> }

/** BM25 and HNSW vectors over the same chunks, fused by reciprocal rank. */
export class HybridRetriever implements Retriever {
  constructor(
    private readonly chunks: Chunk[],
    private readonly bm25: Bm25Index,
    private readonly vectors: VectorIndex,
    private readonly embedder: QueryEmbedder,
    private readonly mode: RetrievalMode = 'hybrid',
    private readonly expander?: TermExpander,
    private readonly weights: RankingWeights = DEFAULT_RANKING,
  ) {}

  withMode(mode: RetrievalMode): HybridRetriever {
    return new HybridRetriever(this.chunks, this.bm25, this.vectors, this.embedder, mode, this.expander, this.weights);
  }

  async search(query: string, opts: SearchOptions): Promise<ScoredChunk[]> {
    const depth = Math.max(opts.k * 4, 30);
    const lang = opts.language ?? 'en';
    const accept = filterBitsetsFor(this.chunks).forFilters(opts.filters);
    const expansion = this.expander?.expand(query, lang) ?? [];
    const expanded = [query, ...expansion].join(' ');
    const lexical = this.mode === 'vector' ? [] : this.bm25.query(query, lang, depth, accept, expansion);
    const scan = this.weights.vectorScan ?? DEFAULT_RANKING.vectorScan;
    const semantic = this.mode === 'bm25' ? [] : await this.vectors.query(await this.embedder.embedQuery(expanded), depth, accept, scan);
    const w = this.weights;
    const fused = fuse(this.chunks, lexical, semantic, w.fusion);
    // Passages in the question's language first when scores are close; English stays the fallback.
    if (lang !== 'en') for (const h of fused) if (h.chunk.language === lang) h.score *= w.sameLanguageBoost;
    // A question naming no country reads the general pages before one country's rules.
    for (const h of fused) h.score *= jurisdictionFactor(h.chunk.jurisdictions, opts.jurisdiction, w.jurisdiction);
    fused.sort((a, b) => b.score - a.score);
    if (opts.jurisdiction && this.mode !== 'vector') this.promoteCountryPages(fused, query, lang, opts.jurisdiction, accept, expansion);
    return fused.slice(0, opts.k);
  }

  /**
   * A question about one country must read that country's own pages: their best two passages (by BM25 within
   * those pages) go right after the best overall passage, even when survey pages outscore them on raw words.
   */
  private promoteCountryPages(fused: ScoredChunk[], query: string, lang: string, country: string, accept: Bitset | undefined, expansion: string[]): void {
    const own = filterBitsetsFor(this.chunks).soleJurisdiction(country, accept);
    const top = fused[0]?.score ?? 1;
    this.bm25.query(query, lang, 2, own, expansion).forEach((hit, n) => {
      const chunk = this.chunks[hit.index];
      if (!chunk) return;
      const existing = fused.find((h) => h.chunk === chunk);
      const score = top * (0.99 - n * 0.01);
      if (existing) existing.score = Math.max(existing.score, score);
      else fused.push({ chunk, score, bm25Score: hit.score });
    });
    fused.sort((a, b) => b.score - a.score);
  }
}

/** A passage about the asked country ranks up; one only about another country ranks down. */
function jurisdictionFactor(jurisdictions: string[], wanted: string | undefined, f: RankingWeights['jurisdiction']): number {
  if (!wanted) return jurisdictions.length === 1 && jurisdictions[0] !== 'INT' ? f.countryPageWithoutCountry : 1;
  // A page about that country alone (its programme page) beats a survey page that mentions it among others.
  if (jurisdictions.length === 1 && jurisdictions[0] === wanted) return f.ownPage;
  if (jurisdictions.includes(wanted)) return f.sharedPage;
  if (jurisdictions.length && !jurisdictions.includes('INT')) return f.otherCountries;
  return 1;
}

export function fuse(chunks: Chunk[], lexical: RankedHit[], semantic: RankedHit[], fusion = DEFAULT_RANKING.fusion): ScoredChunk[] {
  const byIndex = new Map<number, ScoredChunk>();
  const entry = (i: number): ScoredChunk | undefined => {
    const chunk = chunks[i];
    if (!chunk) return undefined;
    let e = byIndex.get(i);
    if (!e) byIndex.set(i, (e = { chunk, score: 0 }));
    return e;
  };
  lexical.forEach((hit, rank) => {
    const e = entry(hit.index);
    if (!e) return;
    e.score += fusion.bm25 / (fusion.k + rank + 1);
    e.bm25Rank = rank + 1;
    e.bm25Score = hit.score;
  });
  semantic.forEach((hit, rank) => {
    const e = entry(hit.index);
    if (!e) return;
    e.score += fusion.vector / (fusion.k + rank + 1);
    e.vectorRank = rank + 1;
    e.vectorSimilarity = hit.score;
  });
  return [...byIndex.values()].sort((a, b) => b.score - a.score);
}
