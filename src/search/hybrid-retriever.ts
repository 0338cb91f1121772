import type { Chunk } from '../knowledge/types.js';
import type { Bm25Index } from './bm25-index.js';
import { matchesFilters, type RankedHit, type ScoredChunk, type SearchOptions } from './types.js';
import type { VectorIndex } from './vector-index.js';
import type { TermExpander } from './term-expander.js';

/**
 * Reciprocal rank fusion (Cormack et al. 2009), weighted. The offline word-vector channel is much weaker than
 * BM25 on this domain's vocabulary (acronyms, programme names), so it counts less, and a small k keeps a clear
 * BM25 winner on top. Tuned on the dev set with `npm run bench` (retrieval table).
 */
export const FUSION = { k: 10, bm25: 1, vector: 0.5 };
const SAME_LANGUAGE_BOOST = 1.15;

export type RetrievalMode = 'hybrid' | 'bm25' | 'vector';

export interface QueryEmbedder { embedQuery(text: string): Promise<number[]> }

/** BM25 and HNSW vectors over the same chunks, fused by reciprocal rank. */
export class HybridRetriever {
  constructor(
    private readonly chunks: Chunk[],
    private readonly bm25: Bm25Index,
    private readonly vectors: VectorIndex,
    private readonly embedder: QueryEmbedder,
    private readonly mode: RetrievalMode = 'hybrid',
    private readonly expander?: TermExpander,
  ) {}

  withMode(mode: RetrievalMode): HybridRetriever {
    return new HybridRetriever(this.chunks, this.bm25, this.vectors, this.embedder, mode, this.expander);
  }

  async search(query: string, opts: SearchOptions): Promise<ScoredChunk[]> {
    const depth = Math.max(opts.k * 4, 30);
    const lang = opts.language ?? 'en';
    const accept = opts.filters ? (i: number) => { const c = this.chunks[i]; return !!c && matchesFilters(c, opts.filters); } : undefined;
    const expansion = this.expander?.expand(query, lang) ?? [];
    const expanded = [query, ...expansion].join(' ');
    const lexical = this.mode === 'vector' ? [] : this.bm25.query(query, lang, depth, accept, expansion);
    const semantic = this.mode === 'bm25' ? [] : await this.vectors.query(await this.embedder.embedQuery(expanded), depth, accept);
    const fused = fuse(this.chunks, lexical, semantic);
    // Passages in the question's language first when scores are close; English stays the fallback.
    if (lang !== 'en') for (const h of fused) if (h.chunk.language === lang) h.score *= SAME_LANGUAGE_BOOST;
    if (opts.jurisdiction) for (const h of fused) h.score *= jurisdictionFactor(h.chunk.jurisdictions, opts.jurisdiction);
    fused.sort((a, b) => b.score - a.score);
    if (opts.jurisdiction && this.mode !== 'vector') this.promoteCountryPages(fused, query, lang, opts.jurisdiction, accept, expansion);
    return fused.slice(0, opts.k);
  }

  /**
   * A question about one country must read that country's own pages: their best two passages (by BM25 within
   * those pages) go right after the best overall passage, even when survey pages outscore them on raw words.
   */
  private promoteCountryPages(fused: ScoredChunk[], query: string, lang: string, country: string, accept: ((i: number) => boolean) | undefined, expansion: string[]): void {
    const own = (i: number) => { const c = this.chunks[i]; return !!c && c.jurisdictions.length === 1 && c.jurisdictions[0] === country && (!accept || accept(i)); };
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
function jurisdictionFactor(jurisdictions: string[], wanted: string): number {
  // A page about that country alone (its programme page) beats a survey page that mentions it among others.
  if (jurisdictions.length === 1 && jurisdictions[0] === wanted) return 1.8;
  if (jurisdictions.includes(wanted)) return 1.15;
  if (jurisdictions.length && !jurisdictions.includes('INT')) return 0.6;
  return 1;
}

export function fuse(chunks: Chunk[], lexical: RankedHit[], semantic: RankedHit[]): ScoredChunk[] {
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
    e.score += FUSION.bm25 / (FUSION.k + rank + 1);
    e.bm25Rank = rank + 1;
    e.bm25Score = hit.score;
  });
  semantic.forEach((hit, rank) => {
    const e = entry(hit.index);
    if (!e) return;
    e.score += FUSION.vector / (FUSION.k + rank + 1);
    e.vectorRank = rank + 1;
    e.vectorSimilarity = hit.score;
  });
  return [...byIndex.values()].sort((a, b) => b.score - a.score);
}
