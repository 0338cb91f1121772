import type { TermFrequencies } from '../answering/term-weights.js';
import type { Bm25Weights } from './bm25-index.js';
import type { QueryEmbedder, RankingWeights, RetrievalMode } from './hybrid-retriever.js';
import type { LoadedIndex } from './index-store.js';
import type { TermExpander } from './term-expander.js';
import type { ScoredChunk, SearchOptions } from './types.js';

/** The seam the answer engine searches through, whichever backend holds the index. */
export interface Retriever {
  search(query: string, opts: SearchOptions): Promise<ScoredChunk[]>;
  /** The same retriever with only one channel (bench, diagnostics) or both. */
  withMode(mode: RetrievalMode): Retriever;
}

/** What a backend's retriever is made from: the same parts the embedded hybrid retriever takes. */
export interface RetrieverParts {
  embedder: QueryEmbedder;
  expander: TermExpander;
  ranking?: RankingWeights;
  bm25?: Bm25Weights;
}

/** How a database-held index is served, for readiness. */
export interface BackendInfo {
  kind: 'postgres';
  /** Which BM25 index extension the database has (pg_textsearch) and how the lexical channel is ranked. */
  textSearch: { extension: string | null; ranking: 'postings-bm25' | 'pg_textsearch' };
  /** Bumped by every index update: a reader whose snapshot is older reloads. */
  generation: number;
}

/**
 * An index held outside this process (PostgreSQL): searching is the backend's own retriever, and `chunks` holds
 * only those the answer steps read whole (glossary, FAQ, programme pages), not the corpus; `manifest.chunkCount`
 * counts the corpus; `df` reads the terms a question needs. `vectors.transform` maps a raw embedding into the
 * index's vector space (centred, unit length).
 */
export interface ExternalIndex extends Omit<LoadedIndex, 'bm25' | 'vectors' | 'df'> {
  /** Term document frequencies read from the database per question (`load`), not held whole. */
  df: Required<TermFrequencies> & { readonly size: number; readonly misses: number };
  /** With remote embeddings: the mean of every chunk's local sentence vector, as the indexer recorded it. */
  sentenceCentre?: number[];
  /** Jurisdictions some page (registry aside) is about or names, as the indexer found them. */
  covered: ReadonlySet<string>;
  vectors: { transform(vector: ArrayLike<number>): number[]; readonly center: number[] };
  retriever(parts: RetrieverParts): Retriever;
  backend: BackendInfo;
}

/** The embedded artifact or an external one. */
export type KnowledgeIndex = LoadedIndex | ExternalIndex;

export const isExternalIndex = (i: KnowledgeIndex): i is ExternalIndex => 'backend' in i;
