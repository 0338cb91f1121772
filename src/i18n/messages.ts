import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageDetector } from './language-detector.js';

import { LANGUAGES, type Language } from './languages.js';

export { LANGUAGES, type Language };

export type Catalogue = Record<string, string | string[] | Record<string, string>>;

/** Fixed reply texts, per language, from prompts/messages/*.json. English fills any missing key. */
export class Messages {
  private constructor(private readonly catalogues: Record<string, Catalogue>) {}

  static load(promptsDir: string): Messages {
    const catalogues: Record<string, Catalogue> = {};
    for (const lang of LANGUAGES) catalogues[lang] = JSON.parse(readFileSync(join(promptsDir, 'messages', `${lang}.json`), 'utf8')) as Catalogue;
    return new Messages(catalogues);
  }

  text(lang: string, key: string, vars: Record<string, string | number> = {}): string {
    const v = this.catalogues[lang]?.[key] ?? this.catalogues.en?.[key];
    if (typeof v !== 'string') throw new Error(`message "${key}" missing from the catalogue`);
    return v.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  }

  /** A registry term (instrument, place, programme label) in the language; the English term when not listed. */
  term(lang: string, english: string): string {
    const terms = this.catalogues[lang]?.registry_terms;
    return terms && typeof terms === 'object' && !Array.isArray(terms) ? terms[english] ?? english : english;
  }

  /** True when the language's catalogue (or English) has the key. */
  has(lang: string, key: string): boolean {
    return (this.catalogues[lang]?.[key] ?? this.catalogues.en?.[key]) !== undefined;
  }

  list(lang: string, key: string): string[] {
    const v = this.catalogues[lang]?.[key] ?? this.catalogues.en?.[key];
    return Array.isArray(v) ? v : [];
  }

  catalogue(lang: string): Catalogue {
    return { ...this.catalogues.en, ...this.catalogues[lang] };
  }
}

const fallbackDetector = new LanguageDetector();

/** The question's language among en/es/fr (no conversation, no lexicon): for channels' error texts. */
export async function detectLanguage(text: string): Promise<Language> {
  return (await fallbackDetector.detect(text)).language;
}
