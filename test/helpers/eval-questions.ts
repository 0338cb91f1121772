import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../../src/core/answer.js';
import { parseEvalFile, type EvalItem } from '../../src/eval/run-eval.js';
import { REPO } from './paths.js';

/** The dev set lives beside the checkout on the developers' machines, not in it: CI's clean clone has none. */
const DEV_SET = join(REPO, '..', 'shared', 'eval', 'dev.jsonl');

/** The dev set's questions, or none where the checkout has no dev set beside it. */
export function devSet(): EvalItem[] {
  return existsSync(DEV_SET) ? parseEvalFile(readFileSync(DEV_SET, 'utf8')) : [];
}

/** The dev set when present, and every `every`-th question of eval/bank, in a fixed order. */
export function evalSample(every = 4): EvalItem[] {
  const dev = devSet();
  const bankDir = join(REPO, 'eval', 'bank');
  const bank = readdirSync(bankDir).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => parseEvalFile(readFileSync(join(bankDir, f), 'utf8')));
  return [...dev, ...bank.filter((_, i) => i % every === 0)];
}

/** What two runs must agree on for an answer to count as the same: its text, decision, kind and cited sections. */
export function answerKey(a: Answer): { answer: string; declined: boolean; kind: Answer['kind']; citations: string[] } {
  const citations = a.citations.map((c) => `${c.source}#${c.section ?? ''}`);
  return { answer: a.answer, declined: a.declined, kind: a.kind, citations };
}

/** Each question's answer key, asked in order through the engine (as JSON, with the question). */
export async function answerKeys(
  engine: { answer(question: string): Promise<Answer> }, items: EvalItem[],
): Promise<string[]> {
  const out: string[] = [];
  for (const i of items) out.push(JSON.stringify({ q: i.question, ...answerKey(await engine.answer(i.question)) }));
  return out;
}
