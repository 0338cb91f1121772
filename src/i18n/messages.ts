import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageByFunctionWords } from './function-words.js';

export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Catalogue = Record<string, string | string[]>;

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

  list(lang: string, key: string): string[] {
    const v = this.catalogues[lang]?.[key] ?? this.catalogues.en?.[key];
    return Array.isArray(v) ? v : [];
  }

  catalogue(lang: string): Catalogue {
    return { ...this.catalogues.en, ...this.catalogues[lang] };
  }
}

// tinyld loads its language model at import (~0.25 s): loaded on the first question, not at start-up.
let detector: Promise<typeof import('tinyld')> | undefined;

/** The question's language among en/es/fr; short or ambiguous text falls back to English. */
export async function detectLanguage(text: string): Promise<Language> {
  const byWords = languageByFunctionWords(text);
  if (byWords) return byWords;
  detector ??= import('tinyld');
  const found = (await detector).detect(text, { only: [...LANGUAGES] });
  return (LANGUAGES as readonly string[]).includes(found) ? (found as Language) : 'en';
}
