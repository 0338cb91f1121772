/**
 * Quality on the dev set: answers per kind and language (fact recall, decline accuracy, via src/eval/run-eval.ts),
 * and retrieval hit@1/3/5 and MRR for BM25-only, vectors-only, hybrid (ours) and LangChain's in-memory
 * brute-force vector store over the same chunks and embeddings, all in the same run.
 */
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Services } from '../src/main.js';
import { containsFact, evaluate, metrics, type EvalItem, type EvalMetrics, type EvalRow } from '../src/eval/run-eval.js';
import { embeddingText } from '../src/search/index-store.js';
import type { Chunk } from '../src/knowledge/types.js';
import { percentile, summarize, summarizeRuns, type Summary } from './lib/stats.js';

export const RETRIEVERS = ['bm25', 'vector', 'hybrid', 'langchain-memory'] as const;
export type RetrieverName = (typeof RETRIEVERS)[number];

export const RETRIEVER_LABELS: Record<RetrieverName, string> = {
  bm25: 'BM25 only',
  vector: 'vectors only (HNSW)',
  hybrid: 'hybrid (ours)',
  'langchain-memory': 'LangChain MemoryVectorStore',
};

type RetrievalRun = { hit1: number; hit3: number; hit5: number; mrr: number; factRecall5: number; p50: number; p95: number };

export interface GroupQuality { n: number; answerable: number; answered: number; factRecall: number; declineAccuracy: number; answeredRate: number; citedRate: number }

export interface QualityResult {
  items: number;
  answerable: number;
  overall: GroupQuality;
  byKind: Record<string, GroupQuality>;
  byLanguage: Record<string, GroupQuality>;
  /** Kind of each item's answer (the last run), for the report. */
  rows: EvalRow[];
  answerMs: { p50: Summary; p95: Summary };
  retrieval: Record<RetrieverName, { [K in keyof RetrievalRun]: Summary }>;
  /** Hybrid minus BM25-only, in points, per run. */
  hybridVsBm25Hit3Points: Summary;
  hybridVsBm25Hit1Points: Summary;
  runs: number;
}

const DEPTH = 10;

/** A chunk "hits" when it contains at least half of the item's expected facts (title and headings count). */
export function chunkHits(chunk: Chunk, item: EvalItem): boolean {
  const text = `${chunk.title} ${chunk.headings.join(' ')} ${chunk.text}`;
  return item.expected_facts.filter((f) => containsFact(text, f)).length / item.expected_facts.length >= 0.5;
}

export async function measureQuality(services: Services, items: EvalItem[], runs: number): Promise<QualityResult> {
  const kb = services.engine.knowledgeBase;
  if (!kb) throw new Error('quality: the knowledge base is not loaded');
  const chunks = kb.index.chunks;
  // KnowledgeBase types its embedder as a SentenceEmbedder; it is the LangChain Embeddings the index was built with.
  const embeddings = kb.embedder as unknown as EmbeddingsInterface;
  if (typeof embeddings.embedDocuments !== 'function') throw new Error('quality: KnowledgeBase.embedder is not a LangChain Embeddings');
  const memory = await MemoryVectorStore.fromDocuments(chunks.map((c, i) => new Document({ pageContent: embeddingText(c), metadata: { i } })), embeddings);

  const search: Record<RetrieverName, (item: EvalItem) => Promise<Chunk[]>> = {
    bm25: async (item) => (await kb.retriever.withMode('bm25').search(item.question, { k: DEPTH, language: item.lang ?? 'en' })).map((h) => h.chunk),
    vector: async (item) => (await kb.retriever.withMode('vector').search(item.question, { k: DEPTH, language: item.lang ?? 'en' })).map((h) => h.chunk),
    hybrid: async (item) => (await kb.retriever.withMode('hybrid').search(item.question, { k: DEPTH, language: item.lang ?? 'en' })).map((h) => h.chunk),
    'langchain-memory': async (item) => (await memory.similaritySearch(item.question, DEPTH)).map((d) => chunks[d.metadata.i as number]!).filter(Boolean),
  };

  const answerable = items.filter((i) => !i.should_decline && i.expected_facts.length);
  const retrievalRuns: Record<RetrieverName, RetrievalRun[]> = { bm25: [], vector: [], hybrid: [], 'langchain-memory': [] };
  const answerP50: number[] = [];
  const answerP95: number[] = [];
  let rows: EvalRow[] = [];
  for (let r = 0; r < runs; r++) {
    // Answers end to end (engine.answer), scored by the project's own eval helpers.
    const report = await evaluate(services.engine, items);
    rows = report.rows;
    answerP50.push(percentile(rows.map((x) => x.ms), 50));
    answerP95.push(percentile(rows.map((x) => x.ms), 95));
    for (const name of RETRIEVERS) {
      let hit1 = 0, hit3 = 0, hit5 = 0, rr = 0, facts = 0, found = 0;
      const times: number[] = [];
      for (const item of answerable) {
        const t = performance.now();
        const got = await search[name](item);
        times.push(performance.now() - t);
        const good = got.map((c) => chunkHits(c, item));
        if (good[0]) hit1++;
        if (good.slice(0, 3).some(Boolean)) hit3++;
        if (good.slice(0, 5).some(Boolean)) hit5++;
        const first = good.indexOf(true);
        if (first >= 0) rr += 1 / (first + 1);
        const text = got.slice(0, 5).map((c) => c.text).join('\n');
        facts += item.expected_facts.length;
        found += item.expected_facts.filter((f) => containsFact(text, f)).length;
      }
      const n = answerable.length;
      retrievalRuns[name].push({ hit1: hit1 / n, hit3: hit3 / n, hit5: hit5 / n, mrr: rr / n, factRecall5: found / facts, p50: percentile(times, 50), p95: percentile(times, 95) });
    }
  }
  const group = (rs: EvalRow[]): GroupQuality => {
    const m: EvalMetrics = metrics(rs);
    return { n: m.n, answerable: rs.filter((x) => !x.shouldDecline).length, answered: rs.filter((x) => !x.declined).length, factRecall: m.factRecall, declineAccuracy: m.declineAccuracy, answeredRate: m.answeredRate, citedRate: m.citedRate };
  };
  const byKind: Record<string, GroupQuality> = {};
  for (const k of [...new Set(rows.map((x) => x.kind))].sort()) byKind[k] = group(rows.filter((x) => x.kind === k));
  const byLanguage: Record<string, GroupQuality> = {};
  for (const l of [...new Set(rows.map((x) => x.lang))].sort()) byLanguage[l] = group(rows.filter((x) => x.lang === l));
  const retrieval = Object.fromEntries(RETRIEVERS.map((n) => [n, summarizeRuns(retrievalRuns[n])])) as QualityResult['retrieval'];
  const pts = (key: 'hit1' | 'hit3') => summarize(retrievalRuns.hybrid.map((h, i) => (h[key] - (retrievalRuns.bm25[i]?.[key] ?? NaN)) * 100));
  return {
    items: items.length, answerable: answerable.length, overall: group(rows), byKind, byLanguage, rows,
    answerMs: { p50: summarize(answerP50), p95: summarize(answerP95) },
    retrieval, hybridVsBm25Hit3Points: pts('hit3'), hybridVsBm25Hit1Points: pts('hit1'), runs,
  };
}
