import type { Chunk } from '../knowledge/types.js';
import { languageByFunctionWords } from '../i18n/function-words.js';
import { analyze, analyzeQuery } from './analyzer.js';

/** The indexed fields, in the order their scores are summed (the order matters for bit-identical scores). */
export const BM25_FIELDS = ['head', 'body', 'questions'] as const;
export type Bm25Field = (typeof BM25_FIELDS)[number];

/** One chunk's analysed fields: space-joined stems. */
export type Bm25Doc = Record<Bm25Field, string>;

/** Text is analysed before indexing (per-document language), so tokenizing only splits on spaces. */
export const splitTerms = (s: string): string[] => s.split(' ').filter(Boolean);

/** Titles and heading paths, bodies, and the sections' alternate questions, each analysed in its own language. */
export function bm25Doc(c: Chunk): Bm25Doc {
  return {
    head: analyze([c.title, ...c.headings].join(' '), c.language).join(' '),
    body: analyze(c.text, c.language).join(' '),
    // Alternate questions mix languages: each is stemmed as the language it is written in.
    questions: (c.questions ?? []).flatMap((q) => analyze(q, languageByFunctionWords(q) ?? c.language)).join(' '),
  };
}

/** Query terms with their weights: the question's own words 1, expansion words (translations, glossary) less. */
export interface WeightedTerms { terms: string[]; boost: (term: string) => number }

export function queryTerms(text: string, language: string, expansion: string[], expansionWeight: number): WeightedTerms {
  const own = analyzeQuery(text, language);
  const extra = analyzeQuery(expansion.join(' '), 'en').filter((t) => !own.includes(t));
  const ownSet = new Set(own);
  return { terms: splitTerms([...own, ...extra].join(' ')), boost: (t) => (ownSet.has(t) ? 1 : expansionWeight) };
}
