import { contentTokens, escapeRegExp, yearsIn } from '../answering/text.js';
import { CueMatcher, cueText, matcherFor, NearMatcher, type CueSet } from './cues.js';
import { mentionsField } from './domain-words.js';
import type { AnswerType, Facet, Intent, RegistryAsk } from './query.js';

/** The cue data files (data/understanding/*.json): what each intent, facet and answer type sounds like. */
export interface IntentData {
  smalltalk: { maxOtherWords: number } & Record<'greeting' | 'thanks' | 'help', { start: CueSet }>;
  eligibility: { maxOtherWords: number; anywhere: CueSet; request?: CueSet };
  act: { start: CueSet; anywhere: CueSet; notAfter: CueSet; request?: SequenceData & { unless?: CueSet } };
  prediction: { anywhere: CueSet };
  /**
   * `deliberate`: weighing a choice of one's own ("should we"), unless `informational` shows it asks a rule;
   * `ownCase`: a penalty or refusal of one's own, unless `howTo` asks the procedure; `ownOutcome`: what will happen
   * to one's own case ("will we still pass").
   */
  advice: {
    anywhere: CueSet; deliberate?: CueSet; informational?: CueSet; ownCase?: CueSet; howTo?: CueSet;
    ownOutcome?: SequenceData; judgement?: Judgement;
  };
  /**
   * `maxKnownShare`: a question that names nothing of the field (no programme, agency, country, facet, MRA or field
   * word) and whose words the knowledge mostly does not use ("who won the world cup") is off-topic.
   */
  offTopic: { anywhere: CueSet; maxKnownShare?: number };
  registry: Record<'mraWords' | 'first' | 'latest' | 'count' | 'membership' | 'status' | 'event' | 'vocabulary' | 'effect' | 'each' | 'exact', CueSet> & {
    /** A look-up says little besides names and registry words; more than this many other words ask something else. */
    maxOtherWords: number;
  };
  definition: { start: CueSet; maxOtherWords: number };
  comparison: { anywhere: CueSet };
  /** Words naming a workshop: such a question is read in the workshop pages. */
  workshop: { anywhere: CueSet };
  /** `notWith`: a question word that makes the `anywhere` cues no sign of this type ("avec quels pays a-t-elle"). */
  answerType: Record<Exclude<AnswerType, 'text'>, { start?: CueSet; anywhere?: CueSet; notWith?: CueSet }>;
}

/** A frame, up to two fillers, then a verb (English verbs whole words, Spanish and French ones prefixes). */
export interface SequenceData { frames: CueSet; fillers: CueSet; verbs: CueSet }

export interface FacetData {
  facets: { id: Facet; ask: CueSet;
    /** Cues that ask for this facet only when no other facet is asked ("since when" with "application" is a date). */
    weakAsk?: CueSet;
    headings: string[]; states: string[]; perProgramme?: boolean; needsFigure?: boolean; needsDate?: boolean;
    /** Asked for a figure or date ("how long is it valid?"), only a sentence giving one answers. */
    valueWhenAsked?: boolean;
    /** Facets whose sentences answer the question when the page does not state this one. */
    related?: Facet[];
    /** Cues asking for the facet's section as a procedure, in order from its start ("steps", "étapes"). */
    inOrderWhen?: CueSet }[];
  mraSection?: string[];
  /** How a sentence about mutual recognition reads, wherever on a page it sits. */
  mraStates?: string[];
}

export interface Classification {
  intent: Intent;
  registry?: RegistryAsk;
  facet?: Facet;
  answerType: AnswerType;
  asksYesNo: boolean;
  asksEffect: boolean;
  /** "what exact date was it signed?": a year or a month is no answer. */
  asksExact: boolean;
  /** "Peru's first MRA vs Brazil's": the same registry fact asked of each party named. */
  eachParty: boolean;
  mentionsMra: boolean;
  aboutWorkshop: boolean;
}

/** What the classifier needs to know about the question besides its words. */
export interface ClassifyHints {
  jurisdictions: number;
  /** A regional arrangement (Pacific Alliance, Andean Community, ...) is named. */
  namedArrangement: boolean;
  /** The names the question was found to use (programmes, agencies, countries), as written. */
  names?: string[];
  /** Two of them written as a pair: "Do Canada's PIP and Australia's ATT charge a fee?". */
  pair?: boolean;
  /** The share of the question's words (figures aside) that the knowledge uses: 0-1; unknown when absent. */
  knownShare?: number;
}

/** Pronouns Spanish joins to an imperative: "agenda" -> "agéndame", "manda" -> "mándalo", "envía" -> "envíanoslo". */
const CLITICS = ['me', 'nos', 'lo', 'la', 'los', 'las', 'le', 'les', 'melo', 'mela', 'noslo', 'nosla', 'selo', 'sela'];

/** Spanish one-word imperatives also with the pronouns joined to them (accents are folded before matching). */
function withClitics(set: CueSet): CueSet {
  const es = set.es ?? [];
  const joined = es.filter((c) => /^\p{L}+$/u.test(c)).flatMap((c) => CLITICS.map((p) => c + p));
  return { ...set, es: [...new Set([...es, ...joined])] };
}

/** "ctpat - ", "mra – ", "SAFE: ": a topic of up to three words put before the question. */
const TOPIC_FIRST = /^(?:\S+ ){1,3}[-–—] /u;

class StartMatcher {
  private readonly m: CueMatcher;
  constructor(set: CueSet | undefined) {
    this.m = matcherFor(set);
  }
  /** The cue that opens the text, or its question after a short topic and a dash ("aeo - what is it?"), if any. */
  match(text: string): string | undefined {
    const hit = this.m.match(text);
    if (!hit) return undefined;
    const open = text.trimStart();
    return open.startsWith(hit) || open.replace(TOPIC_FIRST, '').startsWith(hit) ? hit : undefined;
  }
}

/** Intent, facet and answer type from cue data: a pure function of the text, tested with tables of questions. */
export class IntentClassifier {
  private readonly small: [Intent, StartMatcher][];
  private readonly eligibility: CueMatcher;
  private readonly eligibilityRequest: CueMatcher;
  private readonly actStart: StartMatcher;
  private readonly actAnywhere: CueMatcher;
  private readonly actNotAfter: StartMatcher;
  private readonly actRequest: RegExp | undefined;
  private readonly actUnless: CueMatcher;
  private readonly prediction: CueMatcher;
  private readonly advice: CueMatcher;
  private readonly deliberate: CueMatcher;
  private readonly informational: CueMatcher;
  private readonly ownCase: CueMatcher;
  private readonly howTo: CueMatcher;
  private readonly ownOutcome: RegExp | undefined;
  private readonly judgement: NearMatcher[];
  private readonly offTopic: CueMatcher;
  private readonly mra: CueMatcher;
  private readonly registry: [RegistryAsk, CueMatcher][];
  private readonly registryStatus: CueMatcher;
  private readonly registryEvent: CueMatcher;
  private readonly workshop: CueMatcher;
  private readonly registryWords: CueMatcher;
  private readonly registryEffect: CueMatcher;
  private readonly registryEach: CueMatcher;
  private readonly registryExact: CueMatcher;
  private readonly definition: StartMatcher;
  private readonly comparison: CueMatcher;
  private readonly types: [AnswerType, StartMatcher, CueMatcher, CueMatcher][];
  private readonly facets: [Facet, CueMatcher][];
  private readonly weakFacets: [Facet, CueMatcher][];

  /** `currentYear`: a question about a later year asks what has not happened yet ("how many AEOs in 2031?"). */
  constructor(private readonly data: IntentData, facets: FacetData, private readonly currentYear = new Date().getUTCFullYear()) {
    this.small = (['greeting', 'thanks', 'help'] as const).map((k) => [k, new StartMatcher(data.smalltalk[k].start)]);
    this.eligibility = matcherFor(data.eligibility.anywhere);
    this.eligibilityRequest = matcherFor(data.eligibility.request);
    this.actStart = new StartMatcher(withClitics(data.act.start));
    this.actAnywhere = matcherFor(data.act.anywhere);
    this.actNotAfter = new StartMatcher(data.act.notAfter);
    this.actRequest = sequencePattern(data.act.request);
    this.actUnless = matcherFor(data.act.request?.unless);
    this.prediction = matcherFor(data.prediction.anywhere);
    this.advice = matcherFor(data.advice.anywhere);
    this.deliberate = matcherFor(data.advice.deliberate);
    this.informational = matcherFor(data.advice.informational);
    this.ownCase = matcherFor(data.advice.ownCase);
    this.howTo = matcherFor(data.advice.howTo);
    this.ownOutcome = sequencePattern(data.advice.ownOutcome);
    this.judgement = judgementMatchers(data.advice.judgement);
    this.offTopic = matcherFor(data.offTopic.anywhere);
    this.mra = matcherFor(data.registry.mraWords);
    this.registry = (['first', 'latest', 'count', 'membership'] as const).map((k) => [k, matcherFor(data.registry[k])]);
    this.registryStatus = matcherFor(data.registry.status);
    this.registryEvent = matcherFor(data.registry.event);
    this.workshop = matcherFor(data.workshop.anywhere);
    this.registryEffect = matcherFor(data.registry.effect);
    this.registryEach = matcherFor(data.registry.each);
    this.registryExact = matcherFor(data.registry.exact);
    const { maxOtherWords: _, event: __, ...words } = data.registry;
    this.registryWords = new CueMatcher(Object.values(words).flatMap((set) => Object.values(set).flat()));
    this.definition = new StartMatcher(data.definition.start);
    this.comparison = matcherFor(data.comparison.anywhere);
    // "combien d'ARM le Canada a-t-il ?" asks a number though it is phrased as a yes/no question.
    this.types = (['number', 'date', 'yesno', 'list', 'place', 'name'] as const).map((k) => {
      const cues = data.answerType[k];
      return [k, new StartMatcher(cues.start), matcherFor(cues.anywhere), matcherFor(cues.notWith)];
    });
    this.facets = facets.facets.map((f) => [f.id, matcherFor(f.ask)]);
    this.weakFacets = facets.facets.filter((f) => f.weakAsk).map((f) => [f.id, matcherFor(f.weakAsk)]);
  }

  classify(question: string, hints: ClassifyHints): Classification {
    const t = cueText(question);
    const mentionsMra = this.mra.test(t) || hints.namedArrangement;
    const answerType = this.answerType(t);
    // A programme's own name is no cue: "Operador Confiable" does not ask whether a source is reliable.
    // A programme facet is asked of a programme: "how many days did the workshop last?" asks about an event.
    const aboutEvent = this.registryEvent.test(t) && !hints.jurisdictions;
    const facet = aboutEvent ? undefined
      : this.facet(hints.names?.length ? hints.names.reduce((x, n) => x.replace(cueText(n), ' '), t) : t);
    const asksYesNo = answerType === 'yesno' || this.isYesNo(t);
    const asksEffect = this.registryEffect.test(t);
    const asksExact = this.registryExact.test(t);
    const eachParty = this.registryEach.test(t);
    const aboutWorkshop = aboutEvent && this.workshop.test(t);
    const base = { answerType, asksYesNo, asksEffect, asksExact, eachParty, mentionsMra, aboutWorkshop, ...(facet ? { facet } : {}) };
    const rest = (cue: string | undefined) => (cue ? contentTokens(t.replace(cue, ' ')).length : Infinity);

    // "hello, what are CTPAT benefits?" is a question with a greeting, not small talk.
    const topical = !!facet || mentionsMra || hints.jurisdictions > 0;
    // "bonjour, tu peux m'aider ?" asks for help after its greeting.
    const greeting = this.small.find(([intent]) => intent === 'greeting')?.[1].match(t);
    const afterGreeting = greeting ? ` ${t.trimStart().slice(greeting.trim().length)}` : undefined;
    for (const [intent, m] of this.small) {
      if (!topical && rest(m.match(t)) <= this.data.smalltalk.maxOtherWords) return { ...base, intent };
      if (afterGreeting === undefined || intent === 'greeting' || topical) continue;
      const later = m.match(afterGreeting);
      if (later && contentTokens(afterGreeting.replace(later, ' ')).length <= this.data.smalltalk.maxOtherWords) {
        return { ...base, intent };
      }
    }
    // "Fill in the self-assessment for us" asks the bot to act, even though it names the self-check.
    if (this.isAct(t)) return { ...base, intent: 'request-to-act' };
    const check = this.eligibility.match(t);
    if (check && rest(check) <= this.data.eligibility.maxOtherWords + hints.jurisdictions) return { ...base, intent: 'eligibility-check' };
    // "can u check if we're ready to apply for AEOS? german importer, ~50 staff" asks for the check, with details.
    if (this.eligibilityRequest.test(t) && !mentionsMra) return { ...base, intent: 'eligibility-check' };
    // "how do I calculate the tariff on shoes" names a cost word, but the subject outweighs it.
    const offTopic = this.offTopic.specificity(t);
    if (offTopic !== undefined && !mentionsMra && (!facet || offTopic > (this.bestFacet(t)?.score ?? 0))) {
      return { ...base, intent: 'off-topic' };
    }
    if (!topical && !hints.namedArrangement && this.foreignToKnowledge(t, hints)) return { ...base, intent: 'off-topic' };
    if (this.prediction.test(t) || this.namesFutureYear(t)) return { ...base, intent: 'prediction' };
    if (this.isAdvice(t)) return { ...base, intent: 'advice' };
    if (mentionsMra) {
      const registry = this.registryAsk(t, hints, answerType);
      if (registry) return { ...base, intent: 'registry', registry };
    }
    if (hints.jurisdictions >= 2 && this.comparison.test(t) && !mentionsMra) return { ...base, intent: 'comparison' };
    // One facet asked of two programmes named together is a comparison of that facet, however it is worded.
    if (facet && hints.pair && hints.jurisdictions >= 2 && !mentionsMra) return { ...base, intent: 'comparison' };
    const def = this.definition.match(t);
    if (def && !facet && rest(def) <= this.data.definition.maxOtherWords) return { ...base, intent: 'definition' };
    if (facet) return { ...base, intent: 'facet' };
    return { ...base, intent: 'general' };
  }

  /** Nothing of the field named, and words the knowledge mostly does not use. */
  private foreignToKnowledge(t: string, hints: ClassifyHints): boolean {
    const max = this.data.offTopic.maxKnownShare;
    if (max === undefined || hints.knownShare === undefined || hints.knownShare > max) return false;
    return !mentionsField(contentTokens(t)) && !this.definition.match(t);
  }

  private namesPastYear(t: string): boolean {
    return yearsIn(t).some((y) => y < this.currentYear);
  }

  private namesFutureYear(t: string): boolean {
    return yearsIn(t).some((y) => y > this.currentYear);
  }

  /** Advice on the asker's own case: "should we sue?", not "what documents should we send?". */
  private isAdvice(t: string): boolean {
    return this.advice.test(t) || (this.deliberate.test(t) && !this.informational.test(t))
      || (this.ownCase.test(t) && !this.howTo.test(t)) || !!this.ownOutcome?.test(t)
      || (this.judgement.some((m) => m.test(t)) && !this.informational.test(t));
  }

  /** A request that the bot do something ("file our application") rather than explain how. */
  private isAct(t: string): boolean {
    if (this.actNotAfter.match(t)) return false;
    if (this.actStart.match(t)) return true;
    // "can you file an appeal if your PIP is cancelled?" asks a rule with the generic you.
    return (this.actAnywhere.test(t) || !!this.actRequest?.test(t)) && !this.actUnless.test(t);
  }

  /**
   * Registry facts (exists, list, dates, counts, first/latest, membership) are answered from the registry; a
   * question about what an arrangement recognises or gives (tiers, benefits, process) is a prose question.
   */
  private registryAsk(t: string, hints: ClassifyHints, answerType: AnswerType): RegistryAsk | undefined {
    // "What is an MRA?" is a definition: the registry answers about parties, named arrangements or a status.
    if (!hints.jurisdictions && !hints.namedArrangement && !this.registryStatus.test(t)) return undefined;
    // "what is a joint work plan in MRA speak?" defines a status; "which MRAs are joint work plans?" lists them.
    if (!hints.jurisdictions && !hints.namedArrangement && this.definition.match(t)) return undefined;
    // A workshop or conference on MRAs is an event, not a registry fact.
    if (this.registryEvent.test(t)) return undefined;
    for (const [ask, m] of this.registry) {
      if (ask === 'membership' && !(hints.namedArrangement && hints.jurisdictions >= 1)) continue;
      // The registry counts today's arrangements: "how many MRAs did China have by mid-2020?" is a figure some page
      // reports; a named arrangement's members are the same in any year ("how many signed the regional MRA in 2022").
      if (ask === 'count' && m.test(t) && this.namesPastYear(t) && !hints.namedArrangement) return undefined;
      if (m.test(t)) return ask;
    }
    // "From when did ... get MRA benefits?" asks a date the registry has, whatever else it names.
    const facet = this.facet(t);
    if (facet && answerType !== 'date' && facet !== 'launch' && facet !== 'agency' && facet !== 'statistics') return undefined;
    // "From when did EU and Chinese AEOs actually start getting MRA benefits?" asks the date it took effect.
    if (answerType === 'date' && this.registryEffect.test(t) && hints.jurisdictions >= 2) return 'lookup';
    // "What code does a Chinese AEO give its partner to use the MRA?" names an MRA but asks about something else.
    if (this.otherWords(t, hints).length > this.data.registry.maxOtherWords) return undefined;
    return 'lookup';
  }

  /** The words of a question that are neither names nor registry words nor figures. */
  otherWords(t: string, hints: ClassifyHints): string[] {
    const unnamed = (hints.names ?? []).reduce((x, n) => x.replace(cueText(n), ' '), t);
    // "US-Mexico", "UE–Chine": the parts are names; joined they would count as another word.
    const names = new Set(contentTokens((hints.names ?? []).join(' ')));
    return contentTokens(this.registryWords.strip(unnamed).replace(/[-–—/]/g, ' '))
      .filter((w) => !/\d/.test(w) && !names.has(w));
  }

  /** The facet the question says most about, by all its cues (ties: the narrower facet, listed first in the data). */
  facet(t: string): Facet | undefined {
    return this.bestFacet(t, (m) => m.evidence(t))?.id ?? this.weakFacets.find(([, m]) => m.test(t))?.[0];
  }

  /** The facet with the highest score; by default its most specific matching cue. */
  private bestFacet(t: string, score = (m: CueMatcher) => m.specificity(t)): { id: Facet; score: number } | undefined {
    let best: { id: Facet; score: number } | undefined;
    for (const [id, m] of this.facets) {
      const s = score(m);
      if (s !== undefined && (!best || s > best.score)) best = { id, score: s };
    }
    return best;
  }

  private isYesNo(t: string): boolean {
    const yesno = this.types.find(([type]) => type === 'yesno');
    return !!yesno && (!!yesno[1].match(t) || (yesno[2].test(t) && !yesno[3].test(t)));
  }

  private answerType(t: string): AnswerType {
    for (const [type, start, anywhere, notWith] of this.types) {
      if (start.match(t) || (anywhere.test(t) && !notWith.test(t))) return type;
    }
    return 'text';
  }
}

/** An evaluative word and a first-person word of one language, in either order, at most `window` words apart. */
interface Judgement { predicates: CueSet; persons: CueSet; window: number }

function judgementMatchers(data: Judgement | undefined): NearMatcher[] {
  if (!data) return [];
  return (['en', 'es', 'fr'] as const)
    .map((lang) => new NearMatcher(data.predicates[lang] ?? [], data.persons[lang] ?? [], data.window));
}

/** "can you please submit", "necesito que envíes", "will we still pass": frame, fillers, verb. */
function sequencePattern(data: SequenceData | undefined): RegExp | undefined {
  if (!data) return undefined;
  const alt = (set: CueSet) => Object.values(set).flat().map((c) => cueText(c).trim()).filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((c) => escapeRegExp(c).replace(/ /g, '\\s+')).join('|');
  const frames = alt(data.frames);
  // English verbs are whole words ("pass", not "passenger"); Spanish and French ones prefixes ("envi": envía, envíes).
  const whole = alt({ en: data.verbs.en ?? [] });
  const prefixes = alt({ es: data.verbs.es ?? [], fr: data.verbs.fr ?? [] });
  const verbs = [whole ? `(?:${whole})(?![\\p{L}\\p{N}])` : '', prefixes ? `(?:${prefixes})` : '']
    .filter(Boolean).join('|');
  if (!frames || !verbs) return undefined;
  const fillers = alt(data.fillers);
  const gap = fillers ? `(?:(?:${fillers})\\s+){0,2}` : '';
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${frames})\\s+${gap}(?:${verbs})`, 'u');
}
