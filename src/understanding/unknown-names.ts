import { ARTICLES, CLAUSE_END_SLOT_WORDS, GENERIC_WORDS, NOT_PLACES, PAIR_GAP, SLOT_WORDS } from './domain-words.js';
import type { Span } from './name-scan.js';
import { ORDINARY_WORDS } from './ordinary-words.js';
import { joinsName, type WordToken } from './word-tokens.js';

/** Lower-case words allowed inside a name between capitalised ones ("Republic of Wakanda", "Islas de la Bahía"). */
const CONNECTORS = new Set(['of', 'de', 'del', 'la', 'da', 'du', 'des', 'and']);

/**
 * Capitalised names standing where a jurisdiction goes that no table knows: after "with", "between", "con",
 * "entre", "avec", "vs"; after "in"/"en"/"au" when the name ends the clause; or joined as a pair to a known one
 * ("Japan and Wakanda"). Function words, domain words, languages and months are never such names, so "¿la Alianza
 * del Pacífico...?" and "in English" name nobody unknown.
 */
export function unknownNames(text: string, tokens: WordToken[], spans: Span[], shouting: boolean): string[] {
  // In a text written all in capitals nothing stands out as a name.
  if (shouting) return [];
  const covered = new Uint8Array(tokens.length);
  const endsSpan = new Uint8Array(tokens.length);
  for (const s of spans) {
    for (let k = s.first; k <= s.last; k++) covered[k] = 1;
    endsSpan[s.last] = 1;
  }
  const isNameWord = (k: number) => {
    const t = tokens[k];
    if (!t || covered[k] || !t.initialCap || t.numeric || t.norm.length < 3) return false;
    return !(GENERIC_WORDS.has(t.norm) || NOT_PLACES.has(t.norm) || ORDINARY_WORDS.has(t.norm) || ARTICLES.has(t.norm));
  };
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (!isNameWord(k)) continue;
    let last = k;
    for (let j = k + 1; j < tokens.length; j++) {
      const prev = tokens[j - 1] as WordToken;
      if (!joinsName(text.slice(prev.end, tokens[j]?.start), prev)) break;
      if (isNameWord(j)) last = j;
      else if (!CONNECTORS.has(tokens[j]?.norm ?? '')) break;
    }
    const slot = slotBefore(text, tokens, k, endsSpan);
    const after = text.slice(tokens[last]?.end ?? 0);
    const endsClause = /^\s*(?:[?.!]|$)/.test(after);
    const pairsWithKnown = spans.some((s) => s.first > last && PAIR_GAP.test(text.slice(tokens[last]?.end, tokens[s.first]?.start)));
    if (slot === 'any' || (slot === 'clause' && endsClause) || pairsWithKnown) {
      out.push(text.slice(tokens[k]?.start, tokens[last]?.end));
    }
    k = last;
  }
  return [...new Set(out)];
}

/** What stands before token k, articles skipped: a slot word, a clause-end slot word, or a known name and "and". */
function slotBefore(text: string, tokens: WordToken[], k: number, endsSpan: Uint8Array): 'any' | 'clause' | undefined {
  let p = k - 1;
  while (p >= 0 && ARTICLES.has(tokens[p]?.norm ?? '')) p--;
  const prev = tokens[p];
  if (!prev) return undefined;
  if (!joinsName(text.slice(prev.end, tokens[k]?.start), prev)) return undefined;
  if (SLOT_WORDS.has(prev.norm)) return 'any';
  if (CLAUSE_END_SLOT_WORDS.has(prev.norm)) return 'clause';
  if (['and', 'y', 'e', 'et'].includes(prev.norm) && endsSpan[p - 1]) return 'any';
  if (endsSpan[p] && /^\s*[-‐–—/&]\s*$/.test(text.slice(prev.end, tokens[k]?.start))) return 'any';
  return undefined;
}
