import type { PartsData } from '../core/question-parts.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentTokens } from '../answering/text.js';
import { cueText, matcherFor, type CueMatcher } from './cues.js';
import { IntentClassifier, type FacetData, type IntentData } from './intent-classifier.js';
import type { Intent, Query } from './query.js';
import type { SharedNameData } from './shared-names.js';

/** The jurisdictions a text names: the seam to the finder built from the knowledge's front matter. */
export interface JurisdictionSource {
  find(text: string): {
    codes: string[];
    ambiguous: { text: string; codes: string[] }[];
    unknownNames: string[];
    /** How each jurisdiction was named; `via` "programme" or "agency" when by its programme or agency. */
    mentions?: { text: string; code?: string; via?: string }[];
    /** Two jurisdictions written as a pair ("A and B", "A vs B"). */
    pair?: boolean;
  };
  /** True when the knowledge has a programme page of the jurisdiction's own. */
  hasProgrammePage?(code: string): boolean;
  /** True when the text names a regional or plurilateral arrangement (Pacific Alliance, Andean Community). */
  namesArrangement?(text: string): boolean;
  /** The one of `codes` a shared name (`shared`) means, when the rest of the text settles it. */
  settle?(text: string, shared: string, codes: string[], language: string): string | undefined;
}

/** Which words the knowledge uses: the seam to the index's vocabulary. */
export interface Vocabulary {
  /** The share of the text's words (figures aside) the knowledge uses, 0-1; undefined when it has none. */
  knownShare(text: string, language: string): number | undefined;
}

export interface UnderstandContext {
  language: string;
  /** The jurisdiction in focus from earlier turns of the conversation. */
  previous?: string;
}

export interface UnderstandingData {
  intents: IntentData & {
    carry: { referential: Record<string, string[]>; generic: Record<string, string[]> };
    parts: PartsData;
    sharedNames: SharedNameData;
  };
  facets: FacetData;
  /** A language's abbreviations that are another country's code ("RU" in es/fr): src/i18n/abbreviations.ts. */
  abbreviations: Record<string, unknown>;
}

/** The cue files of data/understanding/. */
export function loadUnderstandingData(dataDir: string): UnderstandingData {
  const read = <T>(f: string) => JSON.parse(readFileSync(join(dataDir, f), 'utf8')) as T;
  return { intents: read('intents.json'), facets: read('facets.json'), abbreviations: read('abbreviations.json') };
}

/** Intents whose answer depends on a jurisdiction, so a follow-up without one inherits the earlier one. */
const NEEDS_JURISDICTION: ReadonlySet<Intent> = new Set(['facet', 'registry', 'general']);

/** The carry cues' matchers, built once per cue data (not once per knowledge base). */
const carryMatchers = new WeakMap<object, { referential: CueMatcher; generic: CueMatcher }>();

/** Stage 1 of the pipeline: what the question asks, about which jurisdiction, and what kind of answer it wants. */
export class Understander {
  private readonly referential: CueMatcher;
  private readonly generic: CueMatcher;

  constructor(
    private readonly classifier: IntentClassifier,
    private readonly jurisdictions: JurisdictionSource,
    carry: { referential: Record<string, string[]>; generic: Record<string, string[]> },
    private readonly vocabulary?: Vocabulary,
  ) {
    // The carry cues do not change with the knowledge: matched by the same matchers in every knowledge base's one.
    let matchers = carryMatchers.get(carry);
    if (!matchers) {
      matchers = { referential: matcherFor(carry.referential), generic: matcherFor(carry.generic) };
      carryMatchers.set(carry, matchers);
    }
    this.referential = matchers.referential;
    this.generic = matchers.generic;
  }

  static create(data: UnderstandingData, jurisdictions: JurisdictionSource, vocabulary?: Vocabulary): Understander {
    return new Understander(new IntentClassifier(data.intents, data.facets), jurisdictions, data.intents.carry, vocabulary);
  }

  understand(text: string, ctx: UnderstandContext): Query {
    const found = this.settled(text, ctx.language);
    const namedArrangement = this.jurisdictions.namesArrangement?.(text) ?? false;
    const names = (found.mentions ?? []).map((m) => m.text);
    const knownShare = this.vocabulary?.knownShare(text, ctx.language);
    const c = this.classifier.classify(text, {
      jurisdictions: found.codes.length, namedArrangement, names, pair: !!found.pair,
      ...(knownShare !== undefined ? { knownShare } : {}),
    });
    const query: Query = {
      text,
      language: ctx.language,
      ...c,
      jurisdictions: programmeFirst(
        found.codes, found.mentions ?? [], c.intent, (code) => this.jurisdictions.hasProgrammePage?.(code) ?? true,
      ),
      ambiguous: found.ambiguous,
      unknownNames: found.unknownNames,
      named: (found.mentions ?? []).map((m) => m.text),
    };
    if (ctx.previous && !found.codes.length && !found.ambiguous.length && this.needsJurisdiction(query)) query.carried = ctx.previous;
    return query;
  }

  /** The jurisdictions the text names, with shared names the rest of the question settles taken as settled. */
  private settled(text: string, language: string): ReturnType<JurisdictionSource['find']> {
    const found = this.jurisdictions.find(text);
    const settle = this.jurisdictions.settle;
    if (!settle || !found.ambiguous.length || found.codes.length) return found;
    const codes = [...found.codes];
    const ambiguous = found.ambiguous.filter((a) => {
      const code = settle(text, a.text, a.codes, language);
      if (code && !codes.includes(code)) codes.push(code);
      return !code;
    });
    return { ...found, codes, ambiguous };
  }

  /**
   * A follow-up ("and how long is it valid?", "what about the fees there") needs the earlier jurisdiction; a new
   * generic question ("What is an OEA?", "what does the SAFE Framework require?") does not.
   */
  private needsJurisdiction(q: Query): boolean {
    if (!NEEDS_JURISDICTION.has(q.intent)) return false;
    const t = cueText(q.text);
    if (this.generic.test(t)) return false;
    if (this.referential.test(t)) return true;
    return q.intent !== 'general' || contentTokens(q.text).length <= 3;
  }
}

/** Intents about one programme: its facets, or what the question asks of it in general. */
const ABOUT_ONE_PROGRAMME: ReadonlySet<Intent> = new Set(['facet', 'general']);

/**
 * "our HQ is in Turkey - can we apply for EU AEO?", "when was Thailand added to NZ's SES list": the one
 * jurisdiction named by its programme or agency is what the question asks about when the others have no programme
 * page to answer from; they are its setting. ("did the DR line up its OEA with CTPAT?" is about the DR.)
 */
function programmeFirst(
  codes: string[], mentions: { code?: string; via?: string }[], intent: Intent, paged: (code: string) => boolean,
): string[] {
  if (codes.length < 2 || !ABOUT_ONE_PROGRAMME.has(intent)) return codes;
  const named = mentions.filter((m) => m.code && (m.via === 'programme' || m.via === 'agency'));
  const byProgramme = [...new Set(named.map((m) => m.code))];
  if (byProgramme.length !== 1 || byProgramme[0] === codes[0]) return codes;
  const lead = byProgramme[0] as string;
  if (codes.some((c) => c !== lead && paged(c))) return codes;
  return [lead, ...codes.filter((c) => c !== lead)];
}
