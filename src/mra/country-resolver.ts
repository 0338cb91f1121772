import { countries, EXTRA_PARTIES } from '../knowledge/countries.js';
import { foldAccents } from '../answering/text.js';

/**
 * The project's own aliases beside the library's names: unions, customs territories, common short forms and
 * demonyms in en/es/fr ("Chinese AEOs", "AEO japonais"), which questions use as often as country names.
 */
/** Programme names that can only mean one administration ("How do I join CTPAT?" is about the US). */
const PROGRAMME_NAMES: Record<string, string[]> = {
  US: ['ctpat', 'c tpat', 'customs trade partnership against terrorism'],
  MX: ['neec', 'nuevo esquema de empresas certificadas'],
  CA: ['partners in protection', 'partenaires en protection'],
  JO: ['golden list'],
  HK: ['hkaeo'],
  NZ: ['secure exports scheme'],
  SG: ['secure trade partnership'],
};

const PROJECT_ALIASES: Record<string, string[]> = {
  EU: ['eu', 'ue', 'european union', 'union europea', 'union europeenne', 'the eu', 'european', 'europeenne', 'europeen', 'europeo', 'europea'],
  US: ['usa', 'u s', 'us', 'eeuu', 'ee uu', 'estados unidos', 'etats unis', 'united states', 'american', 'estadounidense', 'americain', 'americaine'],
  GB: ['uk', 'britain', 'great britain', 'united kingdom', 'reino unido', 'royaume uni', 'british', 'britanico', 'britannique'],
  KR: ['korea', 'south korea', 'republic of korea', 'corea', 'corea del sur', 'coree', 'coree du sud', 'korean', 'coreano', 'coreen'],
  CN: ['china', 'chine', 'prc', 'chinese', 'chino', 'chinois', 'chinoise'],
  TW: ['taiwan', 'chinese taipei', 'taipei chino', 'taipei chinois'],
  HK: ['hong kong', 'hong kong china', 'hong kong sar', 'hongkong'],
  JP: ['japan', 'japon', 'japanese', 'japones', 'japonais', 'japonaise'],
  DO: ['dominican republic', 'republica dominicana', 'republique dominicaine', 'dominican', 'dominicano'],
  PE: ['peruvian', 'peruano', 'peruvien', 'peruvienne'],
  MX: ['mexican', 'mexicano', 'mexicain', 'mexicaine'],
  CA: ['canadian', 'canadiense', 'canadien', 'canadienne'],
  BR: ['brazilian', 'brasileno', 'bresilien', 'bresilienne', 'brasil'],
  CO: ['colombian', 'colombiano', 'colombien', 'colombienne'],
  CL: ['chilean', 'chileno', 'chilien', 'chilienne'],
  AU: ['australian', 'australiano', 'australien', 'australienne'],
  NZ: ['new zealand', 'nueva zelanda', 'nouvelle zelande'],
  SG: ['singaporean', 'singapur', 'singapour'],
  IN: ['indian', 'india', 'inde'],
  BS: ['bahamas', 'the bahamas'],
  RU: ['russia'],
  MD: ['moldova'],
  TR: ['turkey', 'turkiye', 'turquia', 'turquie'],
  BO: ['bolivia'],
  UY: ['uruguayan', 'uruguayo'],
  AR: ['argentine', 'argentinian', 'argentino'],
};

/** Two-letter codes that are also ordinary words: accepted as codes only when written in capitals. */
const WORDLIKE_CODES = new Set(['IN', 'IS', 'IT', 'AT', 'BE', 'TO', 'NO', 'MY', 'ME', 'AM', 'AS', 'AN', 'DO', 'GO', 'SO', 'OR', 'ID', 'AI', 'PA', 'LA', 'MA', 'DE', 'ES', 'FR', 'EN', 'CA', 'CO', 'PE', 'US', 'UE', 'SE', 'TU']);

export interface Mention { code: string; text: string; start: number; end: number }

/** One normalised name the resolver knows; `programme` marks the built-in programme names above. */
export interface ResolverEntry { name: string; code: string; programme: boolean }

/** A name as compared: lower case, accents folded, punctuation as spaces; no leading article. */
export function normalizeName(s: string): string {
  return stripArticle(normalizeWords(s));
}

function normalizeWords(s: string): string {
  return foldAccents(s.toLowerCase()).replace(/[.’']/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

const ARTICLES = new Set(['the', 'el', 'la', 'los', 'las', 'le', 'les', 'l']);
const stripArticle = (s: string) => s.replace(/^(the|el|la|los|las|le|les|l) /, '');

/** The names as a tree of their words: a phrase is looked up only while it can still start a name. */
interface NameNode { code?: string; next: Map<string, NameNode> }

/** A word of a text, with its normalised tokens ("U.S." is two, "l'Union" two). */
interface Word { w: string; start: number; end: number; tokens: string[] }

/** Resolves country, union and territory names, aliases and ISO codes in English, Spanish and French. */
export class CountryResolver {
  private readonly aliases = new Map<string, string>();
  private readonly maxWords: number;
  private readonly names: NameNode = { next: new Map() };

  constructor() {
    const add = (name: string, code: string) => {
      const n = normalizeName(name);
      if (n && !this.aliases.has(n)) this.aliases.set(n, code);
    };
    for (const [code, names] of Object.entries(PROJECT_ALIASES)) for (const n of names) add(n, code);
    for (const [code, names] of Object.entries(PROGRAMME_NAMES)) for (const n of names) add(n, code);
    for (const lang of ['en', 'es', 'fr']) {
      for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
        for (const n of names as string[]) {
          add(n, code);
          // "Korea, Republic of" also as "Korea".
          if (n.includes(',')) add(n.split(',')[0] ?? '', code);
        }
      }
    }
    for (const [code, names] of Object.entries(EXTRA_PARTIES)) for (const n of Object.values(names)) add(n, code);
    // Bare two-letter codes would match ordinary words; they are handled in find() instead.
    for (const k of [...this.aliases.keys()]) if (/^[a-z]{2}$/.test(k) && !['eu', 'ue', 'uk', 'us'].includes(k)) this.aliases.delete(k);
    this.maxWords = Math.max(...[...this.aliases.keys()].map((k) => k.split(' ').length));
    for (const [name, code] of this.aliases) {
      let node = this.names;
      for (const t of name.split(' ')) {
        let next = node.next.get(t);
        if (!next) node.next.set(t, (next = { next: new Map() }));
        node = next;
      }
      node.code = code;
    }
  }

  /**
   * Every normalised name with its code, so finders that run on every question can precompile one matcher instead
   * of calling resolve() per n-gram. Bare two-letter codes are not included (see codeToken()).
   */
  entries(): ResolverEntry[] {
    const programme = new Set(Object.values(PROGRAMME_NAMES).flat().map(normalizeName));
    return [...this.aliases].map(([name, code]) => ({ name, code, programme: programme.has(name) }));
  }

  /** Resolves one name or code; undefined when unknown. */
  resolve(name: string): string | undefined {
    const raw = name.trim();
    if (/^[A-Z]{2}$/.test(raw) && (countries.isValid(raw) || raw in EXTRA_PARTIES)) return raw;
    if (/^[A-Z]{3}$/.test(raw)) {
      const a2 = countries.alpha3ToAlpha2(raw);
      if (a2) return a2;
    }
    return this.aliases.get(normalizeName(raw));
  }

  /**
   * All country mentions in a text, longest match first, in order of appearance. Each word is normalised once and
   * only phrases that can start a known name are followed, so the cost is linear in the text (it ran on every
   * candidate sentence of every answer). Returns what findByPhrases returns.
   */
  find(text: string): Mention[] {
    const words = wordsOf(text) as Word[];
    for (const x of words) x.tokens = splitTokens(/^[A-Za-z0-9]+$/.test(x.w) ? x.w.toLowerCase() : normalizeWords(x.w));
    const out: Mention[] = [];
    for (let i = 0; i < words.length; ) {
      const first = words[i]!;
      let matched = this.longestName(words, i);
      let code = matched ? matched.code : this.codeToken(first.w);
      if (!matched && code) matched = { n: 1, code };
      if (matched && code) {
        const last = words[i + matched.n - 1]!;
        out.push({ code, text: text.slice(first.start, last.end), start: first.start, end: last.end });
      }
      i += matched?.n || 1;
    }
    return out;
  }

  /** The most words from `i` on (at most maxWords) that spell a known name once normalised, with its code. */
  private longestName(words: Word[], i: number): { n: number; code: string } | undefined {
    const limit = Math.min(this.maxWords, words.length - i);
    const head = words[i]!.tokens;
    // normalizeName drops one leading article when more words follow it ("the EU", "l'Union").
    const total = (n: number) => words.slice(i, i + n).reduce((s, x) => s + x.tokens.length, 0);
    const article = ARTICLES.has(head[0] ?? '') ? 1 : 0;
    let best: { n: number; code: string } | undefined;
    // A lone article is looked up as it is.
    if (article && total(1) === 1) {
      const code = this.aliases.get(head[0]!);
      if (code) best = { n: 1, code };
    }
    let node: NameNode | undefined = this.names;
    let skip = article;
    for (let n = 1; n <= limit && node; n++) {
      for (const t of words[i + n - 1]!.tokens) {
        if (skip) {
          skip = 0;
          continue;
        }
        node = node?.next.get(t);
        if (!node) break;
      }
      if (node?.code && node !== this.names && (!article || total(n) >= 2)) best = { n, code: node.code };
    }
    return best;
  }

  /** The previous find(): every phrase of up to maxWords words normalised and looked up. The oracle of find's tests. */
  findByPhrases(text: string): Mention[] {
    const words = wordsOf(text);
    const out: Mention[] = [];
    for (let i = 0; i < words.length; ) {
      let matched = 0;
      for (let n = Math.min(this.maxWords, words.length - i); n >= 1 && !matched; n--) {
        const span = words.slice(i, i + n);
        const phrase = span.map((s) => s.w).join(' ');
        let code = this.aliases.get(normalizeName(phrase));
        if (!code && n === 1) code = this.codeToken(span[0]?.w ?? '');
        if (code) {
          const first = span[0];
          const last = span[span.length - 1];
          if (first && last) out.push({ code, text: text.slice(first.start, last.end), start: first.start, end: last.end });
          matched = n;
        }
      }
      i += matched || 1;
    }
    return out;
  }

  private codeToken(w: string): string | undefined {
    const t = w.replace(/\.$/, '');
    if (/^[A-Z]{2}$/.test(t) && (countries.isValid(t) || t in EXTRA_PARTIES)) return WORDLIKE_CODES.has(t) && !['US', 'UE', 'PE', 'CO', 'CA'].includes(t) ? undefined : t === 'UE' ? 'EU' : t;
    if (/^[A-Z]{3}$/.test(t) && !['MRA', 'AEO', 'OEA', 'ARM', 'WCO', 'OMA', 'OMD', 'CAN', 'SAT', 'PIP', 'ATT', 'SES', 'STP', 'THE', 'AND', 'TCA', 'JWP', 'FAQ'].includes(t)) return countries.alpha3ToAlpha2(t) ?? undefined;
    return undefined;
  }

  /** Closest known names to an unknown one, for "did you mean". */
  suggest(name: string, lang = 'en', limit = 3): string[] {
    const target = normalizeName(name);
    const scored = new Map<string, number>();
    for (const [alias, code] of this.aliases) {
      if (alias.length < 4) continue;
      const s = similarity(target, alias);
      if (s > (scored.get(code) ?? 0)) scored.set(code, s);
    }
    const ranked = [...scored.entries()].sort((a, b) => b[1] - a[1]);
    const floor = Math.max(0.3, (ranked[0]?.[1] ?? 0) * 0.75);
    return ranked.filter(([, s]) => s >= floor).slice(0, limit)
      .map(([code]) => displayName(code, lang));
  }
}

/** Words with their offsets; possessives ("Canada's") name the country too. */
function wordsOf(text: string): { w: string; start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:[.’'][\p{L}\p{N}]+)*\.?/gu)].map((m) => {
    const w = m[0].replace(/['’]s$/i, '');
    return { w, start: m.index ?? 0, end: (m.index ?? 0) + w.length };
  });
}

const splitTokens = (s: string): string[] => (s ? s.split(' ') : []);

function displayName(code: string, lang: string): string {
  return EXTRA_PARTIES[code]?.[lang] ?? countries.getName(code, lang) ?? code;
}

/** Dice coefficient over character bigrams: tolerant of typos ("Peruu", "Columbia"). */
function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const g = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) g.set(s.slice(i, i + 2), (g.get(s.slice(i, i + 2)) ?? 0) + 1);
    return g;
  };
  const ga = grams(a);
  const gb = grams(b);
  let inter = 0;
  for (const [k, v] of ga) inter += Math.min(v, gb.get(k) ?? 0);
  return (2 * inter) / Math.max(1, a.length - 1 + b.length - 1);
}

/**
 * A page's text as read for the jurisdictions it discusses: bare capitalised codes left out, since in running prose
 * they are mostly other abbreviations ("NI Business Info" is Northern Ireland's, not Nicaragua's); names still count.
 */
export function withoutBareCodes(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])[A-Z]{2,3}(?![\p{L}\p{N}])/gu, ' ');
}
