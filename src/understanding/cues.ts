import { escapeRegExp, foldAccents } from '../answering/text.js';
import { recentMemo } from '../core/recent-memo.js';

/**
 * Phrase cues from a data file, matched on lower-cased, accent-folded text at word boundaries. A cue is a phrase;
 * `*` at a word's end matches any ending ("fine*" -> fined, fines), `…` between words allows up to five words
 * in between ("will … sign" matches "will Chile and China sign").
 */
export class CueMatcher {
  // Patterns are compiled on first use: parsing a pattern with \p{L} costs ~0.3 ms, the ~3,700 distinct cue patterns
  // were most of the service's start-up, and most single-cue patterns are never run (their words are rarely present).
  private readonly source: string | undefined;
  private reAny: RegExp | undefined;
  private reAll: RegExp | undefined;
  private readonly each: { src: string; re?: RegExp; words: number; chars: number; literals: string[] }[];

  constructor(cues: readonly string[]) {
    made.push(new WeakRef(this));
    // Longest cues first: an alternation takes its first match, and "merci beaucoup" says more than "merci".
    const parts = cues.map((c) => ({ cue: c, src: compile(c) })).filter((p) => p.src)
      .sort((a, b) => b.cue.length - a.cue.length);
    this.source = parts.length ? bounded(parts.map((p) => p.src).join('|')) : undefined;
    this.each = parts.map((p) => {
      const literal = p.cue.split(/\s+/).filter((w) => w !== '…' && w !== '...');
      return { src: bounded(p.src), words: literal.length, chars: literal.join(' ').length, literals: literalsOf(p.cue) };
    });
  }

  /** Compiles the pattern of any cue (not each cue's own): what the first question would otherwise wait for. */
  warm(): void {
    this.re?.test(' ');
  }

  private get re(): RegExp | undefined {
    return this.source === undefined ? undefined : (this.reAny ??= new RegExp(this.source, 'u'));
  }

  private get all(): RegExp | undefined {
    return this.source === undefined ? undefined : (this.reAll ??= new RegExp(this.source, 'gu'));
  }

  /**
   * How specific the best matching cue is (its own words, not the words a gap skipped; then its length): "in
   * charge" outweighs "charge", "who is in charge" outweighs "who … certify". Undefined when none matches.
   */
  specificity(text: string): number | undefined {
    if (!this.re?.test(text)) return undefined;
    let best = -1;
    // Each word of a cue appears verbatim in any text it matches: a substring check spares most regex runs.
    for (const c of this.each) {
      if (c.literals.every((l) => text.includes(l)) && one(c).test(text)) best = Math.max(best, c.words * 1000 + c.chars);
    }
    return best;
  }

  /**
   * How much the text says for these cues: the words of every matching cue whose match does not overlap a more
   * specific one, summed, then the best cue's length. "how much does it cost to apply, any fee?" says more about
   * cost (how much, cost, fee) than about applying (how ... apply). Undefined when none matches.
   */
  evidence(text: string): number | undefined {
    if (!this.re?.test(text)) return undefined;
    const found: { start: number; end: number; words: number; chars: number }[] = [];
    for (const c of this.each) {
      if (!c.literals.every((l) => text.includes(l))) continue;
      const m = one(c).exec(text);
      if (m) found.push({ start: m.index, end: m.index + m[0].length, words: c.words, chars: c.chars });
    }
    found.sort((a, b) => b.words - a.words || b.chars - a.chars);
    const kept: typeof found = [];
    for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
    return kept.reduce((s, k) => s + k.words, 0) * 1000 + (kept[0]?.chars ?? 0);
  }

  /** The first cue found in the (normalised) text, or undefined. */
  match(text: string): string | undefined {
    return this.re?.exec(text)?.[0];
  }

  test(text: string): boolean {
    return !!this.re?.test(text);
  }

  /** No cues at all: the matcher can say nothing either way. */
  get empty(): boolean {
    return this.source === undefined;
  }

  /** The text with every cue found blanked out: what else a question says. */
  strip(text: string): string {
    return this.all ? text.replace(this.all, ' ') : text;
  }
}

/** Chat shorthand, and the voseo forms of Rioplatense Spanish ("podés llamar" is "puedes llamar"). */
const SHORTHAND: Record<string, string> = {
  q: 'que', u: 'you', ur: 'your', podes: 'puedes', tenes: 'tienes', queres: 'quieres', sabes: 'sabes',
};

/**
 * The text cue matchers see: lower case, accents folded, apostrophes unified, punctuation as spaces. The question
 * and the sentences read are normalised by several matchers per ask: the last texts' forms are kept.
 */
export const cueText = recentMemo(normaliseCueText, 4096);

function normaliseCueText(text: string): string {
  const plain = foldAccents(text.toLowerCase()).replace(/[’`]/g, "'").replace(/[¿¡?!.,;:()"“”«»]/g, ' ');
  // Chat shorthand ("q paises", "can u email", "ur status") reads as the word it stands for.
  return ` ${plain.replace(/\s+/g, ' ').trim().replace(/(?<=^| )(?:q|u|ur|podes|tenes|queres)(?= |$)/g, (w) => SHORTHAND[w] ?? w)} `;
}

/**
 * A phrase cue and a word of a set within `window` words of each other, either order, in cue text ("worth … us",
 * "nos … alcanza"): one pass over the words, where a pattern per pair of them cost ~100x more per question.
 */
export class NearMatcher {
  private readonly re: RegExp | undefined;
  private readonly words: Set<string>;

  constructor(phrases: readonly string[], words: readonly string[], private readonly window: number) {
    const alternatives = phrases.map((p) => cueText(p).trim().split(' ').filter(Boolean)
      .map(wordPattern).join(' '))
      .filter(Boolean).sort((a, b) => b.length - a.length);
    this.re = alternatives.length ? new RegExp(bounded(alternatives.join('|')), 'gu') : undefined;
    this.words = new Set(words.map((w) => cueText(w).trim()));
  }

  test(text: string): boolean {
    if (!this.re) return false;
    const t = text.trim();
    const at: number[] = [];
    t.split(' ').forEach((w, i) => this.words.has(w) && at.push(i));
    if (!at.length) return false;
    for (const m of t.matchAll(this.re)) {
      const first = t.slice(0, m.index).split(' ').length - 1;
      const last = first + m[0].split(' ').length - 1;
      if (at.some((i) => (i > last && i - last <= this.window + 1) || (i < first && first - i <= this.window + 1))) return true;
    }
    return false;
  }
}

/** Every matcher made, for warmCues(). */
let made: WeakRef<CueMatcher>[] = [];

/**
 * Compiles every live matcher's pattern of any cue, `perSlice` at a time with `pause()` between slices: run after
 * the service is ready, so start-up does not wait for it and the first questions mostly do not either.
 */
export async function warmCues(pause: () => Promise<void>, perSlice = 8): Promise<number> {
  const live = made.flatMap((r) => r.deref() ?? []);
  made = live.map((m) => new WeakRef(m));
  for (let i = 0; i < live.length; i++) {
    live[i]!.warm();
    if ((i + 1) % perSlice === 0) await pause();
  }
  return live.length;
}

/** One cue's own pattern, compiled the first time its words are all in a text. */
const one = (c: { src: string; re?: RegExp }): RegExp => (c.re ??= new RegExp(c.src, 'u'));

/** A pattern matched at word boundaries (no letter or digit either side). */
const bounded = (p: string) => `(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])`;

const GAP = '(?:\\S+\\s+){0,5}?';

/** One normalised cue word as a pattern: literal, or any ending after a `*` ("fine*": fined, fines). */
function wordPattern(w: string): string {
  return `${escapeRegExp(w.replace(/\*$/, ''))}${w.endsWith('*') ? '[\\p{L}\\p{N}]*' : ''}`;
}

function compile(cue: string): string {
  // The gap mark is taken before normalising: NFKD turns "…" into dots, which normalising removes.
  const words = cue.trim().split(/\s+/).flatMap((w) => (w === '…' || w === '...' ? [GAP] : cueText(w).trim().split(' ').filter(Boolean)));
  if (!words.some((w) => w !== GAP)) return '';
  return words
    .map((w) => (w === GAP ? GAP : `${wordPattern(w)}\\s+`))
    .join('')
    .replace(/\\s\+$/, '');
}

/** The normalised words of a cue (a `*` ending cut off) exactly as compile() puts them in its pattern. */
function literalsOf(cue: string): string[] {
  return cue.trim().split(/\s+/).filter((w) => w !== '…' && w !== '...')
    .flatMap((w) => cueText(w).trim().split(' ')).filter(Boolean).map((w) => w.replace(/\*$/, '')).filter(Boolean);
}

/** Cue lists per language, as the data files hold them; "any" lists apply to every language. */
export type CueSet = Partial<Record<'any' | 'en' | 'es' | 'fr', string[]>>;

/** One matcher over every language's cues: questions mix languages ("requisitos OEA for exporters"). */
export function matcherFor(set: CueSet | undefined): CueMatcher {
  return new CueMatcher(Object.values(set ?? {}).flat());
}
