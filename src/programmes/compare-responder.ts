import type { Answer } from '../core/answer.js';
import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import { foldAccents } from '../answering/text.js';
import { CitationList } from '../answering/citations.js';
import { partyName } from '../knowledge/countries.js';
import type { Chunk, DocMeta } from '../knowledge/types.js';
import type { CountryResolver } from '../mra/country-resolver.js';
import { arrangementName, registryAsChunk } from '../knowledge/registry.js';
import { programmePages } from '../responders/programme-pages.js';
import { formatPartialDate } from '../knowledge/dates.js';

const COMPARE = /\b(compare|comparing|comparison|versus|vs|differences? between|comparar|compara|comparacion|diferencias? entre|comparer|comparaison|differences? entre)\b/;
const FIELDS = ['programme', 'agency', 'launched', 'tiers', 'who', 'benefits', 'mras'] as const;
type Field = (typeof FIELDS)[number];

export interface ComparisonData {
  type: 'comparison';
  columns: { code: string; label: string; n?: number }[];
  rows: { field: Field; label: string; values: string[] }[];
}

/** Side-by-side AEO programmes from the programme pages' front matter and the MRA registry. */
export class CompareResponder implements Responder {
  readonly name = 'compare';

  constructor(private readonly resolver: CountryResolver) {}

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    if (!COMPARE.test(foldAccents(q.text.toLowerCase()))) return undefined;
    const codes = [...new Set(this.resolver.find(q.text).map((m) => m.code))].slice(0, 4);
    if (codes.length < 2) return undefined;
    const lang = q.language;
    const t = (k: string, v: Record<string, string | number> = {}) => messages.text(lang, k, v);
    const citations = new CitationList();
    const columns = codes.map((code) => {
      const page = programmePage(kb, code, lang);
      return { code, label: partyName(code, lang), page, n: page ? citations.cite(page.chunk) : undefined };
    });
    const registryN = kb.registry ? citations.cite(registryAsChunk(kb.registry)) : undefined;
    let english = false;
    const value = (col: (typeof columns)[number], field: Field): string => {
      if (field === 'mras') {
        const partners = (kb.registry?.arrangements ?? []).filter((a) => a.parties.includes(col.code) && a.scope !== 'joint-work-plan')
          .map((a) => arrangementName(a, lang) ?? a.parties.filter((p) => p !== col.code).map((p) => partyName(p, lang)).join(' - '));
        return partners.length ? `${partners.length}: ${partners.join(', ')}` : '0';
      }
      if (!col.page) return t('cmp_no_page');
      const p = col.page.meta.programme ?? {};
      const raw = field === 'programme' ? p.name : field === 'who' ? p.who_can_apply : p[field];
      if (field === 'launched' && typeof raw === 'string' && /^\d{4}/.test(raw)) return formatPartialDate(raw, lang);
      const text = Array.isArray(raw) ? raw.map(String).join(', ') : raw === undefined || raw === null || raw === '' ? '' : String(raw);
      // Lists from an untranslated English page are quoted in a Spanish or French table, as in other answers.
      const quoted = Array.isArray(raw) && lang !== 'en' && col.page.chunk.language === 'en';
      if (quoted && text) english = true;
      return (quoted && text ? `«${text}»` : text) || t('cmp_unknown');
    };
    const rows = FIELDS.map((field) => ({ field, label: t(`cmp_${field}`), values: columns.map((c) => value(c, field)) }));
    const lines = [t('cmp_title', { names: columns.map((c) => c.label).join(', ') })];
    for (const row of rows) {
      const cells = columns.map((c, i) => {
        const n = row.field === 'mras' ? registryN : c.n;
        return `${c.label}: ${row.values[i]}${n ? ` [${n}]` : ''}`;
      });
      lines.push(`- ${row.label}: ${cells.join('; ')}`);
    }
    if (english) lines.push('', t('source_in_english'));
    const data: ComparisonData = { type: 'comparison', columns: columns.map(({ code, label, n }) => ({ code, label, ...(n ? { n } : {}) })), rows };
    return {
      answer: lines.join('\n'),
      citations: citations.list(),
      confidence: 1,
      declined: false,
      kind: 'comparison',
      followUps: codes.slice(0, 2).map((c) => t('followup_mras', { country: partyName(c, lang) })),
      language: lang,
      data,
    };
  }
}

/** The programme page of a jurisdiction (front matter with a `programme` block), in the language if translated. */
export function programmePage(kb: KnowledgeBase, code: string, lang: string): { meta: DocMeta; chunk: Chunk } | undefined {
  const page = programmePages(kb, code, lang).find((p) => p.meta.programme);
  const chunk = page?.chunks[0];
  return page && chunk ? { meta: page.meta, chunk } : undefined;
}
