import MiniSearch from 'minisearch';
import type { Chunk } from '../knowledge/types.js';
import { analyze, analyzeQuery } from './analyzer.js';
import { languageByFunctionWords } from '../i18n/function-words.js';
import type { RankedHit } from './types.js';

/** Field boosts and the weight of expansion words (data/retrieval.json). */
export interface Bm25Weights { boost: { head: number; body: number; questions: number }; expansionWeight: number }

export const DEFAULT_BM25_WEIGHTS: Bm25Weights = { boost: { head: 1.5, body: 1, questions: 1.2 }, expansionWeight: 0.35 };

interface Bm25Doc { id: number; head: string; body: string; questions: string }

// Text is analysed before MiniSearch sees it (per-document language), so its own tokenizer only splits on spaces.
const options = (w: Bm25Weights) => ({
  fields: ['head', 'body', 'questions'],
  tokenize: (s: string) => s.split(' ').filter(Boolean),
  processTerm: (t: string) => t,
  searchOptions: { boost: w.boost, combineWith: 'OR' as const },
});

/**
 * BM25 over chunk titles and heading paths, bodies, and the sections' alternate questions (the words users ask
 * with, which the body may not use), each its own field with its own weight.
 */
export class Bm25Index {
  private constructor(private readonly search: MiniSearch<Bm25Doc>, private readonly weights: Bm25Weights) {}

  static build(chunks: Chunk[], weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): Bm25Index {
    const ms = new MiniSearch<Bm25Doc>(options(weights));
    ms.addAll(
      chunks.map((c, id) => ({
        id,
        head: analyze([c.title, ...c.headings].join(' '), c.language).join(' '),
        body: analyze(c.text, c.language).join(' '),
        // Alternate questions mix languages: each is stemmed as the language it is written in.
        questions: (c.questions ?? []).flatMap((q) => analyze(q, languageByFunctionWords(q) ?? c.language)).join(' '),
      })),
    );
    return new Bm25Index(ms, weights);
  }

  static fromJSON(json: string, weights: Bm25Weights = DEFAULT_BM25_WEIGHTS): Bm25Index {
    return new Bm25Index(MiniSearch.loadJSON<Bm25Doc>(json, options(weights)), weights);
  }

  /** The same index searched with other field boosts (weights are search-time options). */
  withWeights(weights: Bm25Weights): Bm25Index {
    return new Bm25Index(this.search, weights);
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  /**
   * Positions of matching chunks, best first; `accept` filters by position. `expansion` words (translations,
   * glossary forms) help recall but weigh less than the question's own words, so they cannot outvote it.
   */
  query(text: string, language: string, k: number, accept?: (index: number) => boolean, expansion: string[] = []): RankedHit[] {
    const own = analyzeQuery(text, language);
    const extra = analyzeQuery(expansion.join(' '), 'en').filter((t) => !own.includes(t));
    const terms = [...own, ...extra];
    if (!terms.length) return [];
    const ownSet = new Set(own);
    const results = this.search.search(terms.join(' '), {
      boost: this.weights.boost,
      ...(accept ? { filter: (r) => accept(r.id as number) } : {}),
      boostTerm: (term) => (ownSet.has(term) ? 1 : this.weights.expansionWeight),
    });
    return results.slice(0, k).map((r) => ({ index: r.id as number, score: r.score }));
  }

  /** Number of indexed chunks containing the analysed term: for IDF-weighted coverage. */
  documentCount(): number {
    return this.search.documentCount;
  }
}
