import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEvalFile, type EvalItem } from './run-eval.js';

/** Folds of the question bank: a stable hash of the id, so adding questions never moves the others. */
export const FOLDS = 5;
/** Folds that tuning (lexicons, rules, fitted weights) may look at; the rest are only ever reported. */
export const TUNING_FOLDS = [0, 1, 2] as const;
export const HELD_OUT_FOLDS = [3, 4] as const;

export function foldOf(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0) % FOLDS;
}

/** Every `*.jsonl` of a bank folder, in name order. */
export async function loadBank(dir: string): Promise<EvalItem[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const items: EvalItem[] = [];
  for (const f of files) items.push(...parseEvalFile(await readFile(join(dir, f), 'utf8')));
  const ids = new Set<string>();
  for (const it of items) {
    if (ids.has(it.id)) throw new Error(`question bank: duplicate id ${it.id}`);
    ids.add(it.id);
  }
  return items;
}

/** "train" = the tuning folds, "held-out" = the others, or a comma list of fold numbers. */
export function parseFolds(spec: string): number[] {
  if (spec === 'train' || spec === 'tuning') return [...TUNING_FOLDS];
  if (spec === 'held-out' || spec === 'test') return [...HELD_OUT_FOLDS];
  if (spec === 'all') return Array.from({ length: FOLDS }, (_, i) => i);
  const folds = spec.split(',').map((s) => Number(s.trim()));
  if (!folds.length || folds.some((f) => !Number.isInteger(f) || f < 0 || f >= FOLDS)) {
    throw new Error(`folds: expected train, held-out, all or numbers 0-${FOLDS - 1}, got "${spec}"`);
  }
  return folds;
}

export function inFolds(items: EvalItem[], folds: number[]): EvalItem[] {
  const set = new Set(folds);
  return items.filter((it) => set.has(foldOf(it.id)));
}
