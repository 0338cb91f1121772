import { NOT_STATED, type Answer, type Citation } from '../core/answer.js';
import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import type { Chunk } from '../knowledge/types.js';
import { CitationList, citedText, withMarker, withoutMarkers } from '../answering/citations.js';
import { scoreEvidence } from '../answering/evidence.js';
import { answerNotes, type Retrieved } from '../answering/retrieval-responder.js';
import { splitUnits } from '../answering/units.js';
import { unitTexts } from '../answering/chunk-text.js';
import { givesAnswerType, isCaveatChunk } from '../answering/sentence-choice.js';
import { contentTokens } from '../answering/text.js';
import { countsWhatIsStated } from '../answering/counted-figures.js';
import { notCoveredAnswer } from '../answering/decline.js';
import { DOMAIN_TERMS } from '../understanding/domain-words.js';
import { cueText } from '../understanding/cues.js';
import type { FacetCatalogue } from '../understanding/facet-catalogue.js';
import type { Facet, Query } from '../understanding/query.js';
import { coversJurisdiction, programmePages, type ProgrammePage } from './programme-pages.js';

export interface FacetOptions {
  /** Most sentences in one facet answer, and their total length. */
  maxUnits: number;
  maxChars: number;
  /**
   * A question word weighing at least this share of its heaviest word is distinctive ("CARM" in "do we need a CARM
   * account to apply?"): when the facet's sentences lack it, the page sentence that has it is read first.
   */
  distinctiveWeight: number;
}

interface Picked { text: string; chunk: Chunk; order: number }

/** Passages a model rewriting a facet answer may read (the extractive answer cites fewer). */
const MODEL_PASSAGES = 5;

/**
 * A programme facet (benefits, fees, validity...) answered from that programme's own page: the section that the
 * facet names, else sentences of the page that state it, else an exact "my sources don't state X for Y".
 */
export class FacetResponder implements Responder {
  readonly name = 'facet';
  // What a page's sentences say does not change with the question: its MRA sentences, and the sentences stating
  // each facet (its `states` cues), are found once per page (in reading order), not on every ask.
  private readonly mraUnits = new WeakMap<ProgrammePage, Picked[]>();
  private readonly stating = new WeakMap<ProgrammePage, Map<Facet, Picked[]>>();
  constructor(
    private readonly catalogue: FacetCatalogue,
    /** Jurisdictions a text names: a country some page discusses is covered even without its own page. */
    private readonly mentions: (text: string) => string[] = () => [],
    private readonly opts: FacetOptions = { maxUnits: 6, maxChars: 1100, distinctiveWeight: 0.6 },
  ) {}

  async respond(q: Question, deps: ResponderDeps): Promise<Answer | undefined> {
    return (await this.retrieve(q, deps))?.answer;
  }

  /** The facet answer with the passages it was read from (for a model to rewrite), or undefined: not a facet. */
  async retrieve(q: Question, deps: ResponderDeps): Promise<Retrieved | undefined> {
    const answer = await this.answer(q, deps);
    if (!answer) return undefined;
    // A "not stated" decline is tentative: retrieval may still find the fact elsewhere on the page first.
    if (answer.declined) return { answer, passages: [], tentative: answer.data === NOT_STATED };
    // A model rewriting the answer reads the cited sections first, then the rest of the page for context.
    const cited = answer.citations.map((c) => this.chunkOf(deps.kb, c)).filter((c): c is Chunk => !!c);
    const page = q.context.country ? programmePages(deps.kb, q.context.country, q.language)[0]?.chunks ?? [] : [];
    return { answer, passages: [...cited, ...page.filter((c) => !cited.includes(c))].slice(0, MODEL_PASSAGES) };
  }

  /** True when the text has a sentence stating the question's facet (a fee, a deadline...). */
  states(q: Question, text: string, deps?: ResponderDeps, citations: Citation[] = []): boolean {
    const query = q.query;
    const facet = query?.facet;
    if (!query || !facet) return true;
    const m = this.catalogue.statesMatcher(facet);
    const code = q.context.country;
    const page = deps && code ? programmePages(deps.kb, code, q.language)[0] : undefined;
    const plain = (u: string) => (page ? withoutOwnNames(cueText(u), page) : cueText(u));
    const valued = this.valueFilter(facet, query);
    // Some sentence must both state the facet and give the value asked for ("how many" wants a figure).
    // Citation markers ("[1]") are no figures.
    // "AEO benefits typically include..." from a general page states no benefit of this programme.
    const files = deps?.kb.index.manifest.files;
    const aboutOther = (u: string) => {
      const cited = [...u.matchAll(/\[(\d+)\]/g)].map((n) => citations.find((c) => c.n === Number(n[1]))?.source);
      return !!code && !!files && cited.length > 0 && cited.every((f) => !f || !files[f]?.meta.jurisdictions?.includes(code));
    };
    return splitUnits(text.split(/\n\n/)[0] ?? text)
      .filter((u) => !aboutOther(u))
      .map(withoutMarkers)
      .some((u) => (!m || m.empty || m.test(plain(u))) && valued({ text: u } as Picked));
  }

  private chunkOf(kb: KnowledgeBase, c: { source: string; section?: string }): Chunk | undefined {
    return kb.index.chunks.find((k) => k.file === c.source && k.headings.join(' > ') === (c.section ?? ''));
  }

  private async answer(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    const query = q.query;
    const code = q.context.country;
    if (!query || !code) return undefined;
    const facet = query.facet ?? (query.intent === 'definition' && definesProgramme(query) ? 'name' : undefined);
    if (!facet) return undefined;
    const pages = programmePages(kb, code, q.language);
    const lang = q.language;
    if (!pages.length) {
      // What a programme is called or who runs it needs the programme's own page; a mention elsewhere is no answer.
      const needsPage = this.catalogue.isPerProgramme(facet) && !query.mentionsMra;
      return !needsPage && (coversJurisdiction(kb, code, this.mentions) || query.mentionsMra) ? undefined : notCoveredAnswer(messages, lang, code);
    }
    const page = pages[0] as ProgrammePage;
    if (facet === 'agency') {
      const stating = agencySentences(page);
      if (stating.length) return compose(stating, messages, lang, page, facet, 0.9);
    }
    if (facet === 'name' || facet === 'agency') {
      const named = this.fromFrontMatter(page, messages, lang, code, query);
      if (named) return named;
    }
    // "What do AEOS holders get under the EU's MRAs?": the page's MRA section answers, not its benefits list.
    const mra = query.mentionsMra ? this.fromMraSection(page, query, kb) : undefined;
    const stated = (f: Facet) => this.fromSection(page, f, query, kb) ?? this.fromStatements(page, f, query, kb);
    const picked = mra ?? stated(facet);
    if (picked?.length) return compose(this.withDistinctive(page, picked, query, kb), messages, lang, page, facet, 0.9);
    // "Can we apply with 2 years of operations?": a page without a who-may-apply section answers with its criteria.
    for (const f of this.catalogue.relatedTo(facet)) {
      const near = stated(f);
      if (near?.length) return compose(this.withDistinctive(page, near, query, kb), messages, lang, page, f, 0.8);
    }
    return this.notStated(page, facet, messages, lang, code);
  }

  /** "What is Canada's programme called / who runs it": the front matter says it exactly. */
  private fromFrontMatter(page: ProgrammePage, messages: Messages, lang: string, code: string, query: Query): Answer | undefined {
    const programme = page.meta.programme as { name?: string; agency?: string } | undefined;
    if (!programme?.name) return undefined;
    const overview = page.chunks[0];
    if (!overview) return undefined;
    const citations = new CitationList();
    const n = citations.cite(overview);
    const country = partyName(code, lang);
    const text = programme.agency
      ? messages.text(lang, 'programme_named', { country, name: programme.name, agency: programme.agency })
      : messages.text(lang, 'programme_named_noagency', { country, name: programme.name });
    return {
      answer: [withMarker(text, n), answerNotes([overview], citations, lang, messages)].filter(Boolean).join('\n\n'),
      citations: citations.list(),
      confidence: 0.95,
      declined: false,
      kind: 'retrieval',
      followUps: followUps(page, messages, lang, code, query.facet ? [query.facet] : []),
      language: lang,
    };
  }

  /** "How many", "when", the number of AEOs: only sentences giving such a value answer. */
  private valueFilter(facet: Facet, query: Query): (u: Picked) => boolean {
    const states = this.catalogue.statesMatcher(facet);
    // "How many AEOs?" is answered by a figure counting them ("832 AEOs"), not by "Article 100-A ... companies".
    if (this.catalogue.wantsFigure(facet) && states && !states.empty) return (u) => countsWhatIsStated(u.text, states);
    const type = this.catalogue.wantsDate(facet) ? 'date' : query.answerType;
    // "When does it expire?" is answered by a period ("valid for three years") as well as by a date.
    const period = type === 'date' && (facet === 'validity' || facet === 'duration');
    return (u) => givesAnswerType(u.text, type) !== false || (period && givesAnswerType(u.text, 'number') === true);
  }

  /**
   * A question that names no MRA is not answered by what the page says about its MRAs ("ATT benefits?" is no
   * "the Australia–Hong Kong MRA has given benefits since 2018"; "since when?" no MRA's implementation date).
   */
  private offMra<T extends { text: string }>(units: T[], query: Query): T[] {
    return query.mentionsMra ? units : units.filter((u) => !this.catalogue.speaksOfMra(u.text));
  }

  private fromSection(page: ProgrammePage, facet: Facet, query: Query, kb: KnowledgeBase): Picked[] | undefined {
    const chunks = page.chunks.filter((c) => this.catalogue.isSectionOf(facet, c.headings));
    if (!chunks.length) return undefined;
    const units = chunks.flatMap((chunk) => unitsOf(chunk)).map((u, order) => ({ ...u, order }));
    const valued = units.filter(this.valueFilter(facet, query));
    // The facet's own section answers even without the value type asked: "how much?" -> "charges no fee".
    // ... but "how long is it valid?" is not answered by a section that gives no period.
    const asked = query.answerType === 'number' || query.answerType === 'date';
    const strict = this.catalogue.wantsFigure(facet) || this.catalogue.wantsDate(facet) || (asked && this.catalogue.wantsValueWhenAsked(facet));
    // The facet's own section states it, MRA sentences included ("a Trader Identification Number that partner
    // customs use under its MRAs" is a benefit); only a value asked for (a date, a figure) must not be an MRA's.
    const pool = valued.length || strict ? valued : units;
    const all = strict ? this.offMra(pool, query) : pool;
    if (!all.length) return undefined;
    // A short section, or a question asking for a list, is answered whole: half a list is a wrong answer.
    if (all.length <= this.opts.maxUnits && totalChars(all) <= this.opts.maxChars) return all;
    // "étapes pour adhérer ?": a procedure is told from its first step, in order.
    if (this.catalogue.asksInOrder(facet, query.text)) return fromStart(all, this.opts.maxUnits, this.opts.maxChars);
    return this.best(all, query, kb);
  }

  /**
   * The MRA section, and the page's other sentences that speak of mutual recognition ("which tier is recognised
   * in MRAs?" is answered in the tiers section): those that best match the question win.
   */
  private fromMraSection(page: ProgrammePage, query: Query, kb: KnowledgeBase): Picked[] | undefined {
    let mra = this.mraUnits.get(page);
    if (!mra) {
      mra = page.chunks
        .filter((c) => !isCaveatChunk(c))
        .flatMap((chunk) => unitsOf(chunk))
        .filter((u) => this.catalogue.isMraSection(u.chunk.headings) || this.catalogue.speaksOfMra(u.text))
        .map((u, order) => ({ ...u, order }));
      this.mraUnits.set(page, mra);
    }
    const units = mra.map((u) => ({ ...u }));
    return units.length ? this.best(units, query, kb).slice(0, 4) : undefined;
  }

  private fromStatements(page: ProgrammePage, facet: Facet, query: Query, kb: KnowledgeBase): Picked[] | undefined {
    const states = this.catalogue.statesMatcher(facet);
    if (!states) return undefined;
    let byFacet = this.stating.get(page);
    if (!byFacet) this.stating.set(page, (byFacet = new Map()));
    let stating = byFacet.get(facet);
    if (!stating) {
      stating = page.chunks
        .filter((c) => facet === 'sources' || !isCaveatChunk(c))
        .flatMap((chunk) => unitsOf(chunk))
        .map((u, order) => ({ ...u, order }))
        .filter((u) => states.test(withoutOwnNames(cueText(u.text), page)));
      byFacet.set(facet, stating);
    }
    const units = stating.map((u) => ({ ...u })).filter(this.valueFilter(facet, query));
    const own = this.offMra(units, query);
    if (!own.length) return undefined;
    return this.best(own, query, kb).slice(0, 3);
  }

  /**
   * The picked sentences, led by the page's best sentence holding a distinctive question word they all lack: "do we
   * need a CARM account before applying?" is answered by the sentence on CARM, wherever on the page it sits.
   */
  private withDistinctive(page: ProgrammePage, picked: Picked[], query: Query, kb: KnowledgeBase): Picked[] {
    const terms = kb.weights.queryTerms(query.text, query.language);
    const heaviest = Math.max(0, ...terms.map((t) => t.weight));
    const names = new Set(contentTokens(query.named.join(' ')));
    // The words asking for the facet are no subject of their own: "hacer" in "qué debo hacer para ser OEA".
    const besidesAsk = query.facet ? new Set(contentTokens(this.catalogue.withoutAsk(query.facet, query.text))) : undefined;
    const distinctive = terms
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => !t.unknown && t.weight >= heaviest * this.opts.distinctiveWeight)
      .filter(({ t }) => !names.has(t.raw) && !DOMAIN_TERMS.has(t.raw) && (!besidesAsk || besidesAsk.has(t.raw)));
    if (!distinctive.length) return picked;
    const chunks = page.chunks.filter((c) => !isCaveatChunk(c));
    const scored = scoreEvidence(chunks.map((chunk) => ({ chunk, score: 1 })), terms, kb.semantic.embed(query.text), kb.semantic);
    const credit = new Map(scored.map((e) => [e.text, e.credits]));
    const holds = (text: string, i: number) => (credit.get(text)?.[i] ?? 0) >= 1;
    const missing = distinctive.filter(({ i }) => !picked.some((u) => holds(u.text, i)));
    const candidates = this.offMra(scored, query);
    const extra = candidates.find((e) => missing.some(({ i }) => holds(e.text, i)) && !picked.some((u) => u.text === e.text));
    const chunk = extra ? chunks[extra.hit] : undefined;
    if (!extra || !chunk) return picked;
    return [{ text: extra.text, chunk, order: -1 }, ...picked].slice(0, this.opts.maxUnits);
  }

  /** The units that best match the question, kept in reading order, within the length budget. */
  private best(units: Picked[], query: Query, kb: KnowledgeBase): Picked[] {
    const terms = kb.weights.queryTerms(query.text, query.language);
    const byChunk = [...new Set(units.map((u) => u.chunk))];
    const scored = scoreEvidence(byChunk.map((chunk) => ({ chunk, score: 1 })), terms, kb.semantic.embed(query.text), kb.semantic);
    const score = new Map(scored.map((e) => [e.text, e.score]));
    const ranked = [...units].sort((a, b) => (score.get(b.text) ?? 0) - (score.get(a.text) ?? 0));
    const out: Picked[] = [];
    let chars = 0;
    for (const u of ranked) {
      if (out.length >= this.opts.maxUnits || chars + u.text.length > this.opts.maxChars) continue;
      out.push(u);
      chars += u.text.length;
    }
    return out.sort((a, b) => a.order - b.order);
  }

  private notStated(page: ProgrammePage, facet: Facet, messages: Messages, lang: string, code: string): Answer {
    const programme = programmeLabel(page, lang, code);
    const facetText = messages.text(lang, `facet_${facet}`);
    const stated = statedFacets(page, this.catalogue).filter((f) => f !== facet);
    return {
      answer: messages.text(lang, 'facet_not_stated', { facet: facetText, programme, country: partyName(code, lang) }),
      citations: [],
      confidence: 0,
      declined: true,
      kind: 'decline',
      followUps: followUps(page, messages, lang, code, [facet], stated),
      language: lang,
      data: NOT_STATED,
    };
  }
}

function compose(picked: Picked[], messages: Messages, lang: string, page: ProgrammePage, facet: Facet, confidence: number): Answer {
  const citations = new CitationList();
  const parts = picked.map((u) => citedText(u.text, u.chunk, lang, citations.cite(u.chunk)));
  const cited = [...new Set(picked.map((u) => u.chunk))];
  const code = page.chunks[0]?.jurisdictions[0] ?? '';
  return {
    answer: [parts.join(' '), answerNotes(cited, citations, lang, messages)].filter(Boolean).join('\n\n'),
    citations: citations.list(),
    confidence,
    declined: false,
    kind: 'retrieval',
    followUps: followUps(page, messages, lang, code, [facet]),
    language: lang,
  };
}

/** "What is CTPAT?", "what's the Chilean OEA": nothing asked but the programme the question names. */
function definesProgramme(query: Query): boolean {
  const naming = new Set(contentTokens(query.named.join(' ')));
  return contentTokens(query.text).every((t) => naming.has(t) || DOMAIN_TERMS.has(t));
}

/** The page's sentences that name its administration (from the front matter's agency names), overview first. */
function agencySentences(page: ProgrammePage): Picked[] {
  const agency = (page.meta.programme as { agency?: string } | undefined)?.agency;
  // "Servicio Nacional de Aduanas (SNA)" names the agency twice: both forms count.
  const fromProgramme = agency ? agency.split(/[()]/).map((a) => a.trim()) : [];
  const names = [...(page.meta.agency ?? []), ...fromProgramme].map((a) => a.toLowerCase()).filter((a) => a.length >= 3);
  if (!names.length) return [];
  const units = page.chunks.flatMap((chunk) => unitsOf(chunk));
  return units
    .map((u, order) => ({ ...u, order }))
    .filter((u) => names.some((n) => u.text.toLowerCase().includes(n)))
    .slice(0, 2);
}

/** A chunk's answerable units, each with its chunk. */
function unitsOf(chunk: Chunk): { text: string; chunk: Chunk }[] {
  return unitTexts(chunk).map((text) => ({ text, chunk }));
}

const ownNames = new WeakMap<ProgrammePage, string[]>();

/** Cue text without the programme's own names: "Tonga Priority Trader Scheme" states no benefit ("priority"). */
function withoutOwnNames(text: string, page: ProgrammePage): string {
  let names = ownNames.get(page);
  if (!names) {
    const programme = page.meta.programme as { name?: string } | undefined;
    names = [programme?.name ?? '', ...(page.meta.aliases ?? [])]
      .flatMap((n) => n.split(/[()]/))
      .map((n) => cueText(n).trim())
      .filter((n) => n.includes(' '))
      .sort((a, b) => b.length - a.length);
    ownNames.set(page, names);
  }
  return names.reduce((t, n) => t.split(` ${n} `).join(' '), text);
}

/** The facets a page has a section for, in page order. */
function statedFacets(page: ProgrammePage, catalogue: FacetCatalogue): Facet[] {
  const out: Facet[] = [];
  for (const c of page.chunks) {
    const facet = catalogue.sectionFacet(c.headings);
    if (facet && !out.includes(facet)) out.push(facet);
  }
  return out;
}

function followUps(page: ProgrammePage, messages: Messages, lang: string, code: string, asked: Facet[], stated?: Facet[]): string[] {
  const programme = programmeLabel(page, lang, code);
  const facets = (stated ?? (['benefits', 'eligibility', 'application', 'criteria'] as Facet[])).filter((f) => !asked.includes(f));
  const country = partyName(code, lang);
  return [
    ...facets.slice(0, 2).map((f) => capitalise(messages.has(lang, `followup_facet_${f}`)
      ? messages.text(lang, `followup_facet_${f}`, { programme, country })
      : messages.text(lang, 'facet_followup', { facet: messages.text(lang, `facet_${f}`), programme }))),
    messages.text(lang, 'followup_mras', { country }),
  ];
}

function programmeLabel(page: ProgrammePage, lang: string, code: string): string {
  const name = (page.meta.programme as { name?: string } | undefined)?.name;
  return name ? `${name} (${partyName(code, lang)})` : page.meta.title;
}

function totalChars(units: { text: string }[]): number {
  return units.reduce((s, u) => s + u.text.length, 0);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The first units in order, as many as the budget holds (at least one). */
function fromStart<T extends { text: string }>(units: T[], maxUnits: number, maxChars: number): T[] {
  const out: T[] = [];
  let chars = 0;
  for (const u of units) {
    if (out.length >= maxUnits || (out.length && chars + u.text.length > maxChars)) break;
    out.push(u);
    chars += u.text.length;
  }
  return out;
}
