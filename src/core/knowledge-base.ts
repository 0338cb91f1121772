import { isExternalIndex, type KnowledgeIndex, type Retriever } from '../search/retriever.js';
import { readFileSync } from 'node:fs';
import { HybridRetriever, type RankingWeights } from '../search/hybrid-retriever.js';
import type { Bm25Weights } from '../search/bm25-index.js';
import { TermExpander } from '../search/term-expander.js';
import { Lexicon } from '../i18n/lexicon.js';
import { TermWeights } from '../answering/term-weights.js';
import type { SentenceEmbedder } from '../answering/evidence.js';
import type { Chunk } from '../knowledge/types.js';
import type { MraRegistry } from '../knowledge/registry.js';
import { recentMemo } from './recent-memo.js';

/** Ranking weights from data/retrieval.json. */
export interface RetrievalWeights { ranking: RankingWeights; bm25: Bm25Weights }

/** Reads data/retrieval.json into the shapes the retriever takes. */
export function loadRetrievalWeights(file: string): RetrievalWeights {
  const d = JSON.parse(readFileSync(file, 'utf8')) as RankingWeights & { bm25Boost: Bm25Weights['boost']; expansionWeight: number };
  const { fusion, sameLanguageBoost, jurisdiction, vectorScan } = d;
  const ranking = { fusion, sameLanguageBoost, jurisdiction, ...(vectorScan ? { vectorScan } : {}) };
  return { ranking, bm25: { boost: d.bm25Boost, expansionWeight: d.expansionWeight } };
}

export interface CuratedEntry { chunk: Chunk; question: string; vector: Float32Array }

/** Everything answering needs from one built index; swapped as a whole on reindex. */
export class KnowledgeBase {
  readonly retriever: Retriever;
  readonly weights: TermWeights;
  private faqEntries?: CuratedEntry[];
  readonly glossary: Chunk[];
  /** Sentence embeddings in the index's vector space (centred), for semantic scores at answer time. */
  readonly semantic: SentenceEmbedder;

  constructor(
    readonly index: KnowledgeIndex,
    readonly embedder: SentenceEmbedder & { embedQuery(text: string): Promise<number[]> },
    readonly registry?: MraRegistry,
    lexicon: Lexicon = Lexicon.empty(),
    weights?: RetrievalWeights,
  ) {
    this.glossary = index.chunks.filter((c) => c.kind === 'glossary' && c.headings.length);
    const expander = new TermExpander(this.glossary, lexicon);
    // A database-held index brings its own retriever (same inputs and ranking); the embedded one searches in memory.
    if (isExternalIndex(index)) {
      this.retriever = index.retriever({ embedder, expander, ...(weights ? { ranking: weights.ranking, bm25: weights.bm25 } : {}) });
    } else {
      const bm25 = weights ? index.bm25.withWeights(weights.bm25) : index.bm25;
      this.retriever = new HybridRetriever(index.chunks, bm25, index.vectors, embedder, 'hybrid', expander, weights?.ranking);
    }
    // An ask embeds its question in several responders (evidence, FAQ match, follow-ups): once is enough.
    const embed = recentMemo((text: string) => Float32Array.from(index.vectors.transform(embedder.embed(text))), 32);
    this.semantic = {
      embed,
      wordRow: (w) => embedder.wordRow(w),
      wordSimilarity: (a, b) => embedder.wordSimilarity(a, b),
    };
    // A database-held index holds only some chunks: the corpus size is the manifest's.
    this.weights = new TermWeights(index.df, index.manifest.chunkCount, embedder, lexicon);
  }

  /** The FAQ entries with their question's embedding (computed on first use unless prepared). */
  get faq(): CuratedEntry[] {
    return (this.faqEntries ??= this.faqChunks().map((c) => this.curated(c)));
  }

  /**
   * Embeds the FAQ questions in slices of about `sliceMs`, awaiting `pause` between them, before the knowledge base
   * answers: at 50,000 chunks with a few thousand FAQ entries this was ~40-100 ms in one go on the answering thread.
   */
  async prepare(pause: () => Promise<void>, sliceMs = 8): Promise<this> {
    // The curated answers weigh every FAQ question's terms: a database index reads them once, for good.
    if (isExternalIndex(this.index)) {
      await this.weights.prepare(this.faqChunks().map((c) => ({ text: c.headings[c.headings.length - 1] ?? '', lang: c.language })), true);
    }
    const entries: CuratedEntry[] = [];
    let sliceStart = performance.now();
    for (const c of this.faqChunks()) {
      entries.push(this.curated(c));
      if (performance.now() - sliceStart > sliceMs) {
        await pause();
        sliceStart = performance.now();
      }
    }
    this.faqEntries ??= entries;
    return this;
  }

  private faqChunks(): Chunk[] {
    return this.index.chunks.filter((c) => c.kind === 'faq' && c.headings.length);
  }

  private curated(chunk: Chunk): CuratedEntry {
    const question = chunk.headings[chunk.headings.length - 1] ?? '';
    return { chunk, question, vector: this.semantic.embed(question) };
  }

  get chunkCount(): number {
    return this.index.manifest.chunkCount;
  }
}
