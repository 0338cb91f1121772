import type { Answer, Citation } from '../core/answer.js';
import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { formatPartialDate } from '../knowledge/dates.js';
import type { FacetCatalogue } from '../understanding/facet-catalogue.js';
import type { Facet } from '../understanding/query.js';
import { CitationList, citedText, quotesEnglish, sentenceIn } from './citations.js';
import { declineAnswer, notCoveredAnswer } from './decline.js';
import { clarifyAnswer } from './clarify.js';
import { alternateMatch } from './alternate-questions.js';
import { scoreEvidence, selectEvidence, type Evidence, type Selection } from './evidence.js';
import { relevance, type FeatureVector, type RelevanceModel } from './relevance-model.js';
import { countedWord, countsWhat, sameCount } from './counted-figures.js';
import { stem } from '../search/analyzer.js';
import { textStems } from './chunk-text.js';
import { givesAnswerType, type SentenceChooser } from './sentence-choice.js';
import { topicFirstSubject, withoutManner } from '../understanding/defined-term.js';
import type { AnswerType } from '../understanding/query.js';
import { contentTokens, foldAccents } from './text.js';
import { cueText } from '../understanding/cues.js';
import { coversJurisdiction, programmePages } from '../responders/programme-pages.js';
import { mentionsField } from '../understanding/domain-words.js';
import type { YesNo } from './yes-no.js';
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
  /** The fitted decision: probability that the chosen passage answers the question, and the threshold. */
  relevance: RelevanceModel;
  /** Overrides the model's threshold (MIN_CONFIDENCE), for operators who want the bot more or less cautious. */
  minConfidence?: number;
  chooser: SentenceChooser;
  /** Which facet a page section answers, for the facet-match signal. */
  facets?: FacetCatalogue;
  /** Countries and unions a sentence names (codes), to keep other countries' rules out of a country's answer. */
  mentions?: (text: string) => string[];
  /** Opens the answer to a yes/no question with its yes or no, when the sentences settle it. */
  yesNo?: YesNo;
}

/** An extractive answer with the passages it was read from (none for a decline before retrieval). */
export interface Retrieved {
  answer: Answer;
  passages: Chunk[];
  /** A provisional answer ("my sources don't state the fee for X"): free retrieval is tried first. */
  tentative?: boolean;
}

/** A narrower way to answer tried before free retrieval: a programme facet read from its page section. */
export interface FocusedRetriever {
  retrieve(q: Question, deps: ResponderDeps): Promise<Retrieved | undefined>;
  /** Whether a free-retrieval answer states what the focused one could not find (e.g. a fee for a fee question). */
  states(q: Question, text: string, deps?: ResponderDeps, citations?: Citation[]): boolean;
}

/** The answer retrieval would give, with the signals the decision weighed (for fitting the model). */
export interface Considered { answer: Answer; features?: FeatureVector; probability: number }

/** Extractive grounded answering: the best sentences of the best passages, each with its citation number. */
export class RetrievalResponder implements Responder {
  readonly name = 'retrieval';

  constructor(private readonly opts: RetrievalOptions, private readonly focused?: FocusedRetriever) {}

  async respond(q: Question, deps: ResponderDeps): Promise<Answer> {
    return (await this.retrieve(q, deps)).answer;
  }

  /** The extractive answer and the passages it read: the numbered context a generator may answer from. */
  async retrieve(q: Question, deps: ResponderDeps): Promise<Retrieved> {
    const found = await this.find(q, deps);
    const yesNo = this.opts.yesNo;
    return yesNo ? { ...found, answer: yesNo.apply(found.answer, q.text, q.query, deps.messages) } : found;
  }

  private async find(q: Question, deps: ResponderDeps): Promise<Retrieved> {
    const focused = await this.focused?.retrieve(q, deps);
    if (focused && !focused.tentative) return focused;
    const passages: Chunk[] = [];
    const free = await this.extract(q, deps, passages);
    // The facet's section is missing: another part of the country's page may still say it; if not, say exactly
    // what is not stated rather than a generic "I don't know".
    const usable = !free.answer.declined && free.answer.kind === 'retrieval' && free.features?.jurisdictionMatch === 1;
    // The "not stated" decline keeps its marker: a compound answer shows it for a later question.
    if (focused && !(usable && this.focused?.states(q, free.answer.answer, deps, free.answer.citations))) return { answer: focused.answer, passages: [] };
    return { answer: free.answer, passages };
  }

  /** Free retrieval only, never declining on the model: what the fit script learns from. */
  async consider(q: Question, deps: ResponderDeps): Promise<Considered> {
    return this.extract(q, deps, [], true);
  }

  private get threshold(): number {
    return this.opts.minConfidence ?? this.opts.relevance.threshold;
  }

  private async extract(q: Question, deps: ResponderDeps, read: Chunk[], force = false, byTopic = true): Promise<Considered> {
    const { kb, messages } = deps;
    const lang = q.language;
    const decline = (p = 0): Considered => ({ answer: declineAnswer(messages, lang, p), probability: p });
    // "aeo - what is it exactly, like in one line" is read as what it asks about; the rest is chat.
    const subject = q.query?.intent === 'definition' ? topicFirstSubject(q.text) : undefined;
    // "c'est quoi un OEA exactement ?": how the user wants it said is no word to search for ("exact date").
    const asked = subject ? `what is ${subject}` : q.query?.intent === 'definition' ? withoutManner(q.text) : q.text;
    const terms = kb.weights.queryTerms(asked, lang);
    if (!terms.length || !kb.weights.anyKnown(q.text, lang)) return decline();
    const country = q.context.country;
    // "Does Haiti have an AEO programme?": no page says anything about it, so no passage about others answers it.
    const mentions = this.opts.mentions;
    if (!force && country && !q.context.countryFromHistory && mentions && !q.query?.mentionsMra && !coversJurisdiction(kb, country, mentions)) {
      return { answer: notCoveredAnswer(messages, lang, country), probability: 0 };
    }
    // A follow-up that does not repeat the country still searches for it.
    const query = country && q.context.countryFromHistory ? `${asked} ${partyName(country, 'en')}` : asked;
    // English questions read English passages only (stems collide across languages: "France" / "francas");
    // Spanish and French questions read their own language first, then English.
    const filters = { ...q.context.filters, languages: q.context.filters?.languages ?? (lang === 'en' ? ['en'] : [lang, 'en']) };
    const search = (f: typeof filters) => kb.retriever.search(query, { k: this.opts.topK, filters: f, language: lang, jurisdiction: country });
    // Read first in the pages on the question's topic: "how many days did the workshop last?" in the workshop pages,
    // not a programme's deadlines; "general steps to become an AEO?" in the pages on applying, not on who may.
    const topic = q.query?.aboutWorkshop ? 'workshop' : !country && q.query?.intent === 'facet' ? q.query.facet : undefined;
    const onTopic = byTopic && topic && !filters.topics ? await search({ ...filters, topics: [topic] }) : [];
    const hits = onTopic.length ? onTopic : await search(filters);
    // A definition may sit in any passage that uses the term: "what is X" reads every passage retrieved.
    const reading = withMainWord(hits, q.query?.intent === 'definition' ? this.opts.topK : this.opts.readChunks, terms);
    read.push(...reading.map((h) => h.chunk));
    if (!reading.length) return decline();
    // "Who runs the OEA programme?", "how much is the fee?": each administration answers differently.
    const facet = q.query?.facet;
    // ... but "how do I calculate landed cost?" is no question about a programme's fee: nothing of the field in it.
    const aboutField = mentionsField(contentTokens(foldAccents(q.text.toLowerCase())));
    if (!country && !force && facet && aboutField && this.opts.facets?.isPerProgramme(facet)) {
      const clarify = clarifyCountry(reading.map((h) => h.chunk), hits, q, messages);
      if (clarify) return { answer: clarify, probability: 0 };
    }
    const focus = country && q.context.countryWords?.length ? { code: country, words: q.context.countryWords } : undefined;
    const scored = scoreEvidence(reading, terms, kb.semantic.embed(asked), kb.semantic, focus);
    const kept = country ? scored.filter((u) => !aboutOtherCountries(u.text, reading[u.hit]?.chunk, country, mentions)) : scored;
    const namesCountry = (text: string) => !!mentions && mentions(text).length > 0;
    const ranked = this.opts.chooser.rerank(kept, reading.map((h) => h.chunk), q.query, q.text, namesCountry, country);
    const budget = this.opts.chooser.budget(q.query);
    let selection = selectEvidence(ranked, terms, budget.maxUnits, budget.maxChars, budget.maxUnits > 3);
    if (!selection.units.length) return decline();
    // A caveat qualifies a fact, never replaces it: the sentence stating what the caveat is about leads, the caveat
    // after it.
    const stating = this.statingInsteadOfGap(selection, ranked, terms, q.query?.answerType);
    if (stating) selection = ledBy(stating.fact, ranked, terms, budget);

    // "How many countries took part?" is not answered by "80 participants": a sentence must count what is asked.
    const counted = force ? undefined : countedWord(q.text);
    const counting = counted ? this.countingSentence(counted, q, selection, ranked, reading, terms, kb) : 'none';
    if (counting === 'missing') {
      const answer = messages.text(lang, 'decline_not_counted', { what: counted ?? '' });
      return { answer: { ...declineAnswer(messages, lang, 0), answer }, probability: 0 };
    }
    if (counting !== 'none' && counting !== 'chosen') selection = ledBy(counting, ranked, terms, budget);

    const features = this.features(q, selection, ranked, reading, terms, kb);
    const probability = round(relevance(this.opts.relevance, features));
    // The knowledge itself says its sources leave out what the question turns on: an "I don't know", said with
    // what the page says. A caveat about something else only qualifies the facts.
    const gap = stating ? undefined : this.gapOnSubject(selection, terms, q.query?.answerType);
    if (!force && gap) {
      const answer = notStatedText(gap, reading, lang, messages);
      return { answer: { ...declineAnswer(messages, lang, probability), answer }, features, probability };
    }
    // A country without a programme page of its own: the passages mention it, but none states the asked facet.
    if (!force && country && facet && !hasProgrammePage(kb, country, lang) && !this.statesFacet(facet, selection)) {
      const vars = { facet: messages.text(lang, `facet_${facet}`), country: partyName(country, lang) };
      const text = messages.text(lang, 'decline_facet_thin', vars);
      return { answer: { ...declineAnswer(messages, lang, probability), answer: text }, features, probability };
    }
    if (!force && (probability < this.threshold || unknownAcronym(q.text, selection, terms))) {
      // The topic's pages were read first; when they do not answer, every page is ("what does implementing AEO and
      // MRAs need?" asks no programme's criteria: the workshop news item says it).
      if (onTopic.length) return this.extract(q, deps, read, force, false);
      return { ...decline(probability), features };
    }
    // "c'est quoi un OEA ?" asks what the concept is, the same everywhere: no administration to choose.
    if (!country && !force && q.query?.intent !== 'definition') {
      const clarify = clarifyCountry(selection.units.map((u) => reading[u.hit]?.chunk), hits, q, messages);
      if (clarify) return { answer: clarify, features, probability };
    }
    const citations = new CitationList();
    const parts = selection.units.map((u) => {
      const chunk = reading[u.hit]?.chunk;
      return chunk ? citedText(u.text, chunk, lang, citations.cite(chunk)) : u.text;
    });
    const cited = [...new Set(selection.units.map((u) => reading[u.hit]?.chunk))].filter((c) => c !== undefined);
    const answer: Answer = {
      answer: [parts.join(' '), answerNotes(cited, citations, lang, messages)].filter(Boolean).join('\n\n'),
      citations: citations.list(),
      confidence: probability,
      declined: false,
      kind: 'retrieval',
      followUps: suggestFollowUps(kb, q.text, lang, cited, messages),
      language: lang,
    };
    return { answer, features, probability };
  }

  /** True when a chosen sentence states the facet (a fee, a deadline...) by its "states" words, and not as a gap. */
  private statesFacet(facet: Facet, sel: Selection): boolean {
    const m = this.opts.facets?.statesMatcher(facet);
    return !m || m.empty || sel.units.some((u) => m.test(cueText(u.text)) && !this.opts.chooser.saysNotStated(u.text));
  }

  /**
   * A chosen sentence saying "not stated" that is the only one covering a main word of the question (at least half
   * the heaviest word's weight): what the question turns on is what the sources leave out.
   */
  private gapOnSubject(sel: Selection, terms: QueryTerm[], type?: AnswerType): Evidence | undefined {
    if (!terms.length) return undefined;
    const heaviest = Math.max(...terms.map((t) => t.weight));
    // "over 52% of imports, by a figure whose date is not stated" answers "what share?": the caveat qualifies it.
    const gaps = sel.units.filter((u) => this.opts.chooser.saysNotStated(u.text) && !(type === 'number' && givesAnswerType(u.text, type)));
    if (!gaps.length) return undefined;
    for (const [i, t] of terms.entries()) {
      if (t.weight < heaviest / 2) continue;
      const covering = sel.units.filter((u) => (u.credits[i] ?? 0) >= 1);
      if (covering.length && covering.every((u) => gaps.includes(u))) return covering[0];
    }
    return undefined;
  }

  /**
   * When a "not stated" sentence is what the question turns on, a sentence among the best ranked that covers the
   * same main words and states something (not another gap) answers instead: "the WCO called the workshop a first
   * step toward what?" is answered by the sentence saying it, not by "... beyond calling it a first step".
   */
  private statingInsteadOfGap(
    sel: Selection, ranked: Evidence[], terms: QueryTerm[], type?: AnswerType,
  ): { fact: Evidence; gap: Evidence } | undefined {
    const gap = this.gapOnSubject(sel, terms, type);
    if (!gap) return undefined;
    const heaviest = Math.max(...terms.map((t) => t.weight));
    const main = terms.map((t, i) => ({ t, i }))
      .filter(({ t, i }) => t.weight >= heaviest / 2 && (gap.credits[i] ?? 0) >= 1);
    // Words the sentence itself holds: a heading's words ("online course") say nothing about another event.
    const weight = (u: Evidence) => main.reduce((s, { t, i }) => s + ((u.credits[i] ?? 0) >= 1 ? t.weight : 0), 0);
    const needed = STATING_SHARE * weight(gap);
    const fact = ranked
      .slice(0, STATING_DEPTH)
      .find((u) => u !== gap && !this.opts.chooser.saysNotStated(u.text) && weight(u) >= needed);
    return fact ? { fact, gap } : undefined;
  }

  /**
   * For a question counting `word` ("cuántos países..."): 'chosen' when a chosen sentence has a figure counting it,
   * else the best ranked sentence that has one, else 'missing'; 'none' when the check cannot tell.
   */
  private countingSentence(
    word: string, q: Question, sel: Selection, ranked: Evidence[], reading: ScoredChunk[], terms: QueryTerm[],
    kb: KnowledgeBase,
  ): Evidence | 'chosen' | 'missing' | 'none' {
    // Whether a passage counts the asked word is told in the question's own language only: an English passage
    // may name it by a translation the lexicon lacks, and "no figure counts it" would then be a false decline.
    const own = (u: Evidence) => reading[u.hit]?.chunk.language === q.language;
    if (!sel.units.some(own)) return 'none';
    const term = terms.find((t) => t.raw === word || t.stems.includes(stem(word, q.language)));
    if (!term) return 'none';
    const row = kb.semantic.wordRow(term.raw);
    const same = sameCount(term.raw);
    const isCounted = (w: string) => {
      if (same.has(w) || term.stems.includes(stem(w, 'en')) || term.stems.includes(stem(w, q.language))) return true;
      // Words of one family share their first letters where stemmers part them: "aduanas", "aduaneras".
      if (w.length >= FAMILY_PREFIX + 1 && term.raw.length >= FAMILY_PREFIX && w.startsWith(term.raw.slice(0, FAMILY_PREFIX))) return true;
      const other = row === undefined ? undefined : kb.semantic.wordRow(w);
      return row !== undefined && other !== undefined && kb.semantic.wordSimilarity(row, other) >= COUNTED_SIMILARITY;
    };
    if (sel.units.some((u) => !own(u) || countsWhat(u.text, isCounted, COUNTED_WINDOW, true))) return 'chosen';
    return ranked.slice(0, STATING_DEPTH).find((u) => own(u) && countsWhat(u.text, isCounted, COUNTED_WINDOW, true)) ?? 'missing';
  }

  private features(q: Question, sel: Selection, ranked: Evidence[], reading: ScoredChunk[], terms: QueryTerm[], kb: KnowledgeBase): FeatureVector {
    const best = ranked[0];
    const chunk = best ? reading[best.hit]?.chunk : undefined;
    const country = q.context.country;
    const query = q.query;
    const totalWeight = terms.reduce((s, t) => s + t.weight, 0) || 1;
    const tokens = contentTokens(q.text);
    const known = tokens.filter((t) => kb.weights.docFreq(kb.weights.queryTerms(t, q.language)[0]?.stems ?? []) > 0).length;
    const asked = query ? query.answerType === 'number' || query.answerType === 'date' : false;
    const met = query ? sel.units.some((u) => givesAnswerType(u.text, query.answerType)) : false;
    return {
      bestCoverage: sel.bestCoverage,
      coverage: sel.coverage,
      semantic: sel.semantic,
      bm25: Math.min(1, Math.log1p(reading[0]?.bm25Score ?? 0) / Math.log1p(BM25_HIGH)),
      altQuestion: alternateMatch(q.text, q.language, reading.slice(0, 3).map((h) => h.chunk)),
      jurisdictionMatch: country && chunk?.jurisdictions.includes(country) ? 1 : 0,
      otherJurisdiction: country && chunk && chunk.jurisdictions.length === 1 && chunk.jurisdictions[0] !== country && chunk.jurisdictions[0] !== 'INT' ? 1 : 0,
      noJurisdiction: country ? 0 : 1,
      facetMatch: query?.facet && chunk && this.opts.facets?.isSectionOf(query.facet, chunk.headings) ? 1 : 0,
      typeAsked: asked ? 1 : 0,
      typeMet: asked && met ? 1 : 0,
      unknownShare: terms.filter((t) => t.unknown).reduce((s, t) => s + t.weight, 0) / totalWeight,
      knownShare: tokens.length ? known / tokens.length : 0,
      notStated: best && this.opts.chooser.saysNotStated(best.text) ? 1 : 0,
      intentGeneral: !query || (query.intent === 'general' && !query.facet) ? 1 : 0,
      ...termCover(sel, terms),
    };
  }
}

/**
 * No passage is about the question's subject: it names an acronym the knowledge never uses ("the standard VAT
 * rate", "ERP software") and no chosen sentence covers it. Unknown lower-case words are often typos or everyday
 * phrasing, so they are left to the relevance model.
 */
function unknownAcronym(question: string, sel: Selection, terms: QueryTerm[]): boolean {
  const acronyms = new Set((question.match(/\b[A-Z]{2,6}\b/g) ?? []).map((a) => a.toLowerCase()));
  return terms.some((t, i) => t.unknown && acronyms.has(t.raw) && Math.max(0, ...sel.units.map((u) => u.credits[i] ?? 0)) < 0.5);
}

/**
 * The first `n` hits, and when none of them holds the question's heaviest word, the best further hit that does:
 * "who were the speakers at the workshop?" reads the section saying the speakers are not named, though the
 * workshop's other sections rank above it.
 */
function withMainWord(hits: ScoredChunk[], n: number, terms: QueryTerm[]): ScoredChunk[] {
  const first = hits.slice(0, n);
  const main = terms.reduce<QueryTerm | undefined>((m, t) => (!t.unknown && (!m || t.weight > m.weight) ? t : m), undefined);
  if (!main || hits.length <= n) return first;
  const holds = (h: ScoredChunk) => main.stems.some((st) => textStems(h.chunk).has(st));
  if (first.some(holds)) return first;
  const further = hits.slice(n).find(holds);
  return further ? [...first, further] : first;
}

/** How many of the best ranked sentences are read for one stating what a "not stated" caveat is about. */
const STATING_DEPTH = 10;
/** ... and the share of the caveat's main words (by weight) it must cover. */
const STATING_SHARE = 0.7;

/** The selection with `lead` first, the rest chosen as usual after it. */
function ledBy(lead: Evidence, ranked: Evidence[], terms: QueryTerm[], budget: { maxUnits: number; maxChars: number }): Selection {
  const { maxUnits, maxChars } = budget;
  const picked = selectEvidence([lead, ...ranked.filter((u) => u !== lead)], terms, maxUnits, maxChars, maxUnits > 3);
  return { ...picked, units: [lead, ...picked.units.filter((u) => u !== lead)] };
}

/** Words after a figure that may name what it counts ("97 operational AEO programmes"). */
const COUNTED_WINDOW = 4;
/** Word-vector similarity at which a word counts as the one asked about ("firms" for "companies"). */
const COUNTED_SIMILARITY = 0.7;
/** Letters two words of one family share at their start ("aduan-as", "aduan-eras"). */
const FAMILY_PREFIX = 5;

/** A BM25 score this high or more counts as a full lexical match (scores here run from about 1 to 60). */
const BM25_HIGH = 60;

/** How the question's heaviest words fare in the chosen sentences: a rare word left uncovered is a bad sign. */
function termCover(sel: Selection, terms: QueryTerm[]): { missingRare: number; topTermsCovered: number } {
  const covered = terms.map((_, i) => Math.max(0, ...sel.units.map((u) => u.credits[i] ?? 0)));
  const heaviest = Math.max(0, ...terms.map((t) => t.weight)) || 1;
  const missing = terms.filter((_, i) => (covered[i] ?? 0) < 0.5).map((t) => t.weight);
  const order = terms.map((t, i) => ({ w: t.weight, c: covered[i] ?? 0 })).sort((a, b) => b.w - a.w).slice(0, 3);
  return {
    missingRare: missing.length ? Math.max(...missing) / heaviest : 0,
    topTermsCovered: order.length ? order.reduce((s, o) => s + Math.min(1, o.c), 0) / order.length : 0,
  };
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

/**
 * "My sources say this is not stated", with the sentence that shows it, quoted «...» with the note when it is
 * English in a Spanish or French answer.
 */
function notStatedText(said: Evidence, reading: ScoredChunk[], lang: string, messages: Messages): string {
  const from = reading[said.hit]?.chunk;
  if (!from) return `${messages.text(lang, 'decline_not_stated')} ${said.text}`;
  const note = quotesEnglish([from], lang) ? ` ${messages.text(lang, 'source_in_english')}` : '';
  return `${messages.text(lang, 'decline_not_stated')} ${sentenceIn(said.text, from, lang)}${note}`;
}

/** What an answer adds after its text: that its «quotes» are from English sources (es/fr), and "As of <oldest update>". */
export function answerNotes(cited: Chunk[], citations: CitationList, lang: string, messages: Messages): string {
  const notes: string[] = [];
  if (quotesEnglish(cited, lang)) notes.push(messages.text(lang, 'source_in_english'));
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
  return clarifyAnswer(messages.text(q.language, 'clarify_country'), codes, q);
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}

function hasProgrammePage(kb: KnowledgeBase, code: string, lang: string): boolean {
  return programmePages(kb, code, lang).length > 0;
}
