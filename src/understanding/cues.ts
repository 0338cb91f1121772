import { foldAccents } from '../answering/text.js';

/**
 * Phrase cues from a data file, matched on lower-cased, accent-folded text at word boundaries. A cue is a phrase;
 * `*` at a word's end matches any ending ("fine*" -> fined, fines), `…` between words allows up to five words
 * in between ("will … sign" matches "will Chile and China sign").
 */
export class CueMatcher {
  private readonly re: RegExp | undefined;
  private readonly each: RegExp[];

  constructor(cues: readonly string[]) {
    const parts = cues.map(compile).filter(Boolean);
    const bounded = (p: string, flags: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])`, flags);
    this.re = parts.length ? bounded(parts.join('|'), 'u') : undefined;
    this.each = parts.map((p) => bounded(p, 'u'));
  }

  /** The longest text any one cue matches: a more specific cue ("in charge") outweighs a shorter one ("charge"). */
  longest(text: string): string | undefined {
    if (!this.re?.test(text)) return undefined;
    let best: string | undefined;
    for (const re of this.each) {
      const m = re.exec(text)?.[0];
      if (m && (!best || m.length > best.length)) best = m;
    }
    return best;
  }

  /** The first cue found in the (normalised) text, or undefined. */
  match(text: string): string | undefined {
    return this.re?.exec(text)?.[0];
  }

  test(text: string): boolean {
    return !!this.re?.test(text);
  }
}

/** The text cue matchers see: lower case, accents folded, apostrophes unified, punctuation as spaces. */
export function cueText(text: string): string {
  return ` ${foldAccents(text.toLowerCase()).replace(/[’`]/g, "'").replace(/[¿¡?!.,;:()"“”«»]/g, ' ').replace(/\s+/g, ' ').trim()} `;
}

const GAP = '(?:\\S+\\s+){0,5}?';

function compile(cue: string): string {
  // The gap mark is taken before normalising: NFKD turns "…" into dots, which normalising removes.
  const words = cue.trim().split(/\s+/).flatMap((w) => (w === '…' || w === '...' ? [GAP] : cueText(w).trim().split(' ').filter(Boolean)));
  if (!words.some((w) => w !== GAP)) return '';
  return words
    .map((w) => (w === GAP ? GAP : `${escape(w.replace(/\*$/, ''))}${w.endsWith('*') ? '[\\p{L}\\p{N}]*' : ''}\\s+`))
    .join('')
    .replace(/\\s\+$/, '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Cue lists per language, as the data files hold them; "any" lists apply to every language. */
export type CueSet = Partial<Record<'any' | 'en' | 'es' | 'fr', string[]>>;

/** One matcher over every language's cues: questions mix languages ("requisitos OEA for exporters"). */
export function matcherFor(set: CueSet | undefined): CueMatcher {
  return new CueMatcher(Object.values(set ?? {}).flat());
}
