import type { Bm25Index } from '../search/bm25-index.js';
import type { Chunk } from '../knowledge/types.js';

/** How clearly the pages of one jurisdiction must match a question for a shared name to mean that one. */
export interface SharedNameData {
  /** The best page of the winner scores at least this many times the best page of any other jurisdiction. */
  margin: number;
  /** How many passages are read to compare them. */
  depth: number;
}

/** A passage of the index that belongs to one jurisdiction, with its lexical score for a text. */
export interface JurisdictionHit { jurisdiction: string; score: number }

/**
 * Settles a name several jurisdictions share ("SAT": Mexico and Guatemala) by the rest of the question: with the
 * shared name taken out, the question's other words ("Ley Aduanera", "artículo 100-A") match one candidate's own
 * pages clearly better than any other jurisdiction's. Words every programme page shares ("OEA", "beneficios")
 * settle nothing, so "SAT OEA beneficios?" still asks which one.
 */
export function settleSharedName(
  text: string, shared: string, candidates: string[], hits: (text: string) => JurisdictionHit[], data: SharedNameData,
): string | undefined {
  const rest = text.split(shared).join(' ').trim();
  if (!rest) return undefined;
  const best = new Map<string, number>();
  for (const h of hits(rest)) best.set(h.jurisdiction, Math.max(best.get(h.jurisdiction) ?? 0, h.score));
  const ranked = [...best].sort((a, b) => b[1] - a[1]);
  const [top, next] = ranked;
  if (!top || !candidates.includes(top[0])) return undefined;
  return !next || top[1] >= data.margin * next[1] ? top[0] : undefined;
}

/** The index's passages of one jurisdiction each, best BM25 first, for `text` in `language`. */
export function lexicalPageHits(
  index: { chunks: Chunk[]; bm25: Bm25Index }, depth: number,
): (text: string, language: string) => JurisdictionHit[] {
  return (text, language) => index.bm25.query(text, language, depth).flatMap((h) => {
    const own = index.chunks[h.index]?.jurisdictions;
    return own?.length === 1 && own[0] ? [{ jurisdiction: own[0], score: h.score }] : [];
  });
}
