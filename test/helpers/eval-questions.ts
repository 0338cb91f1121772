import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvalFile, type EvalItem } from '../../src/eval/run-eval.js';
import { REPO } from './paths.js';

/** The dev set (shared with the other checkouts) and every `every`-th question of eval/bank, in a fixed order. */
export function evalSample(every = 4): EvalItem[] {
  const dev = parseEvalFile(readFileSync(join(REPO, '..', 'shared', 'eval', 'dev.jsonl'), 'utf8'));
  const bankDir = join(REPO, 'eval', 'bank');
  const bank = readdirSync(bankDir).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => parseEvalFile(readFileSync(join(bankDir, f), 'utf8')));
  return [...dev, ...bank.filter((_, i) => i % every === 0)];
}
