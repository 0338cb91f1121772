import { stem } from '../search/analyzer.js';
import { Lexicon } from '../i18n/lexicon.js';
import { contentTokens } from './text.js';

export interface QueryTerm {
  raw: string;
  stems: string[];
  weight: number;
  /** Not in the corpus and not a common word: likely the subject of a question the knowledge cannot answer. */
  unknown: boolean;
}

export interface WordSimilarity {
  wordRow(word: string): number | undefined;
  wordSimilarity(a: number, b: number): number;
}

/** Rank below which an English word counts as common: absent common words are likely phrasing, not subject. */
const COMMON_RANK = 3000;

/** The stem every unit containing a figure carries (see evidence.ts), answering "how many" questions. */
export const NUMBER_TERM = '#number';
// Counts only: "how much" is mostly about cost or time, where any figure is no answer.
const QUANTITY = /\b(how many|cu[aá]nt[oa]s|combien( de| d')?)(?![\p{L}])/iu;
/** A figure other than a year ("80 participants", "832 AEOs"; not "September 2022"). */
export const FIGURE = /(?<![\d.,])(?!(?:19|20)\d\d(?![\d,]|\.\d))\d[\d.,]*/;

/** Questions whose terms are remembered: enough for the asks in flight at once. */
const RECENT_QUESTIONS = 64;
/** Words whose stems are kept: the questions' vocabulary is a few thousand words. */
const KEPT_WORDS = 8192;

/**
 * Chunks holding each analysed term: the embedded index's Map, or a database index's lookup, which reads the terms a
 * question needs when asked (`load`) instead of holding the corpus vocabulary. `get` is undefined for a term not read.
 */
export interface TermFrequencies {
  get(term: string): number | undefined;
  /** Reads the frequencies of `terms` (kept until evicted, or for good when `pin`); absent when all are in memory. */
  load?(terms: string[], pin?: boolean): Promise<void>;
}

/** IDF weights from the index's document frequencies. */
export class TermWeights {
  private readonly maxIdf: number;
  private readonly recent = new Map<string, QueryTerm[]>();
  private readonly wordStems = new Map<string, string[]>();

  constructor(
    private readonly df: TermFrequencies,
    private readonly n: number,
    private readonly words?: WordSimilarity,
    private readonly lexicon: Lexicon = Lexicon.empty(),
  ) {
    this.maxIdf = this.idfOf(0);
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  /** Document frequency of the best-known stem of a token. */
  docFreq(stems: string[]): number {
    return Math.max(0, ...stems.map((s) => this.df.get(s) ?? 0));
  }

  /**
   * Reads the document frequencies the texts' terms need before they are weighed (a database index reads them per
   * question; the embedded one holds them all, and this does nothing). `pin`: kept for the index's life (FAQ questions).
   */
  async prepare(texts: { text: string; lang: string }[], pin = false): Promise<void> {
    if (!this.df.load) return;
    const stems = new Set<string>();
    for (const { text, lang } of texts) {
      if (QUANTITY.test(text)) stems.add(NUMBER_TERM);
      // Tokens of the text as weighed, with and without the quantity words (their removal may split a token).
      for (const raw of new Set([...contentTokens(text), ...contentTokens(text.replace(QUANTITY, ' '))])) {
        for (const s of this.stemsOf(raw, lang)) stems.add(s);
      }
    }
    if (stems.size) await this.df.load([...stems], pin);
  }

  /**
   * Content terms of a question with weights: rare in the corpus weighs more; unknown common words weigh less.
   * Understanding, the curated, facet and retrieval responders each ask for the same question's terms: the last
   * few are remembered (frozen, so no caller can change another's).
   */
  queryTerms(question: string, lang: string): QueryTerm[] {
    const key = `${lang}\u0000${question}`;
    const hit = this.recent.get(key);
    if (hit) return hit;
    const terms = Object.freeze(this.computeTerms(question, lang)) as QueryTerm[];
    if (this.recent.size >= RECENT_QUESTIONS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, terms);
    return terms;
  }

  private computeTerms(question: string, lang: string): QueryTerm[] {
    const seen = new Set<string>();
    const out: QueryTerm[] = [];
    // "How many / how much" asks for a figure: the quantity words match any number in a passage, not the word "many".
    const quantity = QUANTITY.exec(question);
    const tokens = contentTokens(quantity ? question.replace(QUANTITY, ' ') : question);
    if (quantity) out.push({ raw: NUMBER_TERM, stems: [NUMBER_TERM], weight: this.maxIdf * 0.5, unknown: false });
    for (const raw of tokens) {
      const stems = this.stemsOf(raw, lang);
      const key = stems.join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const df = this.docFreq(stems);
      let weight = this.idfOf(df);
      let unknown = false;
      if (df === 0) {
        const row = this.words?.wordRow(raw);
        unknown = row === undefined || row >= COMMON_RANK;
        weight = unknown ? this.maxIdf : this.maxIdf * 0.35;
      }
      out.push({ raw, stems, weight, unknown });
    }
    return out;
  }

  /**
   * The stems a token is looked up by. Words recur across questions ("aeo", "customs", "what"): each word's stems
   * are kept (bounded), not stemmed and translated again on every ask. Callers only read them.
   */
  private stemsOf(raw: string, lang: string): string[] {
    const key = `${lang}\u0000${raw}`;
    let stems = this.wordStems.get(key);
    if (!stems) {
      stems = this.computeStems(raw, lang);
      if (this.wordStems.size >= KEPT_WORDS) this.wordStems.delete(this.wordStems.keys().next().value!);
      this.wordStems.set(key, stems);
    }
    return stems;
  }

  private computeStems(raw: string, lang: string): string[] {
    // A Spanish or French word also matches its English translation in English passages.
    // ... and its same-language synonyms in pages of its own language ("pidieron" / "solicitaron").
    const synonyms = lang === 'en' ? [] : this.lexicon.synonyms(raw, lang).map((w) => stem(w, lang));
    const english = this.lexicon.translate(raw, lang).map((w) => stem(w, 'en'));
    return [...new Set([stem(raw, lang), stem(raw, 'en'), ...english, ...synonyms])];
  }

  /** The share of the question's words (figures aside) that occur in the corpus; undefined without any. */
  knownShare(question: string, lang: string): number | undefined {
    const terms = this.queryTerms(question, lang).filter((t) => t.raw !== NUMBER_TERM && !/\d/.test(t.raw));
    return terms.length ? terms.filter((t) => this.docFreq(t.stems) > 0).length / terms.length : undefined;
  }

  /** True when at least one question term occurs in the corpus: a cheap test of topicality. */
  anyKnown(question: string, lang: string): boolean {
    return this.queryTerms(question, lang).some((t) => this.docFreq(t.stems) > 0);
  }
}
