import type { Answer } from '../core/answer.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import { formatPartialDate } from '../knowledge/dates.js';
import { arrangementLabel, arrangementName, arrangementNote, chunkRegistry, registryAsChunk, type Arrangement, type MraRegistry } from '../knowledge/registry.js';
import type { Chunk } from '../knowledge/types.js';
import { CitationList } from '../answering/citations.js';
import { programmePages } from '../responders/programme-pages.js';
import { isExternalIndex } from '../search/retriever.js';
import type { CountryResolver } from './country-resolver.js';
import { asksAboutPlans, namedArrangementsIn, parseMraQuery, type MraQuery } from './mra-query.js';
import { contentTokens } from '../answering/text.js';

export interface MraRow {
  n: number;
  id: string;
  partner: string;
  arrangement: string;
  instrument: string;
  status: string;
  signed: string;
  inForce: string;
  place: string;
  source: string;
}

export interface MraData {
  type: 'mra-table';
  columns: { key: keyof MraRow; label: string }[];
  rows: MraRow[];
  asOf: string;
}

/** Exact MRA answers from the structured registry: yes/no, lists, intersections, status and named look-ups. */
export class MraResponder implements Responder {
  readonly name = 'mra';
  private readonly chunkCache = new WeakMap<MraRegistry, Map<string, Chunk>>();

  constructor(private readonly resolver: CountryResolver) {}

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    const reg = kb.registry;
    if (!reg) return undefined;
    const raw = parseMraQuery(q.text, this.resolver, reg.arrangements);
    // "CBP", "KCS", "Avec quels partenaires l'ASFC": a phrase holding a name the understanding stage read (an
    // agency, a programme) is no unknown country.
    const agencyName = raw?.type === 'unknown-country' && q.query?.named.some((n) => raw.name.toLowerCase().includes(n.toLowerCase()));
    const parsed = agencyName ? undefined : raw;
    // The text parser knows intersections, statuses and unknown names; the understanding stage knows agencies,
    // programmes and first/latest/membership questions.
    const understood = fromUnderstanding(q, reg.arrangements);
    const specific = understood && (understood.type === 'rank' || understood.type === 'membership') ? understood : undefined;
    const chosen = specific ?? (parsed && parsed.type !== 'pair' && parsed.type !== 'list' ? parsed : understood ?? parsed);
    if (!chosen) return undefined;
    // "peru uruguay MRA signing date?" asks when however it opens: the understanding stage read a date question.
    // "did hong kong and canada sign an aeo mra? when" still starts with yes or no.
    const query = chosen.type === 'pair'
      ? { ...chosen, asksWhen: chosen.asksWhen || q.query?.answerType === 'date', yesNo: !!q.query?.asksYesNo }
      : chosen;
    const exact = !!q.query?.asksExact;
    // A party with no programme page of its own and no registry row is unknown to the sources, not MRA-less.
    const covered = (code: string) => (isExternalIndex(kb.index) ? kb.index.covered.has(code) : programmePages(kb, code, 'en').length > 0);
    const answer = new MraAnswerBuilder(reg, this.chunks(reg), messages, q.language, exact, covered).build(query, this.resolver);
    const asked = q.text.toLowerCase().replace(/\W+/g, ' ').trim();
    return { ...answer, followUps: answer.followUps.filter((f) => f.toLowerCase().replace(/\W+/g, ' ').trim() !== asked) };
  }

  private chunks(reg: MraRegistry): Map<string, Chunk> {
    let m = this.chunkCache.get(reg);
    if (!m) {
      const chunks = chunkRegistry(reg);
      m = new Map(reg.arrangements.map((a, i) => [a.id, chunks[i] as Chunk]));
      this.chunkCache.set(reg, m);
    }
    return m;
  }
}

/** Registry questions the understanding stage already parsed: first/latest, how many, membership of a named one. */
function fromUnderstanding(q: Question, arrangements: Arrangement[]): MraQuery | undefined {
  const query = q.query;
  const party = query?.jurisdictions[0];
  if (!query || query.intent !== 'registry' || !party) return undefined;
  // "with how many economies in mid-2020": a figure as of a year is prose; the registry counts as of its date.
  const dated = /\b(19|20)\d\d\b/.test(q.text);
  // Work plans count only when asked about ("its first joint work plan").
  const plans = asksAboutPlans(q.text);
  if (query.registry === 'first' || query.registry === 'latest') {
    const others = query.eachParty ? query.jurisdictions.slice(1) : [];
    return { type: 'rank', party, which: query.registry, plans, ...(others.length ? { others } : {}) };
  }
  if (query.registry === 'count' && query.jurisdictions.length === 1) return dated ? undefined : { type: 'list', party };
  // "CBP vs CBSA: how many MRAs each?": each party's list, in the order asked.
  if (query.registry === 'count' && query.eachParty && !dated) return { type: 'list', party, others: query.jurisdictions.slice(1) };
  // Agencies and programmes name parties too ("has CBSA signed with KCS?", "GACC MRA partners").
  if (query.registry === 'lookup' && query.jurisdictions.length >= 2) {
    const asksWhen = (query.answerType === 'date' || !!query.asksExact) && !query.asksYesNo;
    // "When did Peru and Chile each sign their MRA with Korea?": each of the first ones with the last one named.
    const [a, others] = query.eachParty && query.jurisdictions.length >= 3
      ? [query.jurisdictions.at(-1) as string, query.jurisdictions.slice(0, -1)]
      : [party, query.jurisdictions.slice(1)];
    return { type: 'pair', a, others, asksWhen, asksEffect: !!query.asksEffect, exact: !!query.asksExact };
  }
  // "GACC MRA partners", "which MRAs has Peru signed": a list; a longer question about one party is prose.
  const terse = contentTokens(q.text).length <= TERSE_WORDS;
  if (query.registry === 'lookup' && query.jurisdictions.length === 1 && !dated && (query.answerType === 'list' || terse)) {
    return { type: 'list', party };
  }
  if (query.registry === 'membership') {
    const named = namedArrangementsIn(q.text, arrangements).filter((a) => a.scope === 'regional');
    if (named.length) return { type: 'membership', party, arrangements: named };
  }
  return undefined;
}

/** One block per party asked, a blank line between them: the first line heads the answer, the rest follow it. */
function stacked(blocks: string[][]): [string, string[]] {
  const [head = '', ...rest] = blocks.flatMap((b, i) => (i ? ['', ...b] : b));
  return [head, rest];
}

/** A one-party MRA question this short ("uruguay OEC mra partners") asks for the party's arrangements. */
const TERSE_WORDS = 4;

const STATUS_ORDER = ['in force', 'signed', 'joint work plan', 'under negotiation'];

/** A registry's arrangements by party, in registry order: looked up per pair asked, per shared partner. */
const partyIndex = new WeakMap<readonly Arrangement[], Map<string, Arrangement[]>>();

function byParty(arrangements: readonly Arrangement[]): Map<string, Arrangement[]> {
  let index = partyIndex.get(arrangements);
  if (!index) {
    index = new Map();
    for (const x of arrangements) {
      for (const p of new Set(x.parties)) {
        const list = index.get(p);
        if (list) list.push(x);
        else index.set(p, [x]);
      }
    }
    partyIndex.set(arrangements, index);
  }
  return index;
}

class MraAnswerBuilder {
  private readonly citations = new CitationList();
  private readonly rows: MraRow[] = [];

  constructor(
    private readonly reg: MraRegistry,
    private readonly chunks: Map<string, Chunk>,
    private readonly m: Messages,
    private readonly lang: string,
    /** The question asks an exact date: a year or a month alone leaves it unanswered. */
    private readonly exact = false,
    /** Whether the knowledge has a programme page of the jurisdiction's own. */
    private readonly covered: (code: string) => boolean = () => true,
  ) {}

  /** Neither a row of the registry nor a page of its own: the sources do not know the party. */
  private unknownParty(code: string): boolean {
    return !this.covered(code) && !this.reg.arrangements.some((a) => a.parties.includes(code));
  }

  /** A recorded date, and for an exact-date question one that gives the day. */
  private gives(date: string | undefined): boolean {
    return !!date && (!this.exact || /^\d{4}-\d{2}-\d{2}$/.test(date));
  }

  build(query: MraQuery, resolver: CountryResolver): Answer {
    const date = formatPartialDate(this.reg.asOf, this.lang);
    const t = (key: string, vars: Record<string, string | number> = {}) => this.m.text(this.lang, key, { date, ...vars });
    const name = (code: string) => partyName(code, this.lang);
    switch (query.type) {
      case 'unknown-country': {
        const suggestions = resolver.suggest(query.name, this.lang);
        const text = [t('mra_unknown_country', { name: query.name }), suggestions.length ? t('mra_did_you_mean', { names: suggestions.join(', ') }) : ''].filter(Boolean).join(' ');
        return { answer: text, citations: [], confidence: 1, declined: true, kind: 'mra', followUps: suggestions.map((s) => this.m.text(this.lang, 'followup_mras', { country: s })), language: this.lang };
      }
      case 'pair': {
        // "Korea with Peru and Uruguay": one block per pair, in the order asked.
        // "When did A and B sign / start applying it?" with no such date in the registry is not stated, said so.
        let unstated = query.asksWhen;
        let unknowns = 0;
        const blocks = query.others.map((b) => {
          const found = this.between(query.a, b);
          const unknown = [query.a, b].find((c) => this.unknownParty(c));
          if (!found.length && unknown) {
            unknowns++;
            return [`${t('mra_party_unknown', { a: name(unknown) })} [${this.citations.cite(registryAsChunk(this.reg))}]`];
          }
          if (!found.length) return [`${t('mra_no', { a: name(query.a), b: name(b) })} [${this.citations.cite(registryAsChunk(this.reg))}]`];
          const own = found.filter((a) => a.parties.length === 2);
          const asked = own.length ? own : found;
          const dated = asked.some((a) => this.gives(query.asksEffect ? a.date_in_force : a.date_signed));
          if (dated) unstated = false;
          const concluded = found.some((a) => a.scope !== 'joint-work-plan' && a.status !== 'under negotiation');
          const head = query.asksWhen && !dated
            ? (query.exact ? 'mra_exact_unknown' : query.asksEffect ? 'mra_effect_unknown' : 'mra_date_unknown')
            : concluded ? (query.asksWhen && !query.yesNo ? 'mra_pair_head' : 'mra_yes') : 'mra_only_plan';
          // The pair's own arrangement first: the regional ones it shares are context.
          const ordered = [...own, ...found.filter((a) => !own.includes(a))];
          return [t(head, { a: name(query.a), b: name(b) }), ...ordered.map((a) => this.line(a, query.a, true))];
        });
        const [head, rest] = stacked(blocks);
        const answer = this.finish(head, rest, [query.a, ...query.others]);
        return unstated || unknowns === blocks.length ? { ...answer, declined: true } : answer;
      }
      case 'list': {
        const parties = [query.party, ...(query.others ?? [])];
        const blocks = parties.map((party) => {
          const found = this.sorted(this.reg.arrangements.filter((a) => a.parties.includes(party)));
          if (!found.length) return [t(this.unknownParty(party) ? 'mra_party_unknown' : 'mra_list_none', { a: name(party) })];
          return [t('mra_list_intro', { a: name(party), n: found.length }), ...found.map((a) => this.line(a, party, false))];
        });
        const [head, rest] = stacked(blocks);
        const answer = this.finish(head, rest, parties);
        return parties.every((p) => this.unknownParty(p)) ? { ...answer, declined: true } : answer;
      }
      case 'both': {
        const partnersOf = (c: string) => new Set(this.reg.arrangements.filter((a) => a.parties.includes(c)).flatMap((a) => a.parties).filter((p) => p !== c));
        const pa = partnersOf(query.a);
        const shared = [...partnersOf(query.b)].filter((p) => pa.has(p) && p !== query.a && p !== query.b).sort((x, y) => name(x).localeCompare(name(y)));
        if (!shared.length) return this.finish(t('mra_both_none', { a: name(query.a), b: name(query.b) }), [], [query.a, query.b]);
        const lines = shared.map((p) => {
          const withA = this.between(p, query.a).map((a) => this.cite(a, p));
          const withB = this.between(p, query.b).map((a) => this.cite(a, p));
          return `- ${name(p)} [${[...new Set([...withA, ...withB])].join('][')}]`;
        });
        return this.finish(t('mra_both_intro', { n: shared.length, a: name(query.a), b: name(query.b) }), lines, [query.a, query.b]);
      }
      case 'status': {
        const found = this.sorted(this.reg.arrangements.filter((a) => a.status === query.status));
        const status = this.m.text(this.lang, `status_${query.status}`);
        if (!found.length) return this.finish(t('mra_status_none', { status }), [], []);
        return this.finish(t('mra_status_intro', { n: found.length, status }), found.map((a) => this.line(a, undefined, false)), []);
      }
      case 'named': {
        const lines = query.arrangements.map((a) => this.line(a, undefined, true));
        // "fecha exacta de firma?" when the registry records only the year: said so, with what it records.
        if (this.exact && !query.arrangements.some((a) => this.gives(a.date_signed))) {
          return { ...this.finish(t('mra_named_exact_unknown'), lines, []), declined: true };
        }
        return this.finish(t('mra_named_intro'), lines, []);
      }
      case 'rank': {
        // "Peru's first MRA vs Brazil's": one block per party, in the order asked.
        const parties = [query.party, ...(query.others ?? [])];
        const blocks = parties.map((party) => {
          const dated = this.reg.arrangements.filter((a) => a.parties.includes(party) && a.date_signed);
          // "Brazil's first MRA" is its first arrangement in force or signed, not a work plan that led to one.
          const concluded = dated.filter((a) => a.scope !== 'joint-work-plan' && a.status !== 'under negotiation');
          const found = this.sorted(query.plans || !concluded.length ? dated : concluded);
          const pick = query.which === 'first' ? found[0] : found[found.length - 1];
          if (!pick) return [t('mra_list_none', { a: name(party) })];
          return [t(query.which === 'first' ? 'mra_first' : 'mra_latest', { country: name(party) }), this.line(pick, party, true)];
        });
        const [head, rest] = stacked(blocks);
        return this.finish(head, rest, parties);
      }
      case 'membership': {
        const lines: string[] = [];
        let head = '';
        for (const a of query.arrangements) {
          const member = a.parties.includes(query.party);
          const text = member
            ? t('mra_member_yes', { country: name(query.party), name: arrangementName(a, this.lang) ?? a.id })
            : t('mra_member_no', { country: name(query.party), name: arrangementName(a, this.lang) ?? a.id, members: a.parties.map(name).join(', ') });
          if (!head) head = text;
          else lines.push(text);
          lines.push(this.line(a, undefined, true));
        }
        return this.finish(head, lines, [query.party]);
      }
    }
  }

  /** Arrangements covering both parties, regional ones included (they count for each member). */
  private between(a: string, b: string): Arrangement[] {
    return this.sorted((byParty(this.reg.arrangements).get(a) ?? []).filter((x) => x.parties.includes(b)));
  }

  private sorted(list: Arrangement[]): Arrangement[] {
    return [...list].sort((x, y) => (x.date_signed ?? '9999').localeCompare(y.date_signed ?? '9999') || STATUS_ORDER.indexOf(x.status) - STATUS_ORDER.indexOf(y.status));
  }

  private cite(a: Arrangement, focus: string | undefined): number {
    const chunk = this.chunks.get(a.id);
    const n = chunk ? this.citations.cite(chunk) : 0;
    if (!this.rows.some((r) => r.id === a.id)) this.rows.push(this.row(a, focus, n));
    return n;
  }

  private row(a: Arrangement, focus: string | undefined, n: number): MraRow {
    const others = a.parties.filter((p) => p !== focus);
    return {
      n,
      id: a.id,
      partner: arrangementName(a, this.lang) ?? others.map((p) => partyName(p, this.lang)).join(' - '),
      arrangement: arrangementLabel(a, this.lang),
      instrument: a.instrument,
      status: this.m.text(this.lang, `status_${a.status}`),
      signed: a.date_signed ? formatPartialDate(a.date_signed, this.lang) : '',
      inForce: a.date_in_force ? formatPartialDate(a.date_in_force, this.lang) : '',
      place: a.place ?? '',
      source: a.sources[0] ?? '',
    };
  }

  /** One arrangement as a line: partner or name, instrument, status, dates, place, and (in detail) members and note. */
  private line(a: Arrangement, focus: string | undefined, detail: boolean): string {
    const n = this.cite(a, focus);
    const dated = (key: string, d: string) => this.m.text(this.lang, /^\d{4}-\d{2}-\d{2}$/.test(d) ? key : `${key}_period`, { date: formatPartialDate(d, this.lang) });
    const named = arrangementName(a, this.lang);
    const who = named
      ? `${named}${detail || !focus ? ` (${this.m.text(this.lang, 'mra_members', { n: a.parties.length, members: a.parties.map((p) => partyName(p, this.lang)).join(', ') })})` : ''}`
      : a.parties.filter((p) => p !== focus).map((p) => partyName(p, this.lang)).join(' - ');
    const facts = [
      this.instrument(a.instrument),
      // "signed, signed 21 July 2018" says it twice: the date line carries that status.
      (a.status === 'signed' && a.date_signed) || a.status === a.instrument.toLowerCase() ? '' : this.m.text(this.lang, `status_${a.status}`),
      a.date_signed ? dated('mra_signed', a.date_signed) : this.m.text(this.lang, 'mra_signed_unknown'),
      a.date_in_force ? dated('mra_in_force', a.date_in_force) : '',
      a.place ? this.m.text(this.lang, 'mra_place', { place: this.m.term(this.lang, a.place) }) : '',
      a.programmes?.length
        ? this.m.text(this.lang, 'mra_programmes', { programmes: a.programmes.map((p) => this.m.term(this.lang, p)).join(', ') })
        : '',
    ].filter(Boolean);
    // A note not yet translated is quoted as English, and says so.
    const n2 = detail ? arrangementNote(a, this.lang) : undefined;
    const note = n2 ? ` ${this.m.text(this.lang, n2.english ? 'mra_note' : 'mra_note_translated', { note: n2.text })}` : '';
    return `- ${who}: ${facts.join(', ')} [${n}].${note}`;
  }

  /** The common instrument names in the answer's language ("MRA" is "ARM" in es/fr); others as the registry has them. */
  private instrument(name: string): string {
    const key = { mra: 'instrument_mra', 'joint work plan': 'instrument_joint_work_plan' }[name.toLowerCase()];
    return key ? this.m.text(this.lang, key) : this.m.term(this.lang, name);
  }

  private finish(head: string, lines: string[], parties: string[]): Answer {
    // An answer with no rows ("no such arrangement") rests on the registry as a whole: cite it.
    if (!lines.length && !/\[\d+\]$/.test(head)) head = `${head} [${this.citations.cite(registryAsChunk(this.reg))}]`;
    const columns: MraData['columns'] = [
      { key: 'partner', label: this.m.text(this.lang, 'col_partner') },
      { key: 'status', label: this.m.text(this.lang, 'col_status') },
      { key: 'signed', label: this.m.text(this.lang, 'col_signed') },
      { key: 'inForce', label: this.m.text(this.lang, 'col_in_force') },
    ];
    const data: MraData = { type: 'mra-table', columns, rows: this.rows, asOf: this.reg.asOf };
    const followUps = parties.slice(0, 2).map((p) => this.m.text(this.lang, 'followup_mras', { country: partyName(p, this.lang) }));
    return {
      answer: [head, ...lines].join('\n'),
      citations: this.citations.list(),
      confidence: 1,
      declined: false,
      kind: 'mra',
      followUps,
      language: this.lang,
      data,
    };
  }
}
