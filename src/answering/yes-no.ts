import { readFileSync } from 'node:fs';
import type { Answer } from '../core/answer.js';
import type { Messages } from '../i18n/messages.js';
import { CueMatcher, cueText } from '../understanding/cues.js';
import type { Query } from '../understanding/query.js';
import { stem } from '../search/analyzer.js';
import { GENERIC_WORDS } from '../understanding/domain-words.js';
import { contentTokens, escapeRegExp } from './text.js';

interface PolarityData {
  pairs: { a: string[]; b: string[] }[]; negations: string[]; business: string[];
  /** A question the pairs do not settle, answered 'Yes' when the first sentence says what it asks, unhedged. */
  affirm?: { minShare: number; auxiliaries: string[]; hedges: string[] };
}

/**
 * Puts "Yes." or "No." before an answer to a yes/no question when the chosen sentences settle it: the question
 * asks with one side of a pair ("compulsory?") and the sentence uses that side or its opposite ("voluntary"), or
 * it asks whether a kind of business can join and the sentence names it. Otherwise the answer is left as it is.
 */
export class YesNo {
  private readonly pairs: { a: CueMatcher; b: CueMatcher; aCues: string[]; bCues: string[] }[];
  private readonly negation: RegExp;
  private readonly business: string[];
  private readonly auxiliaries: ReadonlySet<string>;
  private readonly hedges: CueMatcher;
  /** One matcher and one position pattern per cue, built on first use: cues are reused on every question. */
  private readonly cues = new Map<string, { m: CueMatcher; at: RegExp }>();

  constructor(private readonly data: PolarityData) {
    this.pairs = data.pairs.map((p) => ({ a: new CueMatcher(p.a), b: new CueMatcher(p.b), aCues: p.a, bCues: p.b }));
    this.negation = new RegExp(`(?:^|\\s)(?:${data.negations.map(escapeRegExp).join('|')})\\s+(?:\\S+\\s+){0,2}$`);
    this.business = data.business;
    this.auxiliaries = new Set(data.affirm?.auxiliaries ?? []);
    this.hedges = new CueMatcher(data.affirm?.hedges ?? []);
  }

  static load(file: string): YesNo {
    return new YesNo(JSON.parse(readFileSync(file, 'utf8')) as PolarityData);
  }

  verdict(question: string, answerText: string, query: Query): boolean | undefined {
    const q = cueText(question);
    const a = cueText(answerText.split(/\n\n/)[0] ?? '');
    for (const p of this.pairs) {
      const asksA = p.a.test(q);
      const asksB = p.b.test(q);
      if (asksA === asksB) continue;
      const [same, other] = asksA ? [p.aCues, p.bCues] : [p.bCues, p.aCues];
      const [sm, om] = asksA ? [p.a, p.b] : [p.b, p.a];
      const s = this.polarity(a, same);
      const o = this.polarity(a, other);
      // "free of charge" holds "charge": the more specific wording is what the sentence says.
      if (s !== undefined && o !== undefined) return (sm.specificity(a) ?? 0) >= (om.specificity(a) ?? 0) ? s : !o;
      if (s !== undefined) return s;
      if (o !== undefined) return !o;
      // The question asks about a property the sentences do not settle: no yes or no from other clues.
      return undefined;
    }
    if (query.facet === 'eligibility') {
      const asked = this.business.filter((b) => this.cue(b).m.test(q));
      if (asked.length && asked.every((b) => this.polarity(a, [b]) === true)) return true;
    }
    return this.affirms(question, answerText, query.language) ? true : undefined;
  }

  /**
   * "did the DR line up its OEA requirements with CTPAT?" -> "The DR aligned the requirements of its OEA with
   * CTPAT's": the first sentence holds most of the question's own words and nothing limits or denies them.
   */
  private affirms(question: string, answerText: string, lang: string): boolean {
    const share = this.data.affirm?.minShare;
    if (share === undefined) return false;
    const lead = (answerText.split(/\n\n/)[0] ?? '').split(/(?<=\[\d+\])\s+|(?<=[.!?])\s+(?=\p{Lu})/u)[0] ?? '';
    // A question with a negation or a limit of its own ("with no EU entity") is not settled by word overlap.
    if (!lead || this.hedges.test(cueText(lead)) || this.hedges.test(cueText(question))) return false;
    // Field words and figures are the topic ("the 2022 AEO MRA workshop"), not what is asked of it ("in person").
    const own = (w: string) => !this.auxiliaries.has(w) && !GENERIC_WORDS.has(w) && !/\d/.test(w);
    const asked = [...new Set(contentTokens(question).filter(own).map((w) => stem(w, lang)))];
    if (asked.length < 2) return false;
    const said = new Set(contentTokens(lead).flatMap((w) => [stem(w, lang), stem(w, 'en')]));
    return asked.filter((w) => said.has(w)).length >= share * asked.length;
  }

  /** True when the text uses one of the cues plainly, false when only negated, undefined when not at all. */
  private polarity(text: string, cues: string[]): boolean | undefined {
    let found: boolean | undefined;
    for (const cue of cues) {
      const c = this.cue(cue);
      if (!c.m.test(text)) continue;
      const at = text.search(c.at);
      const negated = at >= 0 && this.negation.test(text.slice(Math.max(0, at - 30), at));
      if (!negated) return true;
      found = false;
    }
    return found;
  }

  private cue(cue: string): { m: CueMatcher; at: RegExp } {
    let c = this.cues.get(cue);
    if (!c) {
      c = { m: new CueMatcher([cue]), at: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(cueText(cue).trim().replace(/\*$/, ''))}`, 'u') };
      this.cues.set(cue, c);
    }
    return c;
  }

  apply(answer: Answer, question: string, query: Query | undefined, messages: Messages): Answer {
    if (!query || query.answerType !== 'yesno' || answer.declined || answer.kind !== 'retrieval') return answer;
    const v = this.verdict(question, answer.answer, query);
    if (v === undefined) return answer;
    return { ...answer, answer: `${messages.text(answer.language, v ? 'yes' : 'no')}. ${answer.answer}` };
  }
}
