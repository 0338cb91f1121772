import { readFileSync } from 'node:fs';
import { definedTerm } from '../understanding/defined-term.js';
import type { Chunk } from '../knowledge/types.js';
import type { Query } from '../understanding/query.js';
import { FIGURE } from './term-weights.js';
import { NOT_PLACES } from '../understanding/domain-words.js';
import { foldAccents, yearsIn } from './text.js';
import type { Evidence } from './evidence.js';

/** Sentence-choice factors and budgets (data/answering.json). */
export interface ChoiceData {
  definition: number;
  caveat: number;
  answerType: number;
  countrySpecific: number;
  /** A sentence naming years, none of them one the question names ("the 2019 workshop" for "the 2022 workshop"). */
  otherYear?: number;
  /** A sentence naming countries, when the question asks which countries or members (`countriesAsked`). */
  namesCountries?: number;
  countriesAsked?: Record<string, string[]>;
  listQuestion: { maxUnits: number; maxChars: number };
  default: { maxUnits: number; maxChars: number };
  notStated: Record<string, string[]>;
  /** Budgets and the distinctive-word share for programme-facet answers. */
  facet: { maxUnits: number; maxChars: number; distinctiveWeight: number };
}

export function loadChoiceData(file: string): ChoiceData {
  return JSON.parse(readFileSync(file, 'utf8')) as ChoiceData;
}

const CAVEAT_HEADING = /^(caveats?|notes? on (the )?sources|advertencias|mises en garde)$/i;
const ASKS_ABOUT_SOURCES = /\b(sources?|reliab\w*|accura\w*|verif\w*|caveats?|uncertain\w*|fuentes?|fiab\w*|fiable)\b/i;
const DATE = /\b(1[89]\d\d|20\d\d)\b|\b\d{1,2} may\b|\bmay \d{4}\b|\b(?:in|since|from|until|of|by) may\b|\b(january|february|march|april|june|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b/i;

/**
 * Numbers written as words ("five years", "cuatro años", "trois ans"), which answer "how many / how long" too;
 * "free" / "gratuita" / "gratuit" is an amount, the answer to "how much does it cost".
 */
const NUMBER_WORD = /\b(free|gratis|gratuit[oa]s?|gratuite?s?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|dozen|first|second|third|fourth|fifth|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|veinte|cien|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|un|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|vingt|cent|premier|premiere|deuxieme|troisieme|quatrieme)\b/;

export const isCaveatChunk = (c: Chunk | undefined): boolean => !!c?.headings.some((h) => CAVEAT_HEADING.test(h.trim()));

/** True when a sentence carries the kind of value the question asks for (a figure, a date); undefined: not asked. */
export function givesAnswerType(text: string, type: Query['answerType']): boolean | undefined {
  if (type === 'number') return FIGURE.test(text) || NUMBER_WORD.test(foldAccents(text.toLowerCase()));
  if (type === 'date') return DATE.test(foldAccents(text));
  if (type === 'place') return namesPlace(text);
  return undefined;
}

/** "in Kampala", "à Séoul", "en Lima", "held at Brussels": a capitalised name after a preposition of place. */
const PLACE = /(?<![\p{L}])(?:in|at|à|en)\s+(\p{Lu}\p{Ll}+)/gu;

function namesPlace(text: string): boolean {
  return [...text.matchAll(PLACE)].some((m) => !NOT_PLACES.has(foldAccents((m[1] ?? '').toLowerCase())));
}

/**
 * Re-ranks scored sentences by what the question asks: for "what is X" the sentence saying what X is; for "how
 * many" / "when" one with a figure or date; caveats only when the sources are asked about; with no country named,
 * general sentences before one country's rule.
 */
export class SentenceChooser {
  private readonly notStated: RegExp[];
  private readonly countriesAsked: RegExp[];

  constructor(private readonly data: ChoiceData) {
    this.notStated = Object.values(data.notStated).flat().map((p) => new RegExp(p, 'iu'));
    this.countriesAsked = Object.values(data.countriesAsked ?? {}).flat().map((p) => new RegExp(p, 'iu'));
  }

  /** "¿Qué países pidieron el taller?", "which members signed": the answer names countries. */
  asksWhichCountries(question: string): boolean {
    const t = foldAccents(question.toLowerCase());
    return this.countriesAsked.some((re) => re.test(t));
  }

  saysNotStated(text: string): boolean {
    const t = foldAccents(text.toLowerCase());
    return this.notStated.some((re) => re.test(t));
  }

  budget(query: Query | undefined): { maxUnits: number; maxChars: number } {
    return query?.answerType === 'list' || (query?.facet && ['benefits', 'criteria', 'eligibility', 'application'].includes(query.facet))
      ? this.data.listQuestion
      : this.data.default;
  }

  rerank(ranked: Evidence[], chunks: (Chunk | undefined)[], query: Query | undefined, question: string, namesCountry: (text: string) => boolean, country?: string): Evidence[] {
    const subject = query?.intent === 'definition' ? definedTerm(question) : undefined;
    const sources = ASKS_ABOUT_SOURCES.test(question);
    const whichCountries = this.asksWhichCountries(question);
    const asked = new Set(yearsIn(question));
    const out = ranked.map((u) => {
      let f = 1;
      if (asked.size && this.data.otherYear !== undefined) {
        const named = yearsIn(u.text);
        if (named.length && !named.some((y) => asked.has(y))) f *= this.data.otherYear;
      }
      if (subject && defines(u.text, subject)) f *= this.data.definition;
      if (!sources && isCaveatChunk(chunks[u.hit])) f *= this.data.caveat;
      if (query && givesAnswerType(u.text, query.answerType)) f *= this.data.answerType;
      if (whichCountries) f *= namesCountry(u.text) ? this.data.namesCountries ?? 1 : 1;
      else if (!country && namesCountry(u.text)) f *= this.data.countrySpecific;
      return f === 1 ? u : { ...u, score: u.score * f };
    });
    return out.sort((a, b) => b.score - a.score);
  }
}

/** "CTPAT ... is the AEO programme of ...": the sentence opens with the subject and says what it is. */
function defines(text: string, subject: string): boolean {
  const head = text.toLowerCase().slice(0, subject.length + 80);
  const at = head.indexOf(subject);
  return at >= 0 && /^\)?\s+(?:(?:programme|program|programa|framework|scheme|marco)\s+)?(?:is|are|was|es|son|est|sont)\s/.test(head.slice(at + subject.length));
}
