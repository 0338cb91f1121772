import type { SearchFilters } from '../core/answer.js';
import type { Chunk } from '../knowledge/types.js';

export interface ScoredChunk {
  chunk: Chunk;
  /** Fused score (reciprocal rank fusion). */
  score: number;
  bm25Rank?: number;
  bm25Score?: number;
  vectorRank?: number;
  /** Cosine similarity of query and chunk vectors. */
  vectorSimilarity?: number;
}

export interface SearchOptions {
  k: number;
  filters?: SearchFilters;
  /** Language of the question, for query analysis. */
  language?: string;
  /** The country or union the question is about: its passages rank higher, other countries' lower. */
  jurisdiction?: string;
}

/** One ranked list of chunk positions, best first. */
export interface RankedHit { index: number; score: number }

export function matchesFilters(chunk: Chunk, filters?: SearchFilters): boolean {
  if (!filters) return true;
  const { jurisdictions, topics, languages } = filters;
  if (jurisdictions?.length && !chunk.jurisdictions.some((j) => jurisdictions.includes(j))) return false;
  if (topics?.length && !chunk.topics.some((t) => topics.includes(t))) return false;
  if (languages?.length && !languages.includes(chunk.language)) return false;
  return true;
}
