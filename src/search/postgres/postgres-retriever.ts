import type { Pool, PoolClient } from 'pg';
import { queryTerms } from '../bm25-fields.js';
import { DEFAULT_BM25_WEIGHTS, type Bm25Weights } from '../bm25-index.js';
import { DEFAULT_RANKING, type QueryEmbedder, type RankingWeights, type RetrievalMode } from '../hybrid-retriever.js';
import type { Retriever } from '../retriever.js';
import type { TermExpander } from '../term-expander.js';
import type { ScoredChunk, SearchOptions } from '../types.js';
import { vectorLiteral } from './chunk-rows.js';
import type { ChunkCache } from './chunk-cache.js';
import { hybridSql } from './hybrid-sql.js';

/**
 * Session settings for the vector channel, once per connection: filtered queries keep scanning the HNSW graph until
 * enough rows pass the filter, in exact distance order (pgvector >= 0.8), as the embedded index's filtered search.
 */
const VECTOR_SETTINGS = "SET hnsw.ef_search = 100; SET hnsw.iterative_scan = 'strict_order'";
const prepared = new WeakSet<PoolClient>();

/**
 * pg_textsearch candidates the exact BM25 scores: enough that the exact top `depth` is (nearly always) among them.
 */
const CANDIDATES_PER_DEPTH = 10;
const MIN_CANDIDATES = 300;

async function runQuery<T extends object>(pool: Pool, sql: string, params: unknown[]): Promise<T[]> {
  const client = await pool.connect();
  try {
    if (!prepared.has(client)) {
      // pgvector before 0.8 has no iterative scans: its filtered queries may then return fewer rows.
      await client.query(VECTOR_SETTINGS).catch(() => client.query('SET hnsw.ef_search = 100'));
      prepared.add(client);
    }
    return (await client.query<T>(sql, params)).rows;
  } finally {
    client.release();
  }
}

interface HitRow {
  id: string; score: number; bm25_rank: number | null; bm25_score: number | null; vector_rank: number | null; sim: number | null;
  doc: string; generation: string;
}

/** What the retriever reads from the snapshot it belongs to. */
export interface RetrieverSnapshot {
  /** The chunks of recent hits: a hit's chunk comes from its row, the replica holds no copy of the index. */
  cache: ChunkCache;
  /** The lexical channel scores pg_textsearch's candidates (the bm25 index exists) instead of every posting. */
  candidates: boolean;
  generation: number;
  transform(vector: ArrayLike<number>): number[];
  /** Called when a query saw a newer generation than the snapshot's: the replica reloads it. */
  onStale?: (generation: number) => void;
}

export interface PostgresRetrieverParts {
  embedder: QueryEmbedder;
  expander?: TermExpander;
  ranking?: RankingWeights;
  bm25?: Bm25Weights;
}

/** The hybrid retriever on PostgreSQL: the same inputs and ranking as HybridRetriever, in one SQL statement. */
export class PostgresRetriever implements Retriever {
  constructor(
    private readonly pool: Pool,
    private readonly snapshot: RetrieverSnapshot,
    private readonly parts: PostgresRetrieverParts,
    private readonly mode: RetrievalMode = 'hybrid',
  ) {}

  withMode(mode: RetrievalMode): PostgresRetriever {
    return new PostgresRetriever(this.pool, this.snapshot, this.parts, mode);
  }

  async search(query: string, opts: SearchOptions): Promise<ScoredChunk[]> {
    const depth = Math.max(opts.k * 4, 30);
    const lang = opts.language ?? 'en';
    const w = this.parts.ranking ?? DEFAULT_RANKING;
    const bm25 = this.parts.bm25 ?? DEFAULT_BM25_WEIGHTS;
    const expansion = this.parts.expander?.expand(query, lang) ?? [];
    const { terms, boost } = this.mode === 'vector' ? { terms: [], boost: () => 1 } : queryTerms(query, lang, expansion, bm25.expansionWeight);
    const reps = new Map<string, number>();
    for (const t of terms) reps.set(t, (reps.get(t) ?? 0) + 1);
    let vector: string | null = null;
    if (this.mode !== 'bm25') {
      const raw = await this.parts.embedder.embedQuery([query, ...expansion].join(' '));
      if (raw.some((x) => x !== 0)) vector = vectorLiteral(this.snapshot.transform(raw));
    }
    const f = opts.filters;
    const orNull = (a?: string[]) => (a?.length ? a : null);
    const j = w.jurisdiction;
    // MiniSearch replaces a zero boost by 1.
    const fieldBoosts = [bm25.boost.head || 1, bm25.boost.body || 1, bm25.boost.questions || 1];
    const candidates = this.snapshot.candidates && terms.length > 0;
    const rows = await runQuery<HitRow>(this.pool, hybridSql(candidates), [
      [...reps.keys()], [...reps.keys()].map(boost), [...reps.values()], vector, depth, opts.k,
      orNull(f?.jurisdictions), orNull(f?.topics), orNull(f?.languages), lang, opts.jurisdiction ?? null,
      w.fusion.k, w.fusion.bm25, w.fusion.vector, w.sameLanguageBoost, j.ownPage, j.sharedPage, j.otherCountries,
      j.countryPageWithoutCountry, fieldBoosts, !!opts.jurisdiction && this.mode !== 'vector',
      ...(candidates ? [Math.max(depth * CANDIDATES_PER_DEPTH, MIN_CANDIDATES)] : []),
    ]);
    const generation = Number(rows[0]?.generation ?? this.snapshot.generation);
    if (generation !== this.snapshot.generation) this.snapshot.onStale?.(generation);
    return rows.map((r) => ({
      chunk: this.snapshot.cache.get(r.id, r.doc),
      score: r.score,
      ...(r.bm25_rank !== null ? { bm25Rank: r.bm25_rank } : {}),
      ...(r.bm25_score !== null ? { bm25Score: r.bm25_score } : {}),
      ...(r.vector_rank !== null ? { vectorRank: r.vector_rank } : {}),
      ...(r.sim !== null ? { vectorSimilarity: r.sim } : {}),
    }));
  }
}
