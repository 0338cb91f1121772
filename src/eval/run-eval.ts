import { readFile } from 'node:fs/promises';
import type { Answer } from '../core/answer.js';
import { foldAccents } from '../answering/text.js';

export interface EvalItem {
  id: string;
  question: string;
  expected_facts: string[];
  should_decline: boolean;
  lang?: string;
  category?: string;
  /** Earlier turns of the same conversation, asked first (follow-up questions). */
  context?: string[];
}

export interface EvalRow { id: string; question: string; category: string; answer: string; lang: string; kind: string; declined: boolean; shouldDecline: boolean; factsFound: number; factsTotal: number; cited: boolean; ms: number }

export interface EvalMetrics {
  n: number;
  factRecall: number;
  answeredRate: number;
  citedRate: number;
  declineAccuracy: number;
  /** Share of questions fully right (every fact, or the decline it needed). */
  fullyRight: number;
}

export interface EvalReport {
  overall: EvalMetrics;
  byLanguage: Record<string, EvalMetrics>;
  byCategory: Record<string, EvalMetrics>;
  rows: EvalRow[];
  text: string;
}

export interface Answerer { answer(question: string, context?: { conversationId?: string; channel?: string }): Promise<Answer> }

export function parseEvalFile(text: string): EvalItem[] {
  return text.split('\n').flatMap((l, i) => (l.trim() ? [{ l, i }] : [])).map(({ l, i }) => {
    let item: EvalItem;
    try {
      item = JSON.parse(l) as EvalItem;
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    if (typeof item.question !== 'string' || !Array.isArray(item.expected_facts)) throw new Error(`line ${i + 1}: needs question and expected_facts`);
    return item;
  });
}

/** Case- and accent-insensitive containment, as the dev set defines fact matching. */
export function containsFact(answer: string, fact: string): boolean {
  const norm = (s: string) => foldAccents(s.toLowerCase()).replace(/\s+/g, ' ');
  return norm(answer).includes(norm(fact));
}

export async function runEval(engine: Answerer, file: string): Promise<EvalReport> {
  return evaluate(engine, parseEvalFile(await readFile(file, 'utf8')));
}

/** Fully right: answered with every expected fact, or declined when it should be. */
export function fullyRight(r: EvalRow): boolean {
  return r.shouldDecline ? r.declined : !r.declined && r.factsFound === r.factsTotal;
}

export async function evaluate(engine: Answerer, items: EvalItem[]): Promise<EvalReport> {
  const rows: EvalRow[] = [];
  for (const [i, item] of items.entries()) {
    const t = performance.now();
    let answer: Answer | undefined;
    // Each question is its own conversation, so no country or check carries over from the previous question.
    const ctx = { conversationId: `eval-${i}-${item.id}`, channel: 'eval' };
    try {
      for (const earlier of item.context ?? []) await engine.answer(earlier, ctx);
      answer = await engine.answer(item.question, ctx);
    } catch {
      answer = undefined;
    }
    const text = answer?.answer ?? '';
    rows.push({
      id: item.id,
      question: item.question,
      category: item.category ?? 'uncategorised',
      answer: text,
      lang: item.lang ?? answer?.language ?? 'en',
      kind: answer?.kind ?? 'error',
      declined: answer?.declined ?? true,
      shouldDecline: item.should_decline,
      factsFound: answer && !answer.declined ? item.expected_facts.filter((f) => containsFact(text, f)).length : 0,
      factsTotal: item.expected_facts.length,
      cited: (answer?.citations.length ?? 0) > 0,
      ms: performance.now() - t,
    });
  }
  const overall = metrics(rows);
  const byLanguage: Record<string, EvalMetrics> = {};
  for (const lang of [...new Set(rows.map((r) => r.lang))].sort()) byLanguage[lang] = metrics(rows.filter((r) => r.lang === lang));
  const byCategory: Record<string, EvalMetrics> = {};
  for (const c of [...new Set(rows.map((r) => r.category))].sort()) byCategory[c] = metrics(rows.filter((r) => r.category === c));
  return { overall, byLanguage, byCategory, rows, text: format(overall, byLanguage, byCategory) };
}

export function metrics(rows: EvalRow[]): EvalMetrics {
  const answerable = rows.filter((r) => !r.shouldDecline);
  const answered = rows.filter((r) => !r.declined);
  const facts = answerable.reduce((s, r) => s + r.factsTotal, 0);
  return {
    n: rows.length,
    factRecall: ratio(answerable.reduce((s, r) => s + r.factsFound, 0), facts),
    answeredRate: ratio(answerable.filter((r) => !r.declined).length, answerable.length),
    citedRate: ratio(answered.filter((r) => r.cited).length, answered.length),
    declineAccuracy: ratio(rows.filter((r) => r.declined === r.shouldDecline).length, rows.length),
    fullyRight: ratio(rows.filter(fullyRight).length, rows.length),
  };
}

function ratio(a: number, b: number): number {
  return b ? Math.round((a / b) * 1000) / 1000 : 0;
}

function format(o: EvalMetrics, by: Record<string, EvalMetrics>, byCategory: Record<string, EvalMetrics>): string {
  const line = (name: string, m: EvalMetrics) =>
    `${name.padEnd(22)} n=${String(m.n).padStart(3)}  fact recall ${pct(m.factRecall)}  answered ${pct(m.answeredRate)}  cited ${pct(m.citedRate)}  decline accuracy ${pct(m.declineAccuracy)}  fully right ${pct(m.fullyRight)}`;
  const cats = Object.keys(byCategory).length > 1 ? ['by category:', ...Object.entries(byCategory).map(([c, m]) => line(c, m))] : [];
  return [line('overall', o), ...Object.entries(by).map(([l, m]) => line(l, m)), ...cats].join('\n');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`.padStart(6);
}
