import MiniSearch from 'minisearch';
import type { Chunk } from '../knowledge/types.js';
import { analyze, analyzeQuery } from './analyzer.js';
import type { RankedHit } from './types.js';

const EXPANSION_WEIGHT = 0.35;

interface Bm25Doc { id: number; head: string; body: string }

// Text is analysed before MiniSearch sees it (per-document language), so its own tokenizer only splits on spaces.
const OPTIONS = {
  fields: ['head', 'body'],
  tokenize: (s: string) => s.split(' ').filter(Boolean),
  processTerm: (t: string) => t,
  searchOptions: { boost: { head: 1.5 }, combineWith: 'OR' as const },
};

/** BM25 over chunk titles, heading paths and bodies. */
export class Bm25Index {
  private constructor(private readonly search: MiniSearch<Bm25Doc>) {}

  static build(chunks: Chunk[]): Bm25Index {
    const ms = new MiniSearch<Bm25Doc>(OPTIONS);
    ms.addAll(
      chunks.map((c, id) => ({
        id,
        head: analyze([c.title, ...c.headings].join(' '), c.language).join(' '),
        body: analyze(c.text, c.language).join(' '),
      })),
    );
    return new Bm25Index(ms);
  }

  static fromJSON(json: string): Bm25Index {
    return new Bm25Index(MiniSearch.loadJSON<Bm25Doc>(json, OPTIONS));
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
      ...(accept ? { filter: (r) => accept(r.id as number) } : {}),
      boostTerm: (term) => (ownSet.has(term) ? 1 : EXPANSION_WEIGHT),
    });
    return results.slice(0, k).map((r) => ({ index: r.id as number, score: r.score }));
  }

  /** Number of indexed chunks containing the analysed term: for IDF-weighted coverage. */
  documentCount(): number {
    return this.search.documentCount;
  }
}
