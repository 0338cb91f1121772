import { codeCandidate } from './code-tokens.js';
import { ARTICLES, PAIR_GAP } from './domain-words.js';
import type { NameEntry, NameTable, Via } from './name-table.js';
import { ORDINARY_WORDS } from './ordinary-words.js';
import { joinsName, type WordToken } from './word-tokens.js';

/** A run of tokens naming one or more jurisdictions. */
export interface Span {
  /** Token indexes, inclusive. */
  first: number;
  last: number;
  codes: string[];
  via: Via;
  /** A word-like code or name in lower case ("pe", "us"): kept only if a pair around an MRA word confirms it. */
  weak: boolean;
}

/** The apostrophe after an elided French or Spanish word ("s'est", "l'OEA", "d'Aduanas"). */
const ELISION = /['’]/;

/** Left to right, longest name first; a token no name starts may still be a code. */
export function scanSpans(text: string, tokens: WordToken[], table: NameTable, shouting: boolean): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; ) {
    const span = longestName(text, tokens, table, i, shouting);
    const token = tokens[i];
    if (span) {
      spans.push(span);
      i = span.last + 1;
      continue;
    }
    const code = token ? codeCandidate(token, tokens[i - 1], shouting, tokens[i + 1]) : undefined;
    // "and" (Andorra's ISO-3) and "la" (Laos) in lower case join or introduce names; they are never the name.
    const joiner = token && !code?.strong && (PAIR_GAP.test(token.raw) || ARTICLES.has(token.norm));
    if (code && !joiner) spans.push({ first: i, last: i, codes: [code.code], via: 'code', weak: !code.strong });
    else if (token && !code) {
      const typo = table.corrected(token.norm);
      if (typo) spans.push({ first: i, last: i, codes: typo.codes, via: typo.via, weak: false });
    }
    i++;
  }
  return spans;
}

function longestName(text: string, tokens: WordToken[], table: NameTable, i: number, shouting: boolean): Span | undefined {
  let best: Span | undefined;
  let weak: Span | undefined;
  let phrase = '';
  for (let j = i; j < tokens.length && j - i < table.maxWords; j++) {
    const t = tokens[j] as WordToken;
    const prev = tokens[j - 1];
    if (j > i && prev && !joinsName(text.slice(prev.end, t.start), prev)) break;
    // "OEA s'est tenue" is "OEA" then an elided "se", not Brazil's "OEA-S".
    if (j > i && t.raw.length === 1 && ELISION.test(text.charAt(t.end))) break;
    phrase = j === i ? t.norm : `${phrase} ${t.norm}`;
    if (!table.hasPrefix(phrase)) break;
    const e = table.get(phrase);
    if (!e) continue;
    if (casingFits(e, tokens, i, j, shouting)) best = span(e, i, j, false);
    else if (j === i) weak = span(e, i, j, true);
  }
  // "C-TPAT" typed where the page says only "CTPAT", or "c tpat": the first two tokens joined.
  const a = tokens[i];
  const b = tokens[i + 1];
  // With a space between, two everyday words are two words ("ready to go" names no Togo).
  const gap = a && b ? text.slice(a.end, b.start) : '';
  const words = !!a && !!b && gap !== '-' && ORDINARY_WORDS.has(a.norm) && ORDINARY_WORDS.has(b.norm);
  if ((!best || best.last === i) && a && b && a.norm.length <= 2 && /^[\s-]?$/.test(gap) && !words) {
    const e = table.get(a.norm + b.norm);
    if (e && casingFits(e, tokens, i, i + 1, shouting)) best = span(e, i, i + 1, false);
  }
  return best ?? weak;
}

function span(e: NameEntry, first: number, last: number, weak: boolean): Span {
  return { first, last, codes: e.codes, via: e.via, weak };
}

function casingFits(e: NameEntry, tokens: WordToken[], i: number, j: number, shouting: boolean): boolean {
  if (e.caps === 'any') return true;
  if (shouting) return false;
  if (e.caps === 'initial') return tokens[i]?.initialCap ?? false;
  for (let k = i; k <= j; k++) if (!tokens[k]?.caps) return false;
  return true;
}
