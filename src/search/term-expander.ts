import { contentTokens } from '../answering/text.js';
import type { Chunk } from '../knowledge/types.js';
import { Lexicon } from '../i18n/lexicon.js';

interface Form { tokens: string[]; acronym?: string }

/**
 * Cross-language query expansion from the glossary: a heading such as
 * "Authorized Economic Operator (AEO) / Operador Económico Autorizado (OEA) / Opérateur économique agréé (OEA)"
 * makes a question naming any one form also search for the others (OEA <-> AEO, ARM <-> MRA, ...).
 */
export class TermExpander {
  private readonly groups: Form[][];

  constructor(glossary: Chunk[], private readonly lexicon: Lexicon = Lexicon.empty()) {
    this.groups = glossary
      .map((c) => (c.headings[c.headings.length - 1] ?? '').split(/\s+\/\s+/).map(parseForm).filter((f) => f.tokens.length))
      .filter((g) => g.length > 1);
  }

  /**
   * Extra words to search for: for Spanish and French questions the English form (and acronym) of every glossary
   * term they name and English words for their words; for English questions only domain paraphrases (other-language
   * forms would only pull in the glossary itself).
   */
  expand(question: string, lang = 'en'): string[] {
    const tokens = contentTokens(question);
    // English questions get only the lexicon's domain paraphrases ("breaks the rules" -> infringements, revocation).
    if (lang === 'en') return [...new Set(tokens.flatMap((t) => this.lexicon.translate(t, 'en')))].filter((t) => !tokens.includes(t));
    const have = new Set(tokens);
    const joined = ` ${tokens.join(' ')} `;
    const extra = new Set<string>(tokens.flatMap((t) => this.lexicon.translate(t, lang)));
    for (const group of this.groups) {
      const named = group.some((f) => (f.acronym && have.has(f.acronym)) || (f.tokens.length > 1 && joined.includes(` ${f.tokens.join(' ')} `)));
      const english = group[0];
      if (!named || !english) continue;
      if (english.acronym) extra.add(english.acronym);
      for (const t of english.tokens) extra.add(t);
    }
    for (const t of tokens) extra.delete(t);
    return [...extra];
  }
}

function parseForm(form: string): Form {
  const acronym = /\(([^)]+)\)/.exec(form)?.[1];
  const name = form.replace(/\s*\([^)]*\)/g, ' ');
  return { tokens: contentTokens(name), acronym: acronym ? contentTokens(acronym).join('') || undefined : undefined };
}
