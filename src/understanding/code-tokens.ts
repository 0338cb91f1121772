import { countries, isKnownPartyCode } from '../knowledge/countries.js';
import { DOMAIN_TERMS } from './domain-words.js';
import { CAPS_ABBREVIATIONS, ORDINARY_WORDS } from './ordinary-words.js';
import type { WordToken } from './word-tokens.js';

/** An ISO-2 / ISO-3 code as written; `strong` ones count alone, weak ones only inside a pair around an MRA word. */
export interface CodeCandidate { code: string; strong: boolean }

/**
 * "mx", "KOR", "JPN" are codes; "in", "es", "per" are words unless written in capitals (and the text is not all in
 * capitals); "AI", "ID" in capitals are still abbreviations; "10 KG" and "PG.29" are a unit and a reference. Domain acronyms that are also ISO-3
 * codes (ARM, CAN) are never codes here.
 */
export function codeCandidate(t: WordToken, previous: WordToken | undefined, shouting: boolean, next?: WordToken): CodeCandidate | undefined {
  if (t.raw.length < 2 || t.raw.length > 3 || !/^\p{L}+$/u.test(t.raw) || DOMAIN_TERMS.has(t.norm)) return undefined;
  if (previous?.numeric && previous.end >= t.start - 1) return undefined;
  // "DESPA-PG.29", "IN-2020/05": letters glued to a number are part of a reference, not a country code.
  if (next?.numeric && next.start <= t.end + 1) return undefined;
  const upper = t.norm.toUpperCase();
  const code = upper.length === 2 ? (isKnownPartyCode(upper) ? upper : undefined) : countries.alpha3ToAlpha2(upper);
  if (!code) return undefined;
  const wordlike = ORDINARY_WORDS.has(t.norm);
  if (t.caps && !shouting) return { code, strong: !(upper.length === 2 && CAPS_ABBREVIATIONS.has(upper)) };
  return { code, strong: !wordlike };
}
