import { readFileSync } from 'node:fs';
import { foldAccents } from '../answering/text.js';

const MAX_SYNONYMS = 6;

/**
 * A small word list for the domain (prompts/lexicon.json): es/fr -> en, since most of the knowledge is English and a
 * Spanish question must still reach its passages offline; and en -> en paraphrases ("breaks" -> infringements).
 * Keys are accent-folded lower case.
 */
export class Lexicon {
  private readonly groups = new Map<string, Map<string, string[]>>();

  private constructor(private readonly maps: Record<string, Record<string, string>>) {}

  static load(file: string): Lexicon {
    return new Lexicon(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>);
  }

  static empty(): Lexicon {
    return new Lexicon({});
  }

  /** Every word the lexicon knows in a language (its map's keys). */
  keys(lang: string): string[] {
    return Object.keys(this.maps[lang] ?? {});
  }

  /**
   * The lexicon's own words of a language that are not English words too (for language detection): the keys of
   * its es/fr map that differ from their translation and are not keys of the English map (nor codes like "eu").
   */
  words(lang: string): string[] {
    const english = this.maps.en ?? {};
    return Object.entries(this.maps[lang] ?? {}).filter(([k, v]) => k.length > 2 && k !== v && !(k in english)).map(([k]) => k);
  }

  /**
   * Other words of the same language with the same main English translation ("pidieron" and "solicitaron" both
   * -> "requested"), so a Spanish question matches a Spanish page that words it differently. Large groups (generic
   * translations such as "free") are left out: they would match too much.
   */
  synonyms(token: string, lang: string): string[] {
    const map = this.maps[lang];
    const main = map?.[foldAccents(token.toLowerCase())]?.split(' ')[0];
    if (!map || !main) return [];
    let groups = this.groups.get(lang);
    if (!groups) {
      groups = new Map();
      for (const [k, v] of Object.entries(map)) {
        const head = v.split(' ')[0] ?? '';
        groups.set(head, [...(groups.get(head) ?? []), k]);
      }
      this.groups.set(lang, groups);
    }
    const group = groups.get(main) ?? [];
    return group.length <= MAX_SYNONYMS ? group.filter((k) => k !== foldAccents(token.toLowerCase())) : [];
  }

  /** English words for a token of a question in `lang`; empty when unknown or English. */
  translate(token: string, lang: string): string[] {
    const hit = this.maps[lang]?.[foldAccents(token.toLowerCase())];
    return hit ? hit.split(' ') : [];
  }
}
