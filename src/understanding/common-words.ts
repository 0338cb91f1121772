import type { Lexicon } from '../i18n/lexicon.js';

/**
 * Words frequent enough in the word-vector corpus to be real words, not slips: its vocabulary also holds common
 * misspellings ("canda", "guatamala") far down the frequency ranks, and real words such as "begin" near the top.
 */
const COMMON_RANK = 20_000;

/** Is a lower-case, accent-folded word an ordinary word, so never a mistyped name? */
export function commonWords(rank: (word: string) => number | undefined, lexicon: Lexicon): (word: string) => boolean {
  const known = new Set(['en', 'es', 'fr'].flatMap((l) => lexicon.keys(l)));
  return (word) => known.has(word) || (rank(word) ?? Infinity) < COMMON_RANK;
}
