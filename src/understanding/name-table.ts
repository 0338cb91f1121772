import { countries, EXTRA_PARTIES } from '../knowledge/countries.js';
import type { DocMeta } from '../knowledge/types.js';
import { normalizeName, type CountryResolver } from '../mra/country-resolver.js';
import { GENERIC_WORDS } from './domain-words.js';
import { metaNames } from './meta-names.js';
import { ORDINARY_WORDS } from './ordinary-words.js';
import { TypoNames } from './typo-names.js';

export type Via = 'name' | 'code' | 'demonym' | 'programme' | 'agency';

export interface NameEntry {
  /** Alphabetical; more than one is a shared acronym (SAT: Guatemala and Mexico). */
  codes: string[];
  via: Via;
  /** How it must be written to count: names that are also words ("SAT", "US", "Chad") need capitals. */
  caps: 'all' | 'initial' | 'any';
}

/** Words whose typo correction is kept per table (~100 bytes each). */
const KEPT_CORRECTIONS = 8192;

/** A name several administrations share this widely is a generic phrase, not a pointer to one of them. */
const GENERIC_SHARE = 4;

const DEMONYM_ENDING = /(?:an|ese|ish|ais|aise|ois|oise|ano|eno|ino|ico|ique|ien|ienne|een|ense|eo|yo|ine)$/;

/**
 * Every name, alias, demonym, programme and agency name as one map of normalised phrases, with the set of their
 * word prefixes, so matching a question walks each position once (a trie in two hash sets).
 */
export class NameTable {
  private constructor(
    private readonly names: Map<string, NameEntry>,
    private readonly prefixes: Set<string>,
    readonly maxWords: number,
    private readonly typos: TypoNames,
    private readonly isWord: (word: string) => boolean,
  ) {}

  get(phrase: string): NameEntry | undefined {
    return this.names.get(phrase);
  }

  hasPrefix(phrase: string): boolean {
    return this.prefixes.has(phrase);
  }

  /**
   * The name a word that is no word and no name was meant to be, if one is near enough ("mexcio"). The table never
   * changes and questions reuse a small vocabulary: each word's answer is kept (bounded).
   */
  corrected(word: string): NameEntry | undefined {
    const kept = this.corrections.get(word);
    if (kept !== undefined || this.corrections.has(word)) return kept;
    const entry = this.prefixes.has(word) || ORDINARY_WORDS.has(word) || GENERIC_WORDS.has(word) || this.isWord(word)
      ? undefined
      : this.typos.nearest(word);
    if (this.corrections.size >= KEPT_CORRECTIONS) this.corrections.clear();
    this.corrections.set(word, entry);
    return entry;
  }

  private readonly corrections = new Map<string, NameEntry | undefined>();

  /** `isWord` tells ordinary words (of any of the languages asked in) from slips, so "begin" is never "Benin". */
  static build(metas: DocMeta[], resolver: CountryResolver, isWord: (word: string) => boolean = () => false): NameTable {
    const steps = NameTable.steps(metas, resolver, isWord);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same table built in slices of about `sliceMs`, awaiting `pause` between them: a new index's table is built
   * before it is swapped in (~25 ms in one block on the shipped knowledge, several times that on a loaded machine).
   */
  static async buildInSlices(
    metas: DocMeta[],
    resolver: CountryResolver,
    isWord: (word: string) => boolean,
    pause: () => Promise<void>,
    sliceMs = 4,
  ): Promise<NameTable> {
    const steps = NameTable.steps(metas, resolver, isWord);
    let sliceStart = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - sliceStart > sliceMs) {
        await pause();
        sliceStart = performance.now();
      }
    }
  }

  /** The construction, yielding after each name so a caller may pause between slices. */
  private static *steps(
    metas: DocMeta[], resolver: CountryResolver, isWord: (word: string) => boolean,
  ): Generator<void, NameTable> {
    const draft = new Map<string, { codes: Set<string>; via: Via; acronym: boolean; fromMeta: boolean }>();
    const put = (key: string, codes: string[], via: Via, acronym: boolean, fromMeta: boolean) => {
      const d = draft.get(key);
      if (d) {
        for (const c of codes) d.codes.add(c);
        d.acronym ||= acronym;
        return;
      }
      draft.set(key, { codes: new Set(codes), via, acronym, fromMeta });
    };
    const official = officialNames ??= yield* officialNameSet();
    // The resolver's own programme list is left out: programme names come from the knowledge pages.
    for (const e of resolver.entries()) if (!e.programme) put(e.name, [e.code], viaOf(e.name, official), false, false);
    for (const meta of metas) {
      for (const n of metaNames(meta)) {
        const key = normalizeName(n.name);
        if (key.length < 2 || /^[\d ]+$/.test(key) || key.split(' ').every((w) => GENERIC_WORDS.has(w))) continue;
        const acronym = !/\p{Ll}/u.test(n.name);
        put(key, n.codes, n.via, acronym, true);
        // "C-TPAT" is also typed "CTPAT". Not when joining makes a word ("U.S." -> "us") or a plural of the field
        // ("AEO-S", "OEA-S" -> "aeos", "oeas": any AEOs).
        const joined = key.replace(/ /g, '');
        if (!/\s/.test(n.name.trim()) && joined !== key && joined.length >= 4 && !GENERIC_WORDS.has(joined)) {
          put(joined, n.codes, n.via, acronym, true);
        }
      }
      yield;
    }
    const names = new Map<string, NameEntry>();
    const prefixes = new Set<string>();
    let maxWords = 1;
    for (const [key, d] of draft) {
      if (d.fromMeta && d.codes.size >= GENERIC_SHARE) continue;
      const single = !key.includes(' ');
      const caps = single && ORDINARY_WORDS.has(key) ? (d.acronym || key.length <= 3 ? 'all' : 'initial') : 'any';
      names.set(key, { codes: [...d.codes].sort(), via: d.via, caps });
      const words = key.split(' ');
      maxWords = Math.max(maxWords, words.length);
      for (let k = 1; k <= words.length; k++) prefixes.add(words.slice(0, k).join(' '));
      yield;
    }
    return new NameTable(names, prefixes, maxWords, TypoNames.build(names), isWord);
  }
}

/** The ISO tables' names do not change with the knowledge: read once per process. */
let officialNames: Set<string> | undefined;

/** Country names as the ISO tables give them, so a project alias that is none of them can be told a demonym. */
function* officialNameSet(): Generator<void, Set<string>> {
  const out = new Set<string>();
  for (const lang of ['en', 'es', 'fr']) {
    for (const names of Object.values(countries.getNames(lang, { select: 'all' }))) {
      for (const n of names as string[]) for (const part of [n, n.split(',')[0] ?? '']) out.add(normalizeName(part));
      yield;
    }
  }
  for (const names of Object.values(EXTRA_PARTIES)) for (const n of Object.values(names)) out.add(normalizeName(n));
  return out;
}

function viaOf(key: string, official: Set<string>): Via {
  return !official.has(key) && !key.includes(' ') && DEMONYM_ENDING.test(key) ? 'demonym' : 'name';
}
