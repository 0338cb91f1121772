import { MRA_WORDS, PAIR_GAP } from './domain-words.js';
import type { Span } from './name-scan.js';
import type { WordToken } from './word-tokens.js';

/** How far from a pair an MRA word may stand: "mra between pe and co", "pe - co mra?", "the us/ca aeo mra". */
const MRA_WINDOW = 3;

/** Two spans next to each other, joined by "-", "/", "and", "y", "et", "vs"... */
export function joinedAsPair(text: string, tokens: WordToken[], a: Span, b: Span): boolean {
  const end = tokens[a.last]?.end ?? 0;
  const start = tokens[b.first]?.start ?? 0;
  return start > end && PAIR_GAP.test(text.slice(end, start));
}

/**
 * Word-like codes ("pe", "co", "us") count only when written as a pair next to an MRA word ("pe - co mra"), and a
 * lower-case programme name only so or when paired with a sure name ("ctpat vs pip"); any other weak span is
 * dropped, so "is it in force and do we..." names nobody.
 */
export function confirmWeak(text: string, tokens: WordToken[], spans: Span[]): Span[] {
  const keep = spans.map((s) => !s.weak);
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k] as Span;
    const b = spans[k + 1] as Span;
    if (!(a.weak || b.weak) || !joinedAsPair(text, tokens, a, b)) continue;
    // "ctpat vs pip": a lower-case programme name paired with a sure one is a programme too, MRA word or not.
    const pairedName = !(a.weak && b.weak) && (a.weak ? a : b).via !== 'code';
    if (!pairedName && !nearMraWord(tokens, a.first, b.last)) continue;
    keep[k] = true;
    keep[k + 1] = true;
  }
  return spans.filter((_, k) => keep[k]).map((s) => (s.weak ? { ...s, weak: false } : s));
}

function nearMraWord(tokens: WordToken[], first: number, last: number): boolean {
  for (let d = 1; d <= MRA_WINDOW; d++) {
    if (MRA_WORDS.has(tokens[first - d]?.norm ?? '') || MRA_WORDS.has(tokens[last + d]?.norm ?? '')) return true;
  }
  return false;
}

/** True when two different jurisdictions are written as a pair: "A and B", "A-B", "entre A y B", "A et B". */
export function writtenAsPair(text: string, tokens: WordToken[], spans: Span[]): boolean {
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k] as Span;
    const b = spans[k + 1] as Span;
    if (a.codes.join() !== b.codes.join() && joinedAsPair(text, tokens, a, b)) return true;
  }
  return false;
}
