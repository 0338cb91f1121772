/**
 * Speed vs size: each synthetic corpus size runs in its own process (bench/scale-worker.ts), so peak RSS is per size.
 */
import { join } from 'node:path';
import { runWorker } from './lib/child.js';
import { REPO } from './lib/paths.js';
import { summarize, type Summary } from './lib/stats.js';
import type { ScaleResult, ScaleRun } from './scale-worker.js';

/** The worker's single-value results as they are, plus each timing summarised over its runs. */
export interface ScalePoint extends Pick<ScaleResult, 'size' | 'queries' | 'minTimedQueries' | 'embedMs' | 'recall10' | 'memStoreRecall10' | 'memStoreQueries' | 'baseRssMb' | 'peakRssMb' | 'peakReset' | 'bm25HeapMb' | 'bm25OldHeapMb'> {
  queryRuns: number;
  buildRuns: number;
  hnswBuildMs: Summary;
  bm25BuildMs: Summary;
  hnswP50: Summary; hnswP95: Summary;
  bruteP50: Summary; bruteP95: Summary;
  bm25P50: Summary; bm25P95: Summary;
  /** The previous BM25 (MiniSearch) and the retrieval step with each, same chunks and queries. */
  bm25OldBuildMs: Summary;
  bm25OldP50: Summary; bm25OldP95: Summary;
  retrievalP50: Summary; retrievalP95: Summary;
  retrievalOldP50: Summary; retrievalOldP95: Summary;
  /** New / previous, per run. */
  bm25RatioP50: Summary; bm25RatioP95: Summary;
  retrievalRatioP50: Summary; retrievalRatioP95: Summary;
  memStoreP50: Summary; memStoreP95: Summary;
  /** Brute-force time / HNSW time, per run (how many times faster HNSW is). */
  speedupP50: Summary;
  speedupP95: Summary;
  seconds: number;
}

/** Index builds are the slow part at large sizes: fewer repeats there keep the bench inside its time budget. */
export function buildRunsFor(size: number, runs: number): number {
  if (size <= 10_000) return runs;
  if (size <= 50_000) return Math.min(runs, 3);
  return 1;
}

export function queryRunsFor(size: number, runs: number): number {
  return size <= 50_000 ? runs : Math.min(runs, 3);
}

export async function measureScale(sizes: number[], runs: number, indexDir: string, knowledgeDir: string, log: (m: string) => void): Promise<ScalePoint[]> {
  const out: ScalePoint[] = [];
  for (const size of sizes) {
    const t = performance.now();
    const buildRuns = buildRunsFor(size, runs);
    const queryRuns = queryRunsFor(size, runs);
    const r = await runWorker<ScaleResult>(join(REPO, 'bench/scale-worker.ts'), [String(size), String(queryRuns), String(buildRuns), indexDir, knowledgeDir], {
      nodeArgs: ['--expose-gc', '--max-old-space-size=16384'],
      timeoutMs: 30 * 60_000,
    });
    const col = (k: keyof ScaleRun) => summarize(r.runs.map((x) => x[k] ?? NaN));
    const ratio = (a: keyof ScaleRun, b: keyof ScaleRun) => summarize(r.runs.map((x) => (x[a] ?? NaN) / (x[b] ?? NaN)));
    const p: ScalePoint = {
      size, queries: r.queries, minTimedQueries: r.minTimedQueries, queryRuns, buildRuns, embedMs: r.embedMs,
      hnswBuildMs: col('hnswBuildMs'), bm25BuildMs: col('bm25BuildMs'),
      hnswP50: col('hnswP50'), hnswP95: col('hnswP95'), bruteP50: col('bruteP50'), bruteP95: col('bruteP95'),
      bm25P50: col('bm25P50'), bm25P95: col('bm25P95'), bm25OldBuildMs: col('bm25OldBuildMs'), bm25OldP50: col('bm25OldP50'), bm25OldP95: col('bm25OldP95'),
      retrievalP50: col('retrievalP50'), retrievalP95: col('retrievalP95'), retrievalOldP50: col('retrievalOldP50'), retrievalOldP95: col('retrievalOldP95'),
      bm25RatioP50: ratio('bm25P50', 'bm25OldP50'), bm25RatioP95: ratio('bm25P95', 'bm25OldP95'),
      retrievalRatioP50: ratio('retrievalP50', 'retrievalOldP50'), retrievalRatioP95: ratio('retrievalP95', 'retrievalOldP95'),
      bm25HeapMb: r.bm25HeapMb, bm25OldHeapMb: r.bm25OldHeapMb,
      memStoreP50: col('memStoreP50'), memStoreP95: col('memStoreP95'),
      speedupP50: summarize(r.runs.map((x) => x.bruteP50 / x.hnswP50)),
      speedupP95: summarize(r.runs.map((x) => x.bruteP95 / x.hnswP95)),
      recall10: r.recall10, memStoreRecall10: r.memStoreRecall10, memStoreQueries: r.memStoreQueries,
      baseRssMb: r.baseRssMb, peakRssMb: r.peakRssMb, peakReset: r.peakReset, seconds: (performance.now() - t) / 1000,
    };
    out.push(p);
    log(`  ${size} chunks: HNSW p50 ${p.hnswP50.median.toFixed(3)} ms vs brute ${p.bruteP50.median.toFixed(3)} ms, recall@10 ${p.recall10.toFixed(3)}, build HNSW ${p.hnswBuildMs.median.toFixed(0)} ms / BM25 ${p.bm25BuildMs.median.toFixed(0)} ms (previous ${p.bm25OldBuildMs.median.toFixed(0)} ms), BM25 query p50 ${p.bm25RatioP50.median.toFixed(4)}x of the previous, retrieval p50 ${p.retrievalRatioP50.median.toFixed(4)}x / p95 ${p.retrievalRatioP95.median.toFixed(4)}x, peak RSS ${p.peakRssMb.toFixed(0)} MB (${p.seconds.toFixed(0)} s)`);
  }
  return out;
}
