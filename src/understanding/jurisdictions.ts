import type { DocMeta } from '../knowledge/types.js';
import type { CountryResolver } from '../mra/country-resolver.js';
import { NameTable, type Via } from './name-table.js';
import { scanSpans, type Span } from './name-scan.js';
import { confirmWeak, writtenAsPair } from './pairs.js';
import { unknownNames } from './unknown-names.js';
import { FUNCTION_WORD_CODES } from './ordinary-words.js';
import { isShouting, wordTokens, type WordToken } from './word-tokens.js';

export type { Via } from './name-table.js';

export interface JurisdictionMention {
  code: string;
  /** As written in the question. */
  text: string;
  start: number;
  end: number;
  via: Via;
  /** "Germany": a member state named, read as the jurisdiction whose programme covers it (`code`, the EU). */
  member?: string;
}

export interface Jurisdictions {
  /** Distinct, in order of first mention. */
  codes: string[];
  mentions: JurisdictionMention[];
  /** A name several jurisdictions share (SAT: Mexico and Guatemala) that nothing else in the question settles. */
  ambiguous: { text: string; codes: string[] }[];
  /** Capitalised names where a jurisdiction goes that are none ("MRA with Wakanda"). */
  unknownNames: string[];
  /** Two jurisdictions written as a pair: "A and B", "A-B", "A/B", "A vs B", "entre A y B", "A et B". */
  pair: boolean;
}

/**
 * Stage 1 of understanding a question: which customs jurisdictions it is about. Country names, codes and demonyms
 * come from the CountryResolver; programme and agency names from the knowledge pages' front matter, so a page that
 * adds `agency: [..., SENAE]` makes "SENAE" understood without a code change. Built once; find() is pure.
 */
export class JurisdictionFinder {
  private constructor(
    private readonly table: NameTable,
    /** A member without a page of its own -> the jurisdiction whose programme covers it (Germany -> EU). */
    private readonly memberOf: ReadonlyMap<string, string> = new Map(),
    /** Jurisdictions with a programme page of their own (one jurisdiction in its front matter). */
    private readonly paged: ReadonlySet<string> = new Set(),
  ) {}

  hasProgrammePage(code: string): boolean {
    return this.paged.has(code);
  }

  /** `metas` are `index.manifest.files[*].meta` at run time; `isWord` keeps ordinary words from typo correction. */
  static fromMetas(metas: DocMeta[], resolver: CountryResolver, isWord?: (word: string) => boolean): JurisdictionFinder {
    return new JurisdictionFinder(NameTable.build(metas, resolver, isWord), membersOf(metas), pagedCodes(metas));
  }

  /** The same finder with its name table built in slices, awaiting `pause` between them (before an index swap). */
  static async inSlices(
    metas: DocMeta[], resolver: CountryResolver, isWord: (word: string) => boolean, pause: () => Promise<void>,
  ): Promise<JurisdictionFinder> {
    return new JurisdictionFinder(await NameTable.buildInSlices(metas, resolver, isWord, pause), membersOf(metas), pagedCodes(metas));
  }

  find(text: string): Jurisdictions {
    const tokens = wordTokens(text);
    const shouting = isShouting(tokens);
    const spans = withoutFunctionWordCodes(text, tokens, confirmWeak(text, tokens, scanSpans(text, tokens, this.table, shouting)));
    const ambiguous: Jurisdictions['ambiguous'] = [];
    const mentions: JurisdictionMention[] = [];
    const settled = settle(spans);
    for (const s of settled) {
      const first = tokens[s.first];
      const last = tokens[s.last];
      if (!first || !last) continue;
      const written = text.slice(first.start, last.end);
      if (s.codes.length > 1) {
        if (!ambiguous.some((a) => a.text === written)) ambiguous.push({ text: written, codes: s.codes });
        continue;
      }
      for (const code of s.codes) {
        const covering = this.memberOf.get(code);
        const at = { text: written, start: first.start, end: last.end, via: s.via };
        mentions.push(covering ? { ...at, code: covering, member: code } : { ...at, code });
      }
    }
    return {
      codes: [...new Set(mentions.map((m) => m.code))],
      mentions,
      ambiguous,
      unknownNames: unknownNames(text, tokens, spans, shouting),
      pair: writtenAsPair(text, tokens, settled.filter((s) => s.codes.length === 1)),
    };
  }
}

/**
 * Members a programme page lists (`members`: the EU's Member States) that have no page of their own: a question
 * about one of them is about that programme ("if Germany grants us AEO, is it good in France?").
 */
function pagedCodes(metas: DocMeta[]): Set<string> {
  const out = new Set<string>();
  for (const m of metas) {
    const [code, ...more] = m.jurisdictions ?? [];
    if (code && !more.length && m.kind === 'page' && m.topics.includes('programme')) out.add(code);
  }
  return out;
}

function membersOf(metas: DocMeta[]): Map<string, string> {
  const own = new Set(metas.flatMap((m) => m.jurisdictions ?? []));
  const out = new Map<string, string>();
  for (const meta of metas) {
    const [code, ...more] = meta.jurisdictions ?? [];
    if (!code || more.length) continue;
    for (const member of meta.members ?? []) if (!own.has(member) && !out.has(member)) out.set(member, code);
  }
  return out;
}

/**
 * "which IN governs the brazilian OEA?": a code that is also a function word gives way to a jurisdiction named,
 * unless the two are written as a pair ("NO - EU MRA").
 */
function withoutFunctionWordCodes(text: string, tokens: WordToken[], spans: Span[]): Span[] {
  const named = spans.filter((s) => s.via !== 'code' && s.codes.length === 1);
  if (!named.length) return spans;
  const paired = (s: Span) => named.some((n) => writtenAsPair(text, tokens, [s, n].sort((a, b) => a.first - b.first)));
  return spans.filter((s) => s.via !== 'code' || !FUNCTION_WORD_CODES.has(tokens[s.first]?.raw ?? '') || paired(s));
}

/**
 * A shared acronym takes the one of its jurisdictions that the question also names, the nearest if several
 * ("SAT Mexico", "SAT de Guatemala"); otherwise it stays ambiguous and the caller asks which one.
 */
function settle(spans: Span[]): Span[] {
  return spans.map((s) => {
    if (s.codes.length < 2) return s;
    let best: { code: string; distance: number } | undefined;
    for (const o of spans) {
      const code = o.codes.length === 1 ? o.codes[0] : undefined;
      if (!code || !s.codes.includes(code)) continue;
      const distance = Math.abs(o.first - s.first);
      if (!best || distance < best.distance) best = { code, distance };
    }
    return best ? { ...s, codes: [best.code] } : s;
  });
}
