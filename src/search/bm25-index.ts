import type { Bitset } from './bitset.js';
import type { RankedHit } from './types.js';

/** Field boosts and the weight of expansion words (data/retrieval.json). */
export interface Bm25Weights { boost: { head: number; body: number; questions: number }; expansionWeight: number }

export const DEFAULT_BM25_WEIGHTS: Bm25Weights = { boost: { head: 1.5, body: 1, questions: 1.2 }, expansionWeight: 0.35 };

/** Which chunk positions a query may return: a bitset (filters) or a predicate. */
export type Accept = Bitset | ((index: number) => boolean);

export const accepts = (accept: Accept, i: number): boolean => (typeof accept === 'function' ? accept(i) : accept.has(i));

/**
 * BM25 over chunk titles and heading paths, bodies, and the sections' alternate questions (the words users ask
 * with, which the body may not use), each its own field with its own weight. Two implementations score alike:
 * FlatBm25Index (typed arrays, the service's) and MiniSearchBm25Index (the previous one: bench baseline, test oracle).
 */
export interface Bm25Index {
  /**
   * Positions of matching chunks, best first; `accept` filters by position. `expansion` words (translations,
   * glossary forms) help recall but weigh less than the question's own words, so they cannot outvote it.
   */
  query(text: string, language: string, k: number, accept?: Accept, expansion?: string[]): RankedHit[];
  /** The same index searched with other field boosts (weights are search-time options). */
  withWeights(weights: Bm25Weights): Bm25Index;
  documentCount(): number;
}
