import { escapeRegExp, foldAccents } from '../answering/text.js';
import { recentMemo } from '../core/recent-memo.js';
import { cueElements, cueEnd, GAP_ELEMENT, leftmostCue, type CueElement } from './cue-sequence.js';

/**
 * Phrase cues from a data file, matched on lower-cased, accent-folded text at word boundaries. A cue is a phrase;
 * `*` at a word's end matches any ending ("fine*" -> fined, fines), `…` between words allows up to five words
 * in between ("will … sign" matches "will Chile and China sign").
 */
export class CueMatcher {
  // The pattern of any cue is compiled on first use (parsing a pattern with \p{L} costs ~0.3 ms, and these were most
  // of the service's start-up); which cues match, and where, is read without patterns (found()).
  private readonly source: string | undefined;
  private reAny: RegExp | undefined;
  private reAll: RegExp | undefined;
  private readonly each: Cue[];
  private byWord: WordIndex | undefined;

  constructor(cues: readonly string[]) {
    made.push(new WeakRef(this));
    // Longest cues first: an alternation takes its first match, and "merci beaucoup" says more than "merci".
    const parts = cues.map((c) => ({ cue: c, words: cueWords(c) })).filter((p) => p.words.some((w) => w !== GAP))
      .sort((a, b) => b.cue.length - a.cue.length);
    this.source = parts.length ? bounded(parts.map((p) => compile(p.words)).join('|')) : undefined;
    this.each = parts.map((p) => {
      const literal = p.cue.split(/\s+/).filter((w) => w !== '…' && w !== '...');
      return { elements: cueElements(p.words, GAP), words: literal.length, chars: literal.join(' ').length };
    });
  }

  /** Compiles the pattern of any cue and indexes the cues by first word: what the first question would wait for. */
  warm(): void {
    this.re?.test(' ');
    this.index();
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
    for (const c of this.found(text).keys()) best = Math.max(best, this.each[c]!.words * 1000 + this.each[c]!.chars);
    return best;
  }

  /**
   * How much the text says for these cues: the words of every matching cue whose match does not overlap a more
   * specific one, summed, then the best cue's length. "how much does it cost to apply, any fee?" says more about
   * cost (how much, cost, fee) than about applying (how ... apply). Undefined when none matches.
   */
  evidence(text: string): number | undefined {
    if (!this.re?.test(text)) return undefined;
    const found = [...this.found(text)].sort((a, b) => a[0] - b[0])
      .map(([c, m]) => ({ ...m, words: this.each[c]!.words, chars: this.each[c]!.chars }));
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

  /**
   * Each matching cue's leftmost match. A match starts where a word (a run of letters and digits) starts, unless the
   * cue's first word begins with neither: only the cues whose first word is that word (or, ending in `*`, begins it)
   * are tried, there, by cue-sequence.ts. Checking every cue's words as substrings of the text, then compiling and
   * running its own pattern, was ~7% of an ask (the facet classifier weighs ~20 matchers per question).
   */
  private found(text: string): Map<number, { start: number; end: number }> {
    const out = new Map<number, { start: number; end: number }>();
    const index = this.index();
    const tryAt = (c: number, start: number) => {
      if (out.has(c)) return;
      const end = cueEnd(this.each[c]!.elements, text, start);
      if (end >= 0) out.set(c, { start, end });
    };
    for (const { start, word, keys } of wordsOf(text)) {
      for (const c of index.exact.get(word) ?? NONE) tryAt(c, start);
      for (const k of index.keyLengths) {
        for (const p of index.prefix.get(keys[k]!) ?? NONE_PREFIX) if (word.startsWith(p.lead)) tryAt(p.cue, start);
      }
    }
    for (const c of index.anywhere) {
      const m = out.has(c) ? undefined : leftmostCue(this.each[c]!.elements, text);
      if (m) out.set(c, m);
    }
    return out;
  }

  private index(): WordIndex {
    if (this.byWord) return this.byWord;
    const index: WordIndex = { exact: new Map(), prefix: new Map(), anywhere: [], keyLengths: [] };
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
    this.each.forEach(({ elements: [first] }, c) => {
      const lead = first && first !== GAP_ELEMENT ? LEAD.exec(first.word)?.[0] : undefined;
      if (!first || first === GAP_ELEMENT || !lead) index.anywhere.push(c);
      else if (first.star && lead === first.word) add(index.prefix, lead.slice(0, PREFIX_KEY), { lead, cue: c });
      else add(index.exact, lead, c);
    });
    index.keyLengths = [...new Set([...index.prefix.keys()].map((k) => k.length))];
    return (this.byWord = index);
  }
}

interface Cue { elements: CueElement[]; words: number; chars: number }

/**
 * Cues by their first word's leading letters and digits: `exact` when a match's first word must be just that (the
 * cue's word ends there, or goes on with punctuation: "c-tpat" starts at the word "c"), `prefix` when any word
 * starting so will do ("fine*"), `anywhere` when it starts with neither or with a gap.
 */
interface WordIndex {
  exact: Map<string, number[]>;
  /** By the first PREFIX_KEY characters of the cue's word (all of a shorter one). */
  prefix: Map<string, { lead: string; cue: number }[]>;
  /** The lengths of those keys. */
  keyLengths: number[];
  anywhere: number[];
}

const PREFIX_KEY = 3;
const NONE: readonly number[] = [];
const NONE_PREFIX: readonly { lead: string; cue: number }[] = [];
const LEAD = /^[\p{L}\p{N}]+/u;

/**
 * Where each word (a run of letters and digits) of a text starts, with its first 1..PREFIX_KEY characters (`keys[k]`,
 * up to its length) for the prefix look-ups: the texts weighed recur across matchers.
 */
const wordsOf = recentMemo((text: string) => [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
  start: m.index, word: m[0], keys: Array.from({ length: PREFIX_KEY + 1 }, (_, k) => (k && k <= m[0].length ? m[0].slice(0, k) : '')),
})), 4096);

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

/** A pattern matched at word boundaries (no letter or digit either side). */
const bounded = (p: string) => `(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])`;

const GAP = '(?:\\S+\\s+){0,5}?';

/** One normalised cue word as a pattern: literal, or any ending after a `*` ("fine*": fined, fines). */
function wordPattern(w: string): string {
  return `${escapeRegExp(w.replace(/\*$/, ''))}${w.endsWith('*') ? '[\\p{L}\\p{N}]*' : ''}`;
}

/** The pattern one cue stands for (on normalised text): what cue-sequence.ts matches without it. */
export function cuePattern(cue: string): RegExp {
  return new RegExp(bounded(compile(cueWords(cue))), 'u');
}

/** A cue's normalised words as its pattern has them, a gap as GAP. */
function cueWords(cue: string): string[] {
  // The gap mark is taken before normalising: NFKD turns "…" into dots, which normalising removes.
  return cue.trim().split(/\s+/).flatMap((w) => (w === '…' || w === '...' ? [GAP] : cueText(w).trim().split(' ').filter(Boolean)));
}

function compile(words: string[]): string {
  return words
    .map((w) => (w === GAP ? GAP : `${wordPattern(w)}\\s+`))
    .join('')
    .replace(/\\s\+$/, '');
}

/** Cue lists per language, as the data files hold them; "any" lists apply to every language. */
export type CueSet = Partial<Record<'any' | 'en' | 'es' | 'fr', string[]>>;

/** One matcher over every language's cues: questions mix languages ("requisitos OEA for exporters"). */
export function matcherFor(set: CueSet | undefined): CueMatcher {
  return new CueMatcher(Object.values(set ?? {}).flat());
}
