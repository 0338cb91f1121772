import type { Language } from './languages.js';

/**
 * Short everyday words that mark a language. Statistical detectors (tinyld) misread short questions ("Can a small
 * company become AEO?" came out Spanish); a handful of function words settles most of them.
 */
const WORDS: Record<Language, string[]> = {
  en: ['the', 'a', 'an', 'is', 'are', 'was', 'were', 'can', 'could', 'does', 'do', 'did', 'what', 'which', 'who', 'whom', 'how', 'when', 'where', 'why', 'of', 'for', 'to', 'in', 'with', 'my', 'we', 'our', 'i', 'be', 'become', 'have', 'has', 'and', 'or', 'it', 'its', 'this', 'that', 'there', 'any', 'get', 'should', 'must', 'will', 'would', 'you', 'your', 'about', 'from', 'by', 'on', 'at', 'after', 'between', 'if', 'us', 'me', 'they', 'their', 'than', 'many', 'much', 'list', 'every', 'all'],
  es: ['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'que', 'qué', 'es', 'son', 'en', 'con', 'por', 'para', 'cómo', 'como', 'cuál', 'cuáles', 'cual', 'cuales', 'quién', 'quiénes', 'cuándo', 'dónde', 'puede', 'pueden', 'puedo', 'tiene', 'tienen', 'hay', 'se', 'mi', 'mis', 'nuestro', 'nuestra', 'y', 'o', 'al', 'lo', 'su', 'sus', 'sobre', 'entre', 'desde', 'también', 'cuánto', 'cuántos', 'cuesta', 'existe', 'ser', 'tengo', 'empresa', 'mi', 'sí', 'está', 'están', 'a', 'me', 'nos', 'va', 'van', 'vamos', 'pero', 'muy', 'ya', 'le', 'les'],
  fr: ['le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'est', 'sont', 'que', 'quel', 'quelle', 'quels', 'quelles', 'qui', 'comment', 'où', 'quand', 'pourquoi', 'peut', 'peuvent', 'puis', 'avec', 'pour', 'dans', 'sur', 'et', 'ou', 'au', 'aux', 'ce', 'cette', 'ces', 'mon', 'ma', 'mes', 'nos', 'notre', 'je', 'nous', 'vous', 'il', 'elle', 'ne', 'pas', 'en', 'entre', 'combien', 'existe', 'être', 'ai', 'avons', 'entreprise', 'oui', 'a-t-il', 'y', 'a', 'me', 'va', 'vont', 'mais', 'très', 'déjà', 'leur', 'son', 'sa', 'ses'],
};

/** Domain words that give the language of keyword-only questions ("AEO Peru", "Beneficios OEA Colombia"). */
const DOMAIN: Record<Language, string[]> = {
  en: ['customs', 'requirements', 'benefits', 'criteria', 'eligibility', 'certification', 'validation', 'workshop', 'trader', 'forwarder', 'broker', 'cost', 'fee', 'fees', 'free', 'perks', 'validity', 'valid', 'tiers', 'apply', 'penalties', 'fined', 'partners', 'signed', 'hello', 'hi', 'hey', 'thanks', 'thank', 'help', 'please', 'pls'],
  es: ['hola', 'gracias', 'vale', 'dale', 'entendido', 'perfecto', 'genial', 'listo', 'buenas', 'buenos', 'adios', 'adiós', 'chau', 'porfa', 'xfa', 'ayuda', 'aduana', 'aduanas', 'beneficios', 'requisitos', 'criterios', 'programa', 'certificación', 'validación', 'taller', 'operador', 'agente', 'ventajas'],
  fr: ['bonjour', 'bonsoir', 'salut', 'merci', 'svp', 'stp', 'parfait', 'entendu', 'compris', 'aide', 'douane', 'douanes', 'avantages', 'exigences', 'critères', 'certification', 'validation', 'atelier', 'opérateur', 'transitaire', 'commissionnaire'],
};

/** Acronyms: the faintest evidence, since every language types them ("ctpat?" may follow a Spanish turn). */
const ACRONYMS: Record<Language, string[]> = {
  en: ['aeo', 'aeos', 'aeoc', 'aeof', 'mra', 'mras', 'ctpat', 'c-tpat'],
  es: ['oea', 'arm'],
  fr: ['oea', 'arm'],
};

const SPANISH_MARKS = /[ñ¿¡]|[áíóú]/i;
const FRENCH_MARKS = /ité(?!\p{L})|[çèêàùœûîôëïâ]|\b(?:d|l|qu|n|j|c|s)['’]\p{L}/iu;

/** Per language, how strongly each word marks it: a word shared by k languages counts 1/k (domain words half). */
export type WordWeights = Record<Language, Map<string, number>>;

function buildWeights(domainExtra: Partial<Record<Language, Iterable<string>>> = {}, grammarOnly = false): WordWeights {
  const sets: Record<Language, Map<string, number>> = { en: new Map(), es: new Map(), fr: new Map() };
  for (const lang of Object.keys(WORDS) as Language[]) {
    for (const w of WORDS[lang]) sets[lang].set(w, 1);
    // Vocabulary words (the lexicon's es/fr keys) are weaker evidence than grammar: people borrow terms, not grammar.
    if (grammarOnly) continue;
    for (const w of [...DOMAIN[lang], ...(domainExtra[lang] ?? [])]) if (!sets[lang].has(w)) sets[lang].set(w, 0.5);
    for (const w of ACRONYMS[lang]) if (!sets[lang].has(w)) sets[lang].set(w, 0.2);
  }
  const count = new Map<string, number>();
  for (const words of Object.values(sets)) for (const w of words.keys()) count.set(w, (count.get(w) ?? 0) + 1);
  const out: WordWeights = { en: new Map(), es: new Map(), fr: new Map() };
  for (const lang of Object.keys(sets) as Language[]) {
    for (const [w, weight] of sets[lang]) out[lang].set(w, weight / (count.get(w) ?? 1));
  }
  return out;
}

const builtIn = buildWeights();

/** Word evidence for each language, best first. */
export function languageScores(text: string, weights: WordWeights = builtIn): [Language, number][] {
  const tokens = text.toLowerCase().match(/[\p{L}'’-]+/gu) ?? [];
  const score: Record<Language, number> = { en: 0, es: 0, fr: 0 };
  for (const t of tokens) {
    const bare = t.replace(/^(?:d|l|qu|n|j|c|s)['’]/, '');
    for (const lang of ['en', 'es', 'fr'] as const) score[lang] += weights[lang].get(t) ?? weights[lang].get(bare) ?? 0;
  }
  if (SPANISH_MARKS.test(text)) score.es += 1;
  if (FRENCH_MARKS.test(text)) score.fr += 1;
  return (Object.entries(score) as [Language, number][]).sort((a, b) => b[1] - a[1]);
}

/** True when the best language clearly leads the second. */
function settles(scores: [Language, number][]): boolean {
  const [first, second] = scores;
  return !!first && first[1] >= 1 && first[1] >= 1.5 * (second?.[1] ?? 0) + 0.5;
}

/**
 * The language the question's function words and accents point to, or undefined when they do not settle it
 * (no such words, or two languages close).
 */
export function languageByFunctionWords(text: string, weights: WordWeights = builtIn): Language | undefined {
  const scores = languageScores(text, weights);
  return settles(scores) ? scores[0]![0] : undefined;
}

export { buildWeights, settles };
