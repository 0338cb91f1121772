import type { Language } from './messages.js';

/**
 * Short everyday words that mark a language. Statistical detectors (tinyld) misread short questions ("Can a small
 * company become AEO?" came out Spanish); a handful of function words settles most of them.
 */
const WORDS: Record<Language, string[]> = {
  en: ['the', 'a', 'an', 'is', 'are', 'was', 'were', 'can', 'could', 'does', 'do', 'did', 'what', 'which', 'who', 'whom', 'how', 'when', 'where', 'why', 'of', 'for', 'to', 'in', 'with', 'my', 'we', 'our', 'i', 'be', 'become', 'have', 'has', 'and', 'or', 'it', 'its', 'this', 'that', 'there', 'any', 'get', 'should', 'must', 'will', 'would', 'you', 'your', 'about', 'from', 'by', 'on', 'at', 'after', 'between', 'if', 'us', 'me', 'they', 'their', 'than', 'many', 'much', 'list', 'every', 'all'],
  es: ['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'que', 'qué', 'es', 'son', 'en', 'con', 'por', 'para', 'cómo', 'como', 'cuál', 'cuáles', 'cual', 'cuales', 'quién', 'quiénes', 'cuándo', 'dónde', 'puede', 'pueden', 'puedo', 'tiene', 'tienen', 'hay', 'se', 'mi', 'mis', 'nuestro', 'nuestra', 'y', 'o', 'al', 'lo', 'su', 'sus', 'sobre', 'entre', 'desde', 'también', 'cuánto', 'cuántos', 'cuesta', 'existe', 'ser', 'tengo', 'empresa', 'mi', 'sí', 'está', 'están'],
  fr: ['le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'est', 'sont', 'que', 'quel', 'quelle', 'quels', 'quelles', 'qui', 'comment', 'où', 'quand', 'pourquoi', 'peut', 'peuvent', 'puis', 'avec', 'pour', 'dans', 'sur', 'et', 'ou', 'au', 'aux', 'ce', 'cette', 'ces', 'mon', 'ma', 'mes', 'nos', 'notre', 'je', 'nous', 'vous', 'il', 'elle', 'ne', 'pas', 'en', 'entre', 'combien', 'existe', 'être', 'ai', 'avons', 'entreprise', 'oui', 'a-t-il', 'y'],
};

/** Domain words that give the language of keyword-only questions ("AEO Peru", "Beneficios OEA Colombia"). */
const DOMAIN: Record<Language, string[]> = {
  en: ['aeo', 'aeos', 'aeoc', 'aeof', 'mra', 'mras', 'ctpat', 'c-tpat', 'customs', 'requirements', 'benefits', 'criteria', 'eligibility', 'certification', 'validation', 'workshop', 'trader', 'forwarder', 'broker', 'cost', 'fee', 'fees', 'free', 'perks', 'validity', 'valid', 'tiers', 'apply', 'penalties', 'fined', 'partners', 'signed', 'hello', 'hi', 'hey', 'thanks', 'thank', 'help', 'please', 'pls'],
  es: ['oea', 'arm', 'aduana', 'aduanas', 'beneficios', 'requisitos', 'criterios', 'programa', 'certificación', 'validación', 'taller', 'operador', 'agente', 'ventajas'],
  fr: ['oea', 'arm', 'douane', 'douanes', 'avantages', 'exigences', 'critères', 'certification', 'validation', 'atelier', 'opérateur', 'transitaire', 'commissionnaire'],
};
for (const lang of Object.keys(DOMAIN) as Language[]) WORDS[lang].push(...DOMAIN[lang]);

const SPANISH_MARKS = /[ñ¿¡]|[áíóú]/i;
const FRENCH_MARKS = /[çèêàùœûîôëïâ]|\b(?:d|l|qu|n|j|c|s)['’]\p{L}/iu;

const weights = (() => {
  const count = new Map<string, number>();
  for (const words of Object.values(WORDS)) for (const w of new Set(words)) count.set(w, (count.get(w) ?? 0) + 1);
  const out: Record<Language, Map<string, number>> = { en: new Map(), es: new Map(), fr: new Map() };
  for (const [lang, words] of Object.entries(WORDS) as [Language, string[]][]) for (const w of words) out[lang].set(w, 1 / (count.get(w) ?? 1));
  return out;
})();

/**
 * The language the question's function words and accents point to, or undefined when they do not settle it
 * (no such words, or two languages close).
 */
export function languageByFunctionWords(text: string): Language | undefined {
  const tokens = text.toLowerCase().match(/[\p{L}'’-]+/gu) ?? [];
  const score: Record<Language, number> = { en: 0, es: 0, fr: 0 };
  for (const t of tokens) {
    const bare = t.replace(/^(?:d|l|qu|n|j|c|s)['’]/, '');
    for (const lang of ['en', 'es', 'fr'] as const) score[lang] += weights[lang].get(t) ?? weights[lang].get(bare) ?? 0;
  }
  if (SPANISH_MARKS.test(text)) score.es += 1;
  if (FRENCH_MARKS.test(text)) score.fr += 1;
  const [first, second] = (Object.entries(score) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  if (!first || first[1] < 1) return undefined;
  return first[1] >= 1.5 * (second?.[1] ?? 0) + 0.5 ? first[0] : undefined;
}
