/**
 * The whole ask, previous implementation vs current, in the same run: two trees of the committed code (bench/lib/
 * baseline.ts), each answering the dev set in its own process over its own index of the same knowledge folder,
 * alternating old and new run by run so machine load hits both alike.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalItem } from '../src/eval/run-eval.js';
import { BASELINE_REV, checkoutTree } from './lib/baseline.js';
import { runWorker } from './lib/child.js';
import { coldStarts, type ColdStart } from './engine.js';
import { execFileSync } from 'node:child_process';
import { REPO } from './lib/paths.js';
import { summarize, type Summary } from './lib/stats.js';

interface AskRun { p50: number; p95: number; mean: number; cpuMsPerAsk: number; peakRssMb: number; answers: string; chunks: number; n: number }

export interface AskSide { p50: Summary; p95: Summary; cpuMsPerAsk: Summary; peakRssMb: Summary }

export interface OldVsNewPoint {
  corpus: string;
  chunks: number;
  old: AskSide;
  new: AskSide;
  /** new / old per run. */
  ratio: AskSide;
  /** The answers (text and declined) of every question hash the same in both trees. */
  sameAnswers: boolean;
  asksPerRun: number;
}

export interface OldVsNewResult {
  baseline: string;
  points: OldVsNewPoint[];
  /** Spawn to /readyz 200 of each tree's production bundle on its own built index of the real knowledge. */
  coldStart?: { old: ColdStart; new: ColdStart; ratio: Summary };
}

const side = (runs: AskRun[]): AskSide => ({
  p50: summarize(runs.map((r) => r.p50)), p95: summarize(runs.map((r) => r.p95)),
  cpuMsPerAsk: summarize(runs.map((r) => r.cpuMsPerAsk)), peakRssMb: summarize(runs.map((r) => r.peakRssMb)),
});

export async function measureOldVsNew(corpora: { name: string; dir: string }[], items: EvalItem[], runs: number, tmp: string, log: (m: string) => void, newBundle?: { entry: string; indexDir: string }): Promise<OldVsNewResult> {
  const trees = {
    old: await checkoutTree(join(tmp, 'tree-old'), { baseline: BASELINE_REV }),
    new: await checkoutTree(join(tmp, 'tree-new')),
  };
  const questions = join(tmp, 'old-vs-new-questions.jsonl');
  await writeFile(questions, items.map((i) => JSON.stringify({ question: i.question })).join('\n'));
  const points: OldVsNewPoint[] = [];
  for (const c of corpora) {
    const got: Record<'old' | 'new', AskRun[]> = { old: [], new: [] };
    for (let r = 0; r < runs; r++) {
      const order = (r % 2 ? ['new', 'old'] : ['old', 'new']) as ('old' | 'new')[];
      for (const t of order) {
        // The first run of a tree builds its index; later runs load it.
        got[t].push(await runWorker<AskRun>(join(REPO, 'bench/ask-latency.ts'), [trees[t], questions, c.dir, join(tmp, `ovn-index-${c.name}-${t}`), '2'], { timeoutMs: 30 * 60_000 }));
      }
    }
    const ratio = (k: 'p50' | 'p95' | 'cpuMsPerAsk' | 'peakRssMb') => summarize(got.new.map((x, i) => x[k] / (got.old[i]?.[k] ?? NaN)));
    const p: OldVsNewPoint = {
      corpus: c.name, chunks: got.new[0]?.chunks ?? 0, old: side(got.old), new: side(got.new),
      ratio: { p50: ratio('p50'), p95: ratio('p95'), cpuMsPerAsk: ratio('cpuMsPerAsk'), peakRssMb: ratio('peakRssMb') },
      sameAnswers: [...got.old, ...got.new].every((x) => x.answers === got.old[0]?.answers), asksPerRun: got.new[0]?.n ?? 0,
    };
    points.push(p);
    log(`  old vs new, ${c.name} (${p.chunks} chunks): ask p50 ${p.ratio.p50.median.toFixed(3)}x, p95 ${p.ratio.p95.median.toFixed(3)}x, CPU ${p.ratio.cpuMsPerAsk.median.toFixed(3)}x; answers ${p.sameAnswers ? 'identical' : 'DIFFER'}`);
  }
  const result: OldVsNewResult = { baseline: BASELINE_REV, points };
  const real = corpora.find((c) => c.name === 'real');
  if (newBundle && real) {
    // Each tree's own production build (its scripts/build.mjs), each on the index its engine built above.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: trees.old, stdio: ['ignore', 'ignore', 'pipe'] });
    const oldCold = await coldStarts(join(trees.old, 'dist/main.mjs'), join(tmp, `ovn-index-${real.name}-old`), real.dir, items, runs, tmp, 'cold-old');
    const newCold = await coldStarts(newBundle.entry, newBundle.indexDir, real.dir, items, runs, tmp, 'cold-new');
    result.coldStart = { old: oldCold, new: newCold, ratio: summarize(newCold.readyMs.median ? [newCold.readyMs.median / oldCold.readyMs.median] : []) };
    log(`  old vs new cold start: ${oldCold.readyMs.median.toFixed(0)} -> ${newCold.readyMs.median.toFixed(0)} ms`);
  }
  return result;
}
