import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { contentTokens } from '../answering/text.js';

const STEMMERS: Record<string, Stemmer> = {
  en: newStemmer('english'),
  es: newStemmer('spanish'),
  fr: newStemmer('french'),
};

// Stemming is pure and the vocabulary is small: remembering results saves most of the stemmer's cost.
const CACHE = new Map<string, string>();
const CACHE_MAX = 200_000;

/** Stems a token with the language's Snowball stemmer; numbers and codes stay as they are. */
export function stem(token: string, lang: string): string {
  if (/\d/.test(token) || token.length <= 3) return token;
  const key = `${lang}:${token}`;
  let out = CACHE.get(key);
  if (out === undefined) {
    out = (STEMMERS[lang] ?? STEMMERS.en)?.stem(token) ?? token;
    if (CACHE.size >= CACHE_MAX) CACHE.clear();
    CACHE.set(key, out);
  }
  return out;
}

/** The terms BM25 indexes for a passage written in `lang`. */
export function analyze(text: string, lang: string): string[] {
  return contentTokens(text).map((t) => stem(t, lang));
}

/**
 * Query terms: stemmed for the question's language and for English (most of the knowledge is English),
 * so "beneficios" and "benefits" questions both reach their passages.
 */
export function analyzeQuery(text: string, lang: string): string[] {
  const out = new Set<string>();
  for (const t of contentTokens(text)) {
    out.add(stem(t, lang));
    if (lang !== 'en') out.add(stem(t, 'en'));
  }
  return [...out];
}
