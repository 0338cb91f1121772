import type { Answer } from '../core/answer.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { formatPartialDate } from '../knowledge/dates.js';
import { CitationList, withMarker } from './citations.js';
import { declineAnswer } from './decline.js';
import { scoreEvidence, selectEvidence, type Evidence, type Selection } from './evidence.js';
import type { QueryTerm } from './term-weights.js';
import type { ScoredChunk } from '../search/types.js';
import type { Chunk } from '../knowledge/types.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import { suggestFollowUps } from './follow-ups.js';

export interface RetrievalOptions {
  topK: number;
  /** Chunks whose sentences are considered for the answer. */
  readChunks: number;
  minConfidence: number;
  /** Countries and unions a sentence names (codes), to keep other countries' rules out of a country's answer. */
  mentions?: (text: string) => string[];
}

/** An extractive answer with the passages it was read from (none for a decline before retrieval). */
export interface Retrieved { answer: Answer; passages: Chunk[] }

/** Extractive grounded answering: the best sentences of the best passages, each with its citation number. */
export class RetrievalResponder implements Responder {
  readonly name = 'retrieval';

  constructor(private readonly opts: RetrievalOptions) {}

  async respond(q: Question, deps: ResponderDeps): Promise<Answer> {
    return (await this.retrieve(q, deps)).answer;
  }

  /** The extractive answer and the passages it read: the numbered context a generator may answer from. */
  async retrieve(q: Question, deps: ResponderDeps): Promise<Retrieved> {
    const passages: Chunk[] = [];
    return { answer: await this.extract(q, deps, passages), passages };
  }

  private async extract(q: Question, { kb, messages }: ResponderDeps, read: Chunk[]): Promise<Answer> {
    const lang = q.language;
    const terms = kb.weights.queryTerms(q.text, lang);
    if (!terms.length || !kb.weights.anyKnown(q.text, lang)) return declineAnswer(messages, lang);
    const country = q.context.country;
    // A follow-up that does not repeat the country still searches for it.
    const query = country && q.context.countryFromHistory ? `${q.text} ${partyName(country, 'en')}` : q.text;
    // English questions read English passages only (stems collide across languages: "France" / "francas");
    // Spanish and French questions read their own language first, then English.
    const filters = { ...q.context.filters, languages: q.context.filters?.languages ?? (lang === 'en' ? ['en'] : [lang, 'en']) };
    const hits = await kb.retriever.search(query, { k: this.opts.topK, filters, language: lang, jurisdiction: country });
    const reading = hits.slice(0, this.opts.readChunks);
    read.push(...reading.map((h) => h.chunk));
    const focus = country && q.context.countryWords?.length ? { code: country, words: q.context.countryWords } : undefined;
    const scored = scoreEvidence(reading, terms, kb.semantic.embed(q.text), kb.semantic, focus);
    const ranked = preferDefinitions(demoteCaveats(country ? scored.filter((u) => !aboutOtherCountries(u.text, reading[u.hit]?.chunk, country, this.opts.mentions)) : scored, reading, q.text), q.text);
    // Questions asking for a list (requirements, criteria, benefits, which ...) get room for more sentences.
    const selection = LIST_QUESTION.test(q.text) ? selectEvidence(ranked, terms, 6, 1300, true) : selectEvidence(ranked, terms);
    const confidence = scoreConfidence(selection, terms);
    if (!selection.units.length || confidence < this.opts.minConfidence) return declineAnswer(messages, lang, confidence);

    // The best evidence says the sources do not state the answer: that is an "I don't know", said plainly.
    const top = ranked[0]?.score ?? 0;
    const gap = selection.units.find((u) => NOT_STATED.test(u.text) && u.score >= 0.85 * top);
    if (gap) return { ...declineAnswer(messages, lang, confidence), answer: `${messages.text(lang, 'decline_not_stated')} ${gap.text}` };
    if (!country) {
      const clarify = clarifyCountry(selection.units.map((u) => reading[u.hit]?.chunk), hits, q, messages);
      if (clarify) return clarify;
    }
    const citations = new CitationList();
    const parts = selection.units.map((u) => {
      const chunk = reading[u.hit]?.chunk;
      return chunk ? withMarker(u.text, citations.cite(chunk)) : u.text;
    });
    const cited = [...new Set(selection.units.map((u) => reading[u.hit]?.chunk))].filter((c) => c !== undefined);
    return {
      answer: [parts.join(' '), answerNotes(cited, citations, lang, messages)].filter(Boolean).join('\n\n'),
      citations: citations.list(),
      confidence,
      declined: false,
      kind: 'retrieval',
      followUps: suggestFollowUps(kb, q.text, lang, cited, messages),
      language: lang,
    };
  }
}

/** "What is CTPAT?", "¿Qué es el Marco SAFE?", "Qu'est-ce que le PIP ?": the subject of a definition question. */
const DEFINITION = /^\W*(?:what|who)\s+(?:is|are|was)\s+(?:an?\s+|the\s+)?(.{2,60}?)\s*\??\s*$|^\W*qu[eé]\s+(?:es|son)\s+(?:el\s+|la\s+|los\s+|las\s+|un\s+|una\s+)?(.{2,60}?)\s*\??\s*$|^\W*qu['’]est-ce\s+qu(?:e|['’])\s*(?:le\s+|la\s+|les\s+|l['’]|une?\s+)?(.{2,60}?)\s*\??\s*$/i;
const DEFINITION_BONUS = 1.25;

/**
 * For a definition question, sentences that open with the subject and say what it is ("CTPAT ... is the AEO
 * programme of ...") come before sentences that merely mention it ("A CTPAT applicant submits ...").
 */
function preferDefinitions(ranked: Evidence[], question: string): Evidence[] {
  const m = DEFINITION.exec(question.trim());
  const subject = (m?.[1] ?? m?.[2] ?? m?.[3])?.toLowerCase();
  if (!subject) return ranked;
  const defines = (text: string) => {
    const head = text.toLowerCase().slice(0, subject.length + 80);
    const at = head.indexOf(subject);
    return at >= 0 && /^\)?\s+(?:(?:programme|program|programa|framework|scheme|marco)\s+)?(?:is|are|was|es|son|est|sont)\s/.test(head.slice(at + subject.length));
  };
  if (!ranked.some((u) => defines(u.text))) return ranked;
  return ranked.map((u) => (defines(u.text) ? { ...u, score: u.score * DEFINITION_BONUS } : u)).sort((a, b) => b.score - a.score);
}

const CAVEAT_HEADING = /^(caveats?|notes? on (the )?sources|advertencias|mises en garde)$/i;
const ASKS_ABOUT_SOURCES = /\b(sources?|reliab\w*|accura\w*|verif\w*|caveats?|uncertain\w*|fuentes?|fiab\w*|fiable)\b/i;
const CAVEAT_FACTOR = 0.6;

/**
 * Sentences from a page's caveats ("figures come from a 2019 newspaper article") qualify facts; they answer a
 * question only when it asks about the sources themselves.
 */
function demoteCaveats(ranked: Evidence[], reading: ScoredChunk[], question: string): Evidence[] {
  if (ASKS_ABOUT_SOURCES.test(question)) return ranked;
  const isCaveat = (u: Evidence) => !!reading[u.hit]?.chunk.headings.some((h) => CAVEAT_HEADING.test(h.trim()));
  if (!ranked.some(isCaveat)) return ranked;
  return ranked.map((u) => (isCaveat(u) ? { ...u, score: u.score * CAVEAT_FACTOR } : u)).sort((a, b) => b.score - a.score);
}

/**
 * A sentence from a page that is not the asked country's own, naming other countries but not the asked one
 * ("Korea's AEO criteria are ..." in a comparison, asked about the EU): another administration's rule.
 */
function aboutOtherCountries(text: string, chunk: Chunk | undefined, country: string, mentions?: (text: string) => string[]): boolean {
  if (!mentions || !chunk || (chunk.jurisdictions.length === 1 && chunk.jurisdictions[0] === country)) return false;
  const named = mentions(text);
  return named.length > 0 && !named.includes(country);
}

/** What an answer adds after its text: that its sources are in English (for es/fr), and "As of <oldest update>". */
export function answerNotes(cited: Chunk[], citations: CitationList, lang: string, messages: Messages): string {
  const notes: string[] = [];
  if (lang !== 'en' && cited.every((c) => c.language === 'en')) notes.push(messages.text(lang, 'source_in_english'));
  const asOf = citations.asOf();
  if (asOf) notes.push(messages.text(lang, 'as_of', { date: formatPartialDate(asOf, lang) }));
  return notes.join(' ');
}

const isProgrammeChunk = (c: Chunk | undefined): c is Chunk => !!c && c.topics.includes('programme') && c.jurisdictions.length === 1;

/**
 * When no country is known and the chosen sentences come from different countries' programme pages, the answer
 * would mix programmes as if they were one rule: ask which customs administration is meant instead.
 */
function clarifyCountry(chosen: (Chunk | undefined)[], hits: ScoredChunk[], q: Question, messages: Messages): Answer | undefined {
  const fromProgrammes = new Set(chosen.filter(isProgrammeChunk).flatMap((c) => c.jurisdictions));
  if (fromProgrammes.size < 2) return undefined;
  const codes = [...new Set([...fromProgrammes, ...hits.map((h) => h.chunk).filter(isProgrammeChunk).flatMap((c) => c.jurisdictions)])].slice(0, 5);
  const lang = q.language;
  return {
    answer: messages.text(lang, 'clarify_country'),
    citations: [],
    confidence: 0,
    declined: false,
    kind: 'clarify',
    followUps: [],
    language: lang,
    data: { type: 'clarify', choices: codes.map((c) => ({ label: partyName(c, lang), value: `${q.text.replace(/[?？]\s*$/, '')} (${partyName(c, lang)})?` })) },
  };
}

// Sentences in which the knowledge says what its own sources leave out ("the news item does not name ...").
const LIST_QUESTION = /\b(requirements?|criteria|conditions|benefits?|advantages?|steps|documents|which|list|what are|requisitos|criterios|beneficios|ventajas|pasos|cu[aá]les|exigences|crit[eè]res|avantages|[eé]tapes|quels|quelles)\b/i;

const NOT_STATED = /\b(sources?|news item|publication|compendium|facts)\b[^.;]{0,60}\b(does|do|did) not (name|say|state|give|list|mention|specify|report|include)\b|\b(is|are|was|were) not (stated|given|named|reported|published)\b/i;

/** Unknown-term penalty: each rare question word absent from the whole corpus (VAT, laptops, consultant). */
const UNKNOWN_TERM_FACTOR = 0.7;

/**
 * How well the evidence answers the question, 0..1: mostly the best single passage's coverage of the weighted
 * question terms (a union of unrelated sentences must not look like an answer), plus semantic similarity.
 */
export function scoreConfidence(sel: Selection, terms: QueryTerm[]): number {
  const lexical = 0.7 * sel.bestCoverage + 0.3 * sel.coverage;
  const unknown = terms.filter((t) => t.unknown).length;
  return round((0.8 * lexical + 0.2 * sel.semantic) * UNKNOWN_TERM_FACTOR ** unknown);
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}
