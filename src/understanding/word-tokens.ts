import { foldAccents } from '../answering/text.js';

/** One word of the question with its place, as the jurisdiction matcher needs it. */
export interface WordToken {
  /** As written. */
  raw: string;
  /** Lower-cased, accents folded: the form names are stored in. */
  norm: string;
  start: number;
  end: number;
  /** Every letter upper-case ("SAT", "KR"): acronyms and codes that are also words count only so. */
  caps: boolean;
  /** Starts with an upper-case letter ("Wakanda", "Perú"). */
  initialCap: boolean;
  numeric: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Splits on everything that is not a letter or digit, as `normalizeName` does for stored names, so "C-TPAT",
 * "U.S." and "jp - tw" line up with "c tpat", "u s" and "jp", "tw". The possessive "'s" is dropped: "Canada's"
 * names Canada, and "we're" names no Réunion (RE).
 */
export function wordTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index ?? 0;
    // English contractions ("Canada's", "we're", "don't", "I'll") end a word; they never name anything.
    if (/^(?:s|re|ve|ll|d|m|t)$/i.test(raw) && /\p{L}['’]$/u.test(text.slice(0, start))) continue;
    const letters = raw.replace(/[^\p{L}]/gu, '');
    out.push({
      raw,
      norm: foldAccents(raw.toLowerCase()),
      start,
      end: start + raw.length,
      caps: letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
      initialCap: /^\p{Lu}/u.test(raw),
      numeric: /^\p{N}+$/u.test(raw),
    });
  }
  return out;
}

/**
 * Written in capitals throughout ("IS IT IN FORCE?"): then capitals say nothing, and word-like codes and acronyms
 * are read as the words they also are.
 */
export function isShouting(tokens: WordToken[]): boolean {
  const lettered = tokens.filter((t) => !t.numeric);
  return lettered.length >= 3 && lettered.every((t) => t.caps);
}

/**
 * Text between two tokens can join one name only if it holds no clause break; a full stop after a single letter is an
 * abbreviation ("U.S. Customs"), not a break.
 */
export function joinsName(gap: string, previous: WordToken): boolean {
  if (/[?!;:()[\]\n"“”«»]|,\s/.test(gap)) return false;
  return !/\.\s/.test(gap) || previous.raw.length === 1;
}
