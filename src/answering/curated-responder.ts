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

// The FAQ questions' terms depend only on the knowledge base: analysed once per index, not on every ask.
const analysed = new WeakMap<Kb, AnalysedFaq[]>();

function analysedFaq(kb: Kb): AnalysedFaq[] {
  let out = analysed.get(kb);
  if (!out) {
    out = kb.faq.map((entry) => {
      const terms = kb.weights.queryTerms(entry.question, entry.chunk.language);
      const defines = definedTerm(entry.question);
      return {
        entry, terms, total: terms.reduce((acc, t) => acc + t.weight, 0) || 1, stems: new Set(terms.flatMap((t) => t.stems)),
        ...(defines ? { defines: termForms(defines) } : {}),
      };
    });
    analysed.set(kb, out);
  }
  return out;
}

/** Curated answers first: FAQ pairs and glossary definitions give stable, sourced wording. */
export class CuratedResponder implements Responder {
  readonly name = 'curated';

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    // Curated wording is per language: a Spanish question is better served by Spanish pages via retrieval.
    const glossary = kb.glossary.filter((c) => c.language === q.language);
    const hit = this.matchGlossary(q, glossary) ?? this.matchFaq(q, kb);
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

  private matchGlossary(q: Question, glossary: Chunk[]): { chunk: Chunk; score: number } | undefined {
    const term = definedTerm(q.text);
    if (!term) return undefined;
    const wanted = contentTokens(term);
    if (!wanted.length || wanted.length > 5) return undefined;
    let best: { chunk: Chunk; score: number } | undefined;
    for (const c of glossary) {
      // Each " / " separated form of the heading is one way to name the term.
      for (const form of (c.headings[c.headings.length - 1] ?? '').split(/\s+\/\s+/)) {
        const tokens = new Set(contentTokens(form.replace(/[()]/g, ' ')));
        const acronym = /\(([^)]+)\)/.exec(form)?.[1]?.toLowerCase();
        const name = form.replace(/\s*\([^)]*\)/g, '').trim();
        const nameTokens = contentTokens(name);
        const exact = (acronym && wanted.join(' ') === acronym) || nameTokens.join(' ') === wanted.join(' ');
        const all = wanted.every((w) => tokens.has(w));
        const score = exact ? 1 : all ? wanted.length / Math.max(nameTokens.length, 1) : 0;
        if (score >= 0.99 && (!best || score > best.score)) best = { chunk: c, score };
      }
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
    for (const { entry: f, terms: fTerms, total: fTotal, stems: fStems, defines: fDefines } of analysedFaq(kb)) {
      if (f.chunk.language !== q.language) continue;
      if (term && fDefines?.includes(term)) return { chunk: f.chunk, score: 1 };
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
