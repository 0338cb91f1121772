import { escapeRegExp } from '../answering/text.js';

/**
 * Letters a language writes for a name where the same letters are another country's code ("RU" is Reino Unido in
 * Spanish, Royaume-Uni in French, Russia as an ISO code): read as the full name in that language's questions.
 */
export class LocalAbbreviations {
  private readonly patterns = new Map<string, { re: RegExp; names: Map<string, string> }>();

  constructor(data: Record<string, unknown>) {
    for (const [lang, table] of Object.entries(data)) {
      if (lang.startsWith('_') || !table || typeof table !== 'object') continue;
      const names = new Map(Object.entries(table as Record<string, string>));
      if (!names.size) continue;
      const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
      // Whole words only, as written: "RU" in capitals, never "ru" inside "ruta".
      this.patterns.set(lang, { re: new RegExp(`(?<![\\p{L}\\p{N}.])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'gu'), names });
    }
  }

  /** The question with its language's abbreviations written out; unchanged when it has none. */
  expand(text: string, language: string): string {
    const p = this.patterns.get(language);
    return p ? text.replace(p.re, (m) => p.names.get(m) ?? m) : text;
  }
}
