/**
 * One corpus size of the speed-vs-size bench, in its own process so its peak RSS is its own.
 * Usage: tsx bench/scale-worker.ts <size> <runs> <buildRuns> <indexDir> <knowledgeDir>
 * Prints one JSON line (ScaleResult).
 */
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { SifEmbeddings } from '../src/embeddings/sif-embeddings.js';
import { loadWinkVectors } from '../src/embeddings/word-vectors.js';
import { silentLogger } from '../src/logging/logger.js';
import { join } from 'node:path';
import { Lexicon } from '../src/i18n/lexicon.js';
import { bm25Doc } from '../src/search/bm25-fields.js';
import { FlatBm25Index } from '../src/search/flat-bm25.js';
import { DEFAULT_RANKING, HybridRetriever } from '../src/search/hybrid-retriever.js';
import { MiniSearchBm25Index } from '../src/search/minisearch-bm25.js';
import { TermExpander } from '../src/search/term-expander.js';
import { IndexStore, embeddingText } from '../src/search/index-store.js';
import { GRAPH_ONLY, VectorIndex } from '../src/search/vector-index.js';
import type { Chunk } from '../src/knowledge/types.js';
import { benchQueries, synthesizeChunks } from './lib/corpus.js';
import { CACHE_DIR, REPO } from './lib/paths.js';
import { readDevSet } from './lib/services.js';
import { percentile } from './lib/stats.js';
import { peakRssMb, resetPeakRss, rssMb } from './lib/child.js';

export interface ScaleRun {
  hnswBuildMs?: number;
  bm25BuildMs?: number;
  /** The previous BM25 (MiniSearch) on the same chunks and queries: the baseline of the ratios. */
  bm25OldBuildMs?: number;
  bm25OldP50: number; bm25OldP95: number;
  /** HybridRetriever.search as an ask runs it (BM25 + HNSW + fusion, language filter), new and previous BM25. */
  retrievalP50: number; retrievalP95: number;
  retrievalOldP50: number; retrievalOldP95: number;
  hnswP50: number; hnswP95: number;
  bruteP50: number; bruteP95: number;
  bm25P50: number; bm25P95: number;
  memStoreP50?: number; memStoreP95?: number;
}

export interface ScaleResult {
  size: number;
  queries: number;
  /** Fewest queries timed in one run of one method (the time budget cuts slow methods short). */
  minTimedQueries: number;
  embedMs: number;
  runs: ScaleRun[];
  /** Mean share of the exact top 10 (brute force) that HNSW returns. */
  recall10: number;
  /** The same for LangChain's MemoryVectorStore (exact search, so 1 unless it mis-sorts); NaN when not run. */
  memStoreRecall10: number;
  memStoreQueries: number;
  /** After loading the word vectors and generating/embedding the corpus, before any index. */
  baseRssMb: number;
  /** Peak RSS with one HNSW and one BM25 index built and queried (before extra timing builds and MemoryVectorStore). */
  peakRssMb: number;
  /** Heap growth of building each BM25 index (after GC), MB. */
  bm25HeapMb: number;
  bm25OldHeapMb: number;
  /** Whether the peak was reset after the baseline (otherwise it includes start-up). */
  peakReset: boolean;
  heapUsedMb: number;
}

const K = 10;
/** MemoryVectorStore allocates an object per stored vector on every query: only measured up to this size. */
const MEMSTORE_MAX = 50_000;
const QUERY_BUDGET_MS = 3_000;
const MIN_QUERIES = 8;

/** The real knowledge's chunks from a built index (the rest of the loaded index is dropped). */
async function baseChunks(indexDir: string, knowledgeDir: string, embeddings: SifEmbeddings): Promise<Chunk[]> {
  return (await new IndexStore(indexDir, knowledgeDir, embeddings, silentLogger()).load()).chunks;
}

async function main(): Promise<void> {
  const [sizeArg, runsArg, buildRunsArg, indexDir, knowledgeDir] = process.argv.slice(2);
  const size = Number(sizeArg);
  const runs = Number(runsArg);
  const buildRuns = Number(buildRunsArg);
  if (!size || !runs || !buildRuns || !indexDir || !knowledgeDir) throw new Error('usage: scale-worker <size> <runs> <buildRuns> <indexDir> <knowledgeDir>');
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

  const embeddings = new SifEmbeddings(await loadWinkVectors(CACHE_DIR, silentLogger()));
  const base = await baseChunks(indexDir, knowledgeDir, embeddings);
  const chunks = synthesizeChunks(base, size);
  const dev = await readDevSet();
  const queries = benchQueries(dev.map((d) => d.question), base, 100);
  let t = performance.now();
  const vectors = await embeddings.embedDocuments(chunks.map(embeddingText));
  const embedMs = performance.now() - t;
  const queryVectors = (await embeddings.embedDocuments(queries)).filter((v) => v.some((x) => x !== 0));
  gc();
  const baseRssMb = await rssMb(process.pid);
  // Peak RSS from here on: the index builds and queries, not the start-up transients (loading the real index).
  const peakReset = resetPeakRss();

  // First build: timed, and kept for the query runs.
  t = performance.now();
  const hnsw = await VectorIndex.build(embeddings, vectors, embeddings.dims);
  const hnswBuildMs = performance.now() - t;
  // Both builds analyse the same text: warm the stemmer's cache once, so neither build pays for it alone.
  for (const c of chunks) bm25Doc(c);
  const heapNow = () => { gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
  let h0 = heapNow();
  t = performance.now();
  const bm25 = FlatBm25Index.build(chunks);
  const bm25BuildMs = performance.now() - t;
  const bm25HeapMb = heapNow() - h0;
  h0 = heapNow();
  t = performance.now();
  const bm25Old = MiniSearchBm25Index.build(chunks);
  const bm25OldBuildMs = performance.now() - t;
  const bm25OldHeapMb = heapNow() - h0;
  // The retrieval step of an ask, as the retrieval responder calls it (English question: English passages).
  const expander = new TermExpander(base.filter((c) => c.kind === 'glossary' && c.headings.length), Lexicon.load(join(REPO, 'prompts', 'lexicon.json')));
  const retriever = new HybridRetriever(chunks, bm25, hnsw, embeddings, 'hybrid', expander);
  // The previous retrieval step: MiniSearch, and every filtered vector query on the HNSW graph (no exact scans).
  const retrieverOld = new HybridRetriever(chunks, bm25Old, hnsw, embeddings, 'hybrid', expander, { ...DEFAULT_RANKING, vectorScan: GRAPH_ONLY });
  const retrieve = (r: HybridRetriever, q: string) => r.search(q, { k: K, filters: { languages: ['en'] }, language: 'en' });

  // Exact search baseline: the same centred unit vectors in one Float32Array, scanned with a dot product.
  const dims = embeddings.dims;
  const matrix = new Float32Array(size * dims);
  vectors.forEach((v, i) => {
    const c = v.some((x) => x !== 0) ? hnsw.transform(v) : [1, ...new Array<number>(dims - 1).fill(0)];
    matrix.set(c, i * dims);
  });
  const brute = (raw: number[]) => exactTopK(matrix, dims, Float32Array.from(hnsw.transform(raw)), K);

  // Every query, or as many as fit in the time budget (at least MIN_QUERIES): BM25 at 200k chunks takes seconds each.
  const timeAll = async (fn: (i: number) => unknown, n = queryVectors.length): Promise<number[]> => {
    const times: number[] = [];
    const until = performance.now() + QUERY_BUDGET_MS;
    for (let i = 0; i < n; i++) {
      if (i >= MIN_QUERIES && performance.now() > until) break;
      const s = performance.now();
      await fn(i);
      times.push(performance.now() - s);
    }
    timedQueries = Math.min(timedQueries, times.length);
    return times;
  };
  let timedQueries = Infinity;
  // Warm-up (JIT), then recall of HNSW against the exact top 10.
  // Ties (chunks with the same known words embed identically) count as found: a hit is any returned chunk at least
  // as similar as the exact 10th.
  let hits = 0;
  for (const q of queryVectors) {
    const cq = Float32Array.from(hnsw.transform(q));
    hits += tieAwareRecall(matrix, dims, cq, (await hnsw.query(q, K)).map((h) => h.index), exactTopK(matrix, dims, cq, K));
  }
  const recall10 = hits / queryVectors.length;
  for (const q of queries.slice(0, 3)) {
    bm25.query(q, 'en', K);
    bm25Old.query(q, 'en', K);
    await retrieve(retriever, q);
    await retrieve(retrieverOld, q);
  }

  const out: ScaleRun[] = [];
  for (let r = 0; r < runs; r++) {
    const h = await timeAll((i) => hnsw.query(queryVectors[i]!, K));
    const b = await timeAll((i) => brute(queryVectors[i]!));
    const l = await timeAll((i) => bm25.query(queries[i] ?? '', 'en', K), queries.length);
    const lo = await timeAll((i) => bm25Old.query(queries[i] ?? '', 'en', K), queries.length);
    const rn = await timeAll((i) => retrieve(retriever, queries[i] ?? ''), queries.length);
    const ro = await timeAll((i) => retrieve(retrieverOld, queries[i] ?? ''), queries.length);
    out.push({
      hnswP50: percentile(h, 50), hnswP95: percentile(h, 95), bruteP50: percentile(b, 50), bruteP95: percentile(b, 95),
      bm25P50: percentile(l, 50), bm25P95: percentile(l, 95), bm25OldP50: percentile(lo, 50), bm25OldP95: percentile(lo, 95),
      retrievalP50: percentile(rn, 50), retrievalP95: percentile(rn, 95), retrievalOldP50: percentile(ro, 50), retrievalOldP95: percentile(ro, 95),
    });
  }
  out[0]!.hnswBuildMs = hnswBuildMs;
  out[0]!.bm25BuildMs = bm25BuildMs;
  out[0]!.bm25OldBuildMs = bm25OldBuildMs;
  const peak = await peakRssMb(process.pid);
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;

  // More builds, only for their time.
  for (let r = 1; r < buildRuns; r++) {
    gc();
    t = performance.now();
    await VectorIndex.build(embeddings, vectors, embeddings.dims);
    const hb = performance.now() - t;
    gc();
    t = performance.now();
    FlatBm25Index.build(chunks);
    const bb = performance.now() - t;
    gc();
    t = performance.now();
    MiniSearchBm25Index.build(chunks);
    const bo = performance.now() - t;
    const run = out[r] ?? (out[r] = { ...out[0]!, hnswBuildMs: undefined, bm25BuildMs: undefined, bm25OldBuildMs: undefined });
    run.hnswBuildMs = hb;
    run.bm25BuildMs = bb;
    run.bm25OldBuildMs = bo;
  }

  // LangChain's in-memory brute-force store over the same centred vectors.
  let memStoreRecall10 = NaN;
  let memStoreQueries = 0;
  if (size <= MEMSTORE_MAX) {
    const store = new MemoryVectorStore(embeddings);
    await store.addVectors(Array.from({ length: size }, (_, i) => Array.from(matrix.subarray(i * dims, (i + 1) * dims))), chunks.map((_, i) => new Document({ pageContent: '', metadata: { i } })));
    const qs = queryVectors.slice(0, size <= 10_000 ? 50 : 20).map((q) => hnsw.transform(q));
    memStoreQueries = qs.length;
    let agree = 0;
    for (const q of qs) {
      const cq = Float32Array.from(q);
      const got = (await store.similaritySearchVectorWithScore(q, K)).map(([d]) => d.metadata.i as number);
      agree += tieAwareRecall(matrix, dims, cq, got, exactTopK(matrix, dims, cq, K));
    }
    memStoreRecall10 = agree / qs.length;
    for (let r = 0; r < runs; r++) {
      const times: number[] = [];
      for (const q of qs) {
        const s = performance.now();
        await store.similaritySearchVectorWithScore(q, K);
        times.push(performance.now() - s);
      }
      out[r]!.memStoreP50 = percentile(times, 50);
      out[r]!.memStoreP95 = percentile(times, 95);
    }
  }

  const result: ScaleResult = { size, queries: queryVectors.length, minTimedQueries: timedQueries, embedMs, runs: out, recall10, memStoreRecall10, memStoreQueries, baseRssMb, peakRssMb: peak, peakReset, heapUsedMb, bm25HeapMb, bm25OldHeapMb };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function dot(matrix: Float32Array, dims: number, i: number, q: Float32Array): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += matrix[i * dims + d]! * q[d]!;
  return s;
}

/** Share of the exact top k found, counting a returned row as found when it scores at least the exact k-th. */
function tieAwareRecall(matrix: Float32Array, dims: number, q: Float32Array, got: number[], exact: number[]): number {
  if (!exact.length) return 1;
  const kth = dot(matrix, dims, exact[exact.length - 1]!, q) - 1e-5;
  const found = new Set(got.filter((i) => dot(matrix, dims, i, q) >= kth));
  return Math.min(exact.length, found.size) / exact.length;
}

/** Positions of the k rows of `matrix` with the largest dot product with `q` (exact, by a bounded insertion list). */
export function exactTopK(matrix: Float32Array, dims: number, q: Float32Array, k: number): number[] {
  const n = matrix.length / dims;
  const idx = new Int32Array(k).fill(-1);
  const sc = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dims;
    for (let d = 0; d < dims; d++) s += matrix[o + d]! * q[d]!;
    if (s <= sc[k - 1]!) continue;
    let j = k - 1;
    while (j > 0 && sc[j - 1]! < s) {
      sc[j] = sc[j - 1]!;
      idx[j] = idx[j - 1]!;
      j--;
    }
    sc[j] = s;
    idx[j] = i;
  }
  return Array.from(idx).filter((i) => i >= 0);
}

await main();
