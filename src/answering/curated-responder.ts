import type { Answer } from '../core/answer.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { formatPartialDate } from '../knowledge/dates.js';
import type { Chunk } from '../knowledge/types.js';
import { CitationList, withMarker } from './citations.js';
import { suggestFollowUps } from './follow-ups.js';
import { contentTokens, foldAccents } from './text.js';
import { dot } from './vector-math.js';
import { definedTerm } from '../understanding/defined-term.js';

/** Minimum match for a curated FAQ answer (tuned on the dev set); below it free retrieval answers. */
export const FAQ_MIN_SCORE = 0.78;

type Kb = ResponderDeps['kb'];
interface AnalysedFaq {
  entry: Kb['faq'][number]; terms: ReturnType<Kb['weights']['queryTerms']>; total: number; stems: Set<string>;
  /** The forms of the term the FAQ question defines, if it is a definition ("... opérateur agréé (OEA) ?"). */
  defines?: string[];
}

/** The FAQ entries analysed, in order, and by each stem of their questions the entries (indexes) holding it. */
interface FaqIndex { entries: AnalysedFaq[]; byStem: Map<string, number[]> }

// The FAQ questions' terms depend only on the knowledge base: analysed once per index, not on every ask.
const analysed = new WeakMap<Kb, FaqIndex>();

function analysedFaq(kb: Kb): FaqIndex {
  let out = analysed.get(kb);
  if (!out) {
    const entries = kb.faq.map((entry) => {
      const terms = kb.weights.queryTerms(entry.question, entry.chunk.language);
      const defines = definedTerm(entry.question);
      return {
        entry, terms, total: terms.reduce((acc, t) => acc + t.weight, 0) || 1, stems: new Set(terms.flatMap((t) => t.stems)),
        ...(defines ? { defines: termForms(defines) } : {}),
      };
    });
    const byStem = new Map<string, number[]>();
    entries.forEach((a, i) => {
      for (const s of a.stems) {
        const holding = byStem.get(s);
        if (holding) holding.push(i);
        else byStem.set(s, [i]);
      }
    });
    out = { entries, byStem };
    analysed.set(kb, out);
  }
  return out;
}

/** One " / " separated form of a glossary heading, as a defined term is compared with it. */
interface GlossaryForm { chunk: Chunk; tokens: Set<string>; acronym?: string; name: string; nameLength: number }

// The glossary's heading forms depend only on the knowledge base: tokenised once per index and language, in heading
// order, not on every ask.
const glossaryByKb = new WeakMap<Kb, Map<string, GlossaryForm[]>>();

function glossaryForms(kb: Kb, language: string): GlossaryForm[] {
  let byLanguage = glossaryByKb.get(kb);
  if (!byLanguage) glossaryByKb.set(kb, (byLanguage = new Map()));
  let forms = byLanguage.get(language);
  if (!forms) {
    // Curated wording is per language: a Spanish question is better served by Spanish pages via retrieval.
    forms = kb.glossary.filter((c) => c.language === language).flatMap((chunk) =>
      // Each " / " separated form of the heading is one way to name the term.
      (chunk.headings[chunk.headings.length - 1] ?? '').split(/\s+\/\s+/).map((form) => {
        const acronym = /\(([^)]+)\)/.exec(form)?.[1]?.toLowerCase();
        const nameTokens = contentTokens(form.replace(/\s*\([^)]*\)/g, '').trim());
        return {
          chunk, tokens: new Set(contentTokens(form.replace(/[()]/g, ' '))), ...(acronym ? { acronym } : {}),
          name: nameTokens.join(' '), nameLength: nameTokens.length,
        };
      }));
    byLanguage.set(language, forms);
  }
  return forms;
}

/** Curated answers first: FAQ pairs and glossary definitions give stable, sourced wording. */
export class CuratedResponder implements Responder {
  readonly name = 'curated';

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    const hit = this.matchGlossary(q, glossaryForms(kb, q.language)) ?? this.matchFaq(q, kb);
    if (!hit) return undefined;
    const citations = new CitationList();
    const n = citations.cite(hit.chunk);
    const body = hit.chunk.text.replace(/\s*\n\s*/g, ' ').trim();
    const asOf = citations.asOf();
    const answer = [withMarker(body, n), asOf ? messages.text(q.language, 'as_of', { date: formatPartialDate(asOf, q.language) }) : '']
      .filter(Boolean)
      .join('\n\n');
    return {
      answer,
      citations: citations.list(),
      confidence: Math.min(1, hit.score),
      declined: false,
      kind: 'curated',
      followUps: suggestFollowUps(kb, q.text, q.language, [hit.chunk], messages),
      language: q.language,
    };
  }

  private matchGlossary(q: Question, glossary: GlossaryForm[]): { chunk: Chunk; score: number } | undefined {
    const term = definedTerm(q.text);
    if (!term) return undefined;
    const wanted = contentTokens(term);
    if (!wanted.length || wanted.length > 5) return undefined;
    const joined = wanted.join(' ');
    let best: { chunk: Chunk; score: number } | undefined;
    for (const { chunk, tokens, acronym, name, nameLength } of glossary) {
      const exact = (acronym && joined === acronym) || name === joined;
      const all = wanted.every((w) => tokens.has(w));
      const score = exact ? 1 : all ? wanted.length / Math.max(nameLength, 1) : 0;
      if (score >= 0.99 && (!best || score > best.score)) best = { chunk, score };
    }
    return best;
  }

  private matchFaq(q: Question, kb: ResponderDeps['kb']): { chunk: Chunk; score: number } | undefined {
    const qv = kb.semantic.embed(q.text);
    const terms = kb.weights.queryTerms(q.text, q.language);
    const total = terms.reduce((s, t) => s + t.weight, 0);
    if (!total) return undefined;
    const qStems = new Set(terms.flatMap((t) => t.stems));
    let best: { chunk: Chunk; score: number } | undefined;
    // A definition is matched by the term it defines, however it is worded ("c'est quoi un OEA ?").
    const defines = q.query?.intent === 'definition' ? definedTerm(q.text) : undefined;
    const term = defines ? sameTerm(defines) : undefined;
    const faq = analysedFaq(kb);
    if (term) {
      const defining = faq.entries.find((a) => a.entry.chunk.language === q.language && a.defines?.includes(term));
      if (defining) return { chunk: defining.entry.chunk, score: 1 };
    }
    // Only an entry sharing a stem with the question can reach `asked` >= 0.5: the others are not scored.
    const candidates = new Set<number>();
    for (const s of qStems) for (const i of faq.byStem.get(s) ?? []) candidates.add(i);
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const { entry: f, terms: fTerms, total: fTotal, stems: fStems } = faq.entries[i]!;
      if (f.chunk.language !== q.language) continue;
      // Both ways: the FAQ must cover the question, and must not be about much more than was asked.
      const covered = terms.reduce((acc, t) => acc + (t.stems.some((x) => fStems.has(x)) ? t.weight : 0), 0) / total;
      const asked = fTerms.reduce((acc, t) => acc + (t.stems.some((x) => qStems.has(x)) ? t.weight : 0), 0) / fTotal;
      // A FAQ mostly about something else ("Who grants AEO status?" for "What is an AEO?") is not the answer.
      if (asked < 0.5) continue;
      const score = 0.45 * covered + 0.3 * asked + 0.25 * Math.max(0, dot(qv, f.vector));
      if (!best || score > best.score) best = { chunk: f.chunk, score };
    }
    return best && best.score >= FAQ_MIN_SCORE ? best : undefined;
  }
}

/** A defined term as compared: lower case, accents folded, no article or punctuation ("l'OEA" -> "oea"). */
function sameTerm(term: string): string {
  return foldAccents(term.toLowerCase()).replace(/^(?:l['’]|(?:le|la|les|un|une|el|los|las|una?|an?|the)\s+)/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A term and its acronym in brackets, each as compared: "opérateur agréé (OEA)" -> ["operateur agree", "oea"]. */
function termForms(term: string): string[] {
  const acronyms = [...term.matchAll(/\(([^)]+)\)/g)].map((m) => sameTerm(m[1] ?? ''));
  return [sameTerm(term.replace(/\s*\([^)]*\)/g, ' ')), ...acronyms].filter(Boolean);
}
