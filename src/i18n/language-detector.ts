import { buildWeights, languageScores, settles, type WordWeights } from './function-words.js';
import { LANGUAGES, type Language } from './languages.js';

/** A question's language, and whether its own words settled it (else it came from the conversation or a guess). */
export interface DetectedLanguage { language: Language; settled: boolean }

// tinyld loads its language model at import (~0.25 s): loaded on the first unsettled question, not at start-up.
let tinyld: Promise<typeof import('tinyld')> | undefined;

/**
 * Detects the language of a chat question: grammar words and accents first, then the domain vocabulary (the
 * lexicon's Spanish and French words), then the conversation's language for short follow-ups ("y Chile?"), and
 * only then a statistical guess, which is weak on three-word questions.
 */
export class LanguageDetector {
  private readonly weights: WordWeights;
  private readonly grammar = buildWeights({}, true);

  /**
   * `englishWord`: is a lower-case word an everyday English word (the English word vectors' frequent vocabulary)?
   * A question of such words only ("safe core elements?") is English, where a statistical guess on three words
   * is not.
   */
  constructor(
    vocabulary: Partial<Record<Language, Iterable<string>>> = {},
    private readonly englishWord?: (word: string) => boolean,
  ) {
    this.weights = buildWeights(vocabulary);
  }

  async detect(text: string, conversation?: string): Promise<DetectedLanguage> {
    const scores = languageScores(text, this.weights);
    if (settles(scores)) return { language: scores[0]![0], settled: true };
    // Mixed questions borrow English terms, not English grammar: "AEO benefits en Colombia" is Spanish.
    const grammar = Object.fromEntries(languageScores(text, this.grammar)) as Record<Language, number>;
    if (grammar.en === 0 && (grammar.es > 0 || grammar.fr > 0)) {
      if (grammar.es !== grammar.fr) return { language: grammar.es > grammar.fr ? 'es' : 'fr', settled: true };
      // Grammar words both share ("y", "de") leave it to the vocabulary: "arm mercosur fecha y paises".
      const vocab = Object.fromEntries(scores) as Record<Language, number>;
      if (vocab.es !== vocab.fr) return { language: vocab.es > vocab.fr ? 'es' : 'fr', settled: true };
      return { language: (await guess(text, ['es', 'fr'])) ?? 'es', settled: true };
    }
    // In a conversation, a borrowed word or two ("importer", "ctpat?") does not change its language.
    if (isLanguage(conversation)) return { language: conversation, settled: false };
    const [first, second] = scores;
    // Outside one, words of one language, however few, are the question's own evidence ("OEA Peru requisitos?").
    if (first && first[1] >= 0.5 && first[1] >= 2 * (second?.[1] ?? 0)) return { language: first[0], settled: true };
    // A single lead beats a statistical guess on a few words ("Colombian OEA requirements?").
    if (first && first[1] > (second?.[1] ?? 0)) return { language: first[0], settled: false };
    // With no statistical signal either, only Spanish and French evidence ("SENAE OEA base legal?") is not English.
    if (this.englishWord && !first?.[1] && mostlyEnglish(text, this.englishWord)) return { language: 'en', settled: false };
    const en = scores.find(([l]) => l === 'en')?.[1] ?? 0;
    const fallback = first && first[1] > 0 && en === 0 ? first[0] : 'en';
    // Spanish and French evidence alike and none for English ("ARM UE - USA date ?"): French typography (a space
    // before the question mark) tells them apart.
    const vocab = Object.fromEntries(scores) as Record<Language, number>;
    if (fallback !== 'en' && vocab.es === vocab.fr && FRENCH_SPACING.test(text)) return { language: 'fr', settled: false };
    return { language: (await guess(text, [...LANGUAGES])) ?? fallback, settled: false };
  }

  /** Loads the statistical model ahead of the first question that needs it. */
  async warmUp(): Promise<void> {
    tinyld ??= import('tinyld');
    await tinyld;
  }
}

/** French puts a space before ? and ! ("date ?"); Spanish and English do not. */
const FRENCH_SPACING = /\S\s+[?!]\s*$/u;

/** Share of a question's words (three letters or more) that are everyday English words. */
const ENGLISH_SHARE = 0.75;

function mostlyEnglish(text: string, englishWord: (word: string) => boolean): boolean {
  const words = text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  return words.length > 0 && words.filter(englishWord).length >= ENGLISH_SHARE * words.length;
}

/** tinyld's guess among `among`; undefined when it has none (too few letters it knows). */
async function guess(text: string, among: Language[]): Promise<Language | undefined> {
  tinyld ??= import('tinyld');
  const found = (await tinyld).detect(text, { only: among });
  return isLanguage(found) && among.includes(found) ? found : undefined;
}

function isLanguage(s: string | undefined): s is Language {
  return !!s && (LANGUAGES as readonly string[]).includes(s);
}
