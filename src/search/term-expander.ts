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

  /** Extra words to search for: other languages' forms of glossary terms, and English words for es/fr words. */
  expand(question: string, lang = 'en'): string[] {
    const tokens = contentTokens(question);
    const translated = lang === 'en' ? [] : tokens.flatMap((t) => this.lexicon.translate(t, lang));
    const have = new Set(tokens);
    const joined = ` ${tokens.join(' ')} `;
    const extra = new Set<string>();
    for (const group of this.groups) {
      const named = group.some((f) => (f.acronym && have.has(f.acronym)) || (f.tokens.length > 1 && joined.includes(` ${f.tokens.join(' ')} `)));
      if (!named) continue;
      for (const f of group) {
        if (f.acronym) extra.add(f.acronym);
        for (const t of f.tokens) extra.add(t);
      }
    }
    for (const t of translated) extra.add(t);
    for (const t of tokens) extra.delete(t);
    return [...extra];
  }
}

function parseForm(form: string): Form {
  const acronym = /\(([^)]+)\)/.exec(form)?.[1];
  const name = form.replace(/\s*\([^)]*\)/g, ' ');
  return { tokens: contentTokens(name), acronym: acronym ? contentTokens(acronym).join('') || undefined : undefined };
}
