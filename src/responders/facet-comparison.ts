import type { Answer, Citation } from '../core/answer.js';
import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { CitationList } from '../answering/citations.js';
import { partyName } from '../knowledge/countries.js';
import { formatPartialDate } from '../knowledge/dates.js';
import type { Chunk } from '../knowledge/types.js';
import type { FacetResponder } from './facet-responder.js';
import { programmePages } from './programme-pages.js';
import type { YesNo } from '../answering/yes-no.js';

const MAX_PROGRAMMES = 4;

/**
 * "Which lasts longer, Korea's or Peru's?", "do CTPAT and PIP both charge a fee?": the asked attribute for each
 * programme, from its own page (or what its page does not state), one paragraph per programme, cited.
 */
export class FacetComparisonResponder implements Responder {
  readonly name = 'compare-facet';

  constructor(private readonly facets: FacetResponder, private readonly yesNo?: YesNo) {}

  async respond(q: Question, deps: ResponderDeps): Promise<Answer | undefined> {
    const query = q.query;
    if (!query?.facet || query.jurisdictions.length < 2) return undefined;
    const citations = new CitationList();
    const parts: string[] = [];
    let stated = 0;
    const verdicts: (boolean | undefined)[] = [];
    // "Which came first?": the launch dates the programme pages' front matter gives, in order (cited first).
    const codes = query.jurisdictions.slice(0, MAX_PROGRAMMES);
    const order = query.facet === 'launch' ? launchOrder(codes, deps, q.language, citations) : undefined;
    for (const code of codes) {
      const one: Question = { ...q, context: { ...q.context, country: code, countryFromHistory: false }, query: { ...query, intent: 'facet', jurisdictions: [code] } };
      const found = await this.facets.retrieve(one, deps);
      if (!found) continue;
      const a = found.answer;
      const body = a.declined ? a.answer : renumber(body0(a.answer), a.citations, deps.kb, citations);
      if (!a.declined) stated++;
      verdicts.push(a.declined ? undefined : this.yesNo?.verdict(q.text, body, query));
      parts.push(`**${partyName(code, q.language)}**: ${body}`);
    }
    if (!stated) return undefined;
    if (order) parts.unshift(order);
    // "Is OEA free in both Colombia and Ecuador?": yes or no only when every programme settles it the same way.
    const first = verdicts[0];
    if (query.asksYesNo && first !== undefined && verdicts.every((v) => v === first)) {
      parts.unshift(`${deps.messages.text(q.language, first ? 'yes' : 'no')}.`);
    }
    const asOf = citations.asOf();
    return {
      answer: [...parts, asOf ? deps.messages.text(q.language, 'as_of', { date: formatPartialDate(asOf, q.language) }) : ''].filter(Boolean).join('\n\n'),
      citations: citations.list(),
      confidence: 0.9,
      declined: false,
      kind: 'comparison',
      followUps: query.jurisdictions.slice(0, 2).map((c) => deps.messages.text(q.language, 'followup_mras', { country: partyName(c, q.language) })),
      language: q.language,
    };
  }
}

/** "First: Peru (October 2012) [1], then Uruguay (28 February 2014) [2]." when two or more pages date their launch. */
function launchOrder(codes: string[], deps: ResponderDeps, lang: string, citations: CitationList): string | undefined {
  const { kb, messages } = deps;
  const dated = codes.flatMap((code) => {
    const page = programmePages(kb, code, lang)[0];
    const launched = (page?.meta.programme as { launched?: unknown } | undefined)?.launched;
    const overview = page?.chunks[0];
    return typeof launched === 'string' && /^\d{4}/.test(launched) && overview ? [{ code, launched, overview }] : [];
  });
  if (dated.length < 2) return undefined;
  // Partial dates compare as text ("1995" < "2001-11" < "2014-02-28"); a tie names no first.
  dated.sort((a, b) => a.launched.localeCompare(b.launched));
  const [first, second] = dated;
  if (!first || !second || first.launched.slice(0, 4) === second.launched.slice(0, 4)) return undefined;
  const item = (d: (typeof dated)[number]) =>
    `${partyName(d.code, lang)} (${formatPartialDate(d.launched, lang)}) [${citations.cite(d.overview)}]`;
  return messages.text(lang, 'cmp_launch_order', { first: item(first), then: dated.slice(1).map(item).join(', ') });
}

/** The answer's sentences without the notes paragraph ("As of ...", "source in English"). */
function body0(text: string): string {
  return text.split(/\n\n/)[0] ?? text;
}

/** Re-numbers one programme's [n] markers into the combined answer's citation list. */
function renumber(text: string, own: Citation[], kb: KnowledgeBase, into: CitationList): string {
  const map = new Map<number, number>();
  for (const c of own) {
    const chunk: Chunk | undefined = kb.index.chunks.find((k) => k.file === c.source && k.headings.join(' > ') === (c.section ?? ''));
    if (chunk) map.set(c.n, into.cite(chunk));
  }
  return text.replace(/\[(\d+)\]/g, (m, n: string) => (map.has(Number(n)) ? `[${map.get(Number(n))}]` : m));
}
