import type { LoadedIndex } from '../search/index-store.js';
import { HybridRetriever } from '../search/hybrid-retriever.js';
import { TermExpander } from '../search/term-expander.js';
import { Lexicon } from '../i18n/lexicon.js';
import { TermWeights } from '../answering/term-weights.js';
import type { SentenceEmbedder } from '../answering/evidence.js';
import type { Chunk } from '../knowledge/types.js';
import type { MraRegistry } from '../knowledge/registry.js';

export interface CuratedEntry { chunk: Chunk; question: string; vector: Float32Array }

/** Everything answering needs from one built index; swapped as a whole on reindex. */
export class KnowledgeBase {
  readonly retriever: HybridRetriever;
  readonly weights: TermWeights;
  readonly faq: CuratedEntry[];
  readonly glossary: Chunk[];
  /** Sentence embeddings in the index's vector space (centred), for semantic scores at answer time. */
  readonly semantic: SentenceEmbedder;

  constructor(
    readonly index: LoadedIndex,
    readonly embedder: SentenceEmbedder & { embedQuery(text: string): Promise<number[]> },
    readonly registry?: MraRegistry,
    lexicon: Lexicon = Lexicon.empty(),
  ) {
    this.glossary = index.chunks.filter((c) => c.kind === 'glossary' && c.headings.length);
    this.retriever = new HybridRetriever(index.chunks, index.bm25, index.vectors, embedder, 'hybrid', new TermExpander(this.glossary, lexicon));
    this.semantic = {
      embed: (text) => Float32Array.from(index.vectors.transform(embedder.embed(text))),
      wordRow: (w) => embedder.wordRow(w),
      wordSimilarity: (a, b) => embedder.wordSimilarity(a, b),
    };
    this.weights = new TermWeights(index.df, index.chunks.length, embedder, lexicon);
    this.faq = index.chunks
      .filter((c) => c.kind === 'faq' && c.headings.length)
      .map((c) => {
        const question = c.headings[c.headings.length - 1] ?? '';
        return { chunk: c, question, vector: this.semantic.embed(question) };
      });
  }

  get chunkCount(): number {
    return this.index.chunks.length;
  }
}
