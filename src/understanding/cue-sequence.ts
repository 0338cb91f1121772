/**
 * A cue's words matched in a text without a regular expression, exactly as the cue's pattern would match them:
 * each word literal (a `*` ending takes any run of letters and digits after it), whitespace after every word but the
 * last, a gap as up to five skipped words taken as few as will do, and no letter or digit either side of the match.
 * Cue matchers try a few cues at a few places per text: a pattern per cue cost its parse and compilation (\p{L}:
 * ~0.3 ms) the first time each was tried, and most are tried rarely.
 */
export type CueElement = { word: string; star: boolean } | typeof GAP_ELEMENT;

export const GAP_ELEMENT = 'gap';

/** The most words one gap skips. */
const GAP_WORDS = 5;

/** The cue's elements from its normalised words (`gap` for a gap). */
export function cueElements(words: readonly string[], gap: string): CueElement[] {
  return words.map((w) => (w === gap ? GAP_ELEMENT : { word: w.replace(/\*$/, ''), star: w.endsWith('*') }));
}

/** Where a match of the cue starting at `start` ends, or -1 when none starts there. */
export function cueEnd(elements: readonly CueElement[], text: string, start: number): number {
  if (wordCharBefore(text, start)) return -1;
  return rest(elements, 0, text, start);
}

/** The leftmost match of the cue in the text, or undefined. */
export function leftmostCue(elements: readonly CueElement[], text: string): { start: number; end: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    if (midPair(text, i)) continue;
    const end = cueEnd(elements, text, i);
    if (end >= 0) return { start: i, end };
  }
  return undefined;
}

function rest(elements: readonly CueElement[], j: number, text: string, pos: number): number {
  if (j === elements.length) return wordCharAt(text, pos) ? -1 : pos;
  const e = elements[j]!;
  if (e === GAP_ELEMENT) return gap(elements, j, text, pos, 0);
  if (!text.startsWith(e.word, pos)) return -1;
  const after = pos + e.word.length;
  const last = j === elements.length - 1;
  // Greedy, as the pattern's quantifiers: the longest run first, then shorter ones.
  for (let q = e.star ? runEnd(text, after, wordCharAt) : after; q >= after; q--) {
    if (midPair(text, q)) continue;
    if (last) {
      const r = rest(elements, j + 1, text, q);
      if (r >= 0) return r;
      continue;
    }
    for (let s = runEnd(text, q, spaceAt); s > q; s--) {
      const r = rest(elements, j + 1, text, s);
      if (r >= 0) return r;
    }
  }
  return -1;
}

/** A gap: as few skipped words as will do (none first), each a run of non-space then of space. */
function gap(elements: readonly CueElement[], j: number, text: string, pos: number, skipped: number): number {
  const r = rest(elements, j + 1, text, pos);
  if (r >= 0 || skipped === GAP_WORDS) return r;
  for (let a = runEnd(text, pos, nonSpaceAt); a > pos; a--) {
    if (midPair(text, a)) continue;
    for (let b = runEnd(text, a, spaceAt); b > a; b--) {
      const g = gap(elements, j, text, b, skipped + 1);
      if (g >= 0) return g;
    }
  }
  return -1;
}

/** The end of the run of characters from `pos` that `is` accepts (pos itself when none). */
function runEnd(text: string, pos: number, is: (text: string, i: number) => boolean): number {
  let i = pos;
  while (i < text.length && is(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** A letter or digit starts at i (the code point there, not half of it). */
function wordCharAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** A letter or digit ends just before i. */
function wordCharBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  return wordCharAt(text, i >= 2 && midPair(text, i - 1) ? i - 2 : i - 1);
}

function spaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && SPACE.test(text[i]!));
}

function nonSpaceAt(text: string, i: number): boolean {
  return !spaceAt(text, i);
}

/** i is the second half of a surrogate pair: no match starts or ends there. */
function midPair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xdc00 || c > 0xdfff || i === 0) return false;
  const p = text.charCodeAt(i - 1);
  return p >= 0xd800 && p <= 0xdbff;
}
