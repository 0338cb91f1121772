import type { QuestionRecord } from '../question-log/types.js';
import type { Retriever } from '../search/retriever.js';
import { groupQuestions, type QuestionGroup } from './group-questions.js';
import type { Suggestion } from './question-suggestion.js';

/** A knowledge section that came close to a declined group. */
export interface ClosestSection { file: string; title: string; headings: string[]; score: number }

export interface DeclinedGroup extends QuestionGroup {
  closest: ClosestSection[];
  /** The group's wording as an alternate question of its closest Markdown section; absent when none fits. */
  suggestion?: Suggestion;
}

export interface DayCounts { day: string; total: number; declined: number; byLanguage: Record<string, number>; byChannel: Record<string, number> }

export interface EditorsReport {
  since: string;
  total: number;
  declined: number;
  groups: DeclinedGroup[];
  /** Answers rated not helpful, newest first, with the users' comments. */
  notHelpful: QuestionRecord[];
  helpful: number;
  /** Knowledge pages by how often answers cited them, most first; `neverCited` lists the indexed pages no answer cited. */
  cited: { file: string; title: string; count: number }[];
  neverCited: { file: string; title: string }[];
  days: DayCounts[];
}

export interface ReportSources {
  records: QuestionRecord[];
  since: number;
  /** The indexed knowledge pages (file -> title). */
  pages: Map<string, string>;
  /** The index's retriever; without it groups have no closest sections. */
  retriever?: Retriever;
  /** The country a wording names, as the engine understands it, so its own pages rank first. */
  jurisdictionOf?: (question: string, language: string) => string | undefined;
  maxGroups?: number;
}

/** Declined questions grouped per report, the most recent. */
export const MAX_GROUPED = 5000;

/** The editors' report over the log: what was declined (grouped), rated unhelpful, cited, and when. */
export async function buildReport(src: ReportSources): Promise<EditorsReport> {
  const { records, pages } = src;
  const declined = records.filter((r) => r.declined);
  const groups: DeclinedGroup[] = [];
  // The most recent declines are grouped: what users miss now, at a cost the answering thread can bear.
  for (const g of groupQuestions(declined.slice(-MAX_GROUPED)).slice(0, src.maxGroups ?? 50)) {
    const closest = g.redacted || !src.retriever ? [] : await closestSections(src.retriever, g, pages, src.jurisdictionOf?.(g.question, g.language));
    const home = closest.find((c) => /\.(md|markdown)$/i.test(c.file) && c.headings.length);
    groups.push({ ...g, closest, ...(home ? { suggestion: { file: home.file, headings: home.headings, question: g.question } } : {}) });
  }
  const citedCounts = new Map<string, number>();
  for (const r of records) for (const file of new Set(r.cited.map((c) => c.source))) citedCounts.set(file, (citedCounts.get(file) ?? 0) + 1);
  return {
    since: new Date(src.since).toISOString(),
    total: records.length,
    declined: declined.length,
    groups,
    notHelpful: records.filter((r) => r.feedback?.helpful === false).reverse(),
    helpful: records.filter((r) => r.feedback?.helpful === true).length,
    cited: [...citedCounts].map(([file, count]) => ({ file, title: pages.get(file) ?? file, count })).sort((a, b) => b.count - a.count || a.file.localeCompare(b.file)),
    neverCited: [...pages].filter(([file]) => !citedCounts.has(file)).map(([file, title]) => ({ file, title })).sort((a, b) => a.file.localeCompare(b.file)),
    days: perDay(records),
  };
}

async function closestSections(
  retriever: Retriever, g: QuestionGroup, pages: Map<string, string>, jurisdiction?: string,
): Promise<ClosestSection[]> {
  const hits = await retriever.search(g.question, { k: 8, language: g.language, ...(jurisdiction ? { jurisdiction } : {}) });
  const seen = new Set<string>();
  const out: ClosestSection[] = [];
  for (const h of hits) {
    const key = `${h.chunk.file}#${h.chunk.headings.join('>')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: h.chunk.file, title: pages.get(h.chunk.file) ?? h.chunk.title, headings: h.chunk.headings, score: Math.round(h.score * 1e4) / 1e4 });
    if (out.length === 3) break;
  }
  return out;
}

function perDay(records: QuestionRecord[]): DayCounts[] {
  const days = new Map<string, DayCounts>();
  for (const r of records) {
    const day = r.at.slice(0, 10);
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, total: 0, declined: 0, byLanguage: {}, byChannel: {} }));
    d.total += 1;
    if (r.declined) d.declined += 1;
    d.byLanguage[r.language] = (d.byLanguage[r.language] ?? 0) + 1;
    d.byChannel[r.channel] = (d.byChannel[r.channel] ?? 0) + 1;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
