import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../errors.js';
import { CHUNKER_VERSION } from '../../knowledge/chunker.js';
import { ingestFile } from '../../knowledge/ingest.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../../knowledge/ingest-limits.js';
import type { MraRegistry } from '../../knowledge/registry.js';
import { scanKnowledge, type ScannedFile } from '../../knowledge/scan.js';
import type { Chunk, DocMeta, SkippedFile } from '../../knowledge/types.js';
import type { Logger } from '../../logging/logger.js';
import { embeddingText, INDEX_FORMAT_VERSION, type IdentifiedEmbeddings } from '../index-store.js';
import { centre, mean, unit } from '../vector-index.js';
import { chunkRow, type ChunkRow, type PostingRow } from './chunk-rows.js';
import { LOCK_INDEX } from './migrations.js';
import {
  backfillFacts, backfillSentenceSums, countTerms, fileCovers, isHeld, sentenceSum, storedChunks, type LocalSentences, type Mentions,
} from './replica-facts.js';
import { inTransaction } from './transaction.js';

export const INDEX_FORMAT = `${INDEX_FORMAT_VERSION}/${CHUNKER_VERSION}`;
const BATCH = 500;

export interface IndexUpdate { changed: string[]; removed: string[]; chunks: number; generation: number; ms: number }

interface MetaRow { format: string; embedder_id: string; dims: number; center: number[]; generation: string; skipped: (SkippedFile & { hash: string })[]; registry: MraRegistry | null }

export interface Ingested {
  file: Pick<ScannedFile, 'rel' | 'hash'>; chunks: Chunk[]; meta: DocMeta; vectors: number[][]; registry?: MraRegistry;
  /** The chunks' local sentence vectors summed (remote embeddings): see migration 004. */
  sentences?: { sum: number[]; n: number };
}

/** The message for an index the configured embedder or this version cannot read. */
export function mismatch(m: Pick<MetaRow, 'format' | 'embedder_id' | 'dims'>, embedder: { id: string; dims: number }): AppError | undefined {
  if (m.embedder_id !== embedder.id || m.dims !== embedder.dims) {
    return new AppError('INDEX_MISMATCH', `The database index was built by embedder ${m.embedder_id}/${m.dims}, configured is ` +
      `${embedder.id}/${embedder.dims}: run "bin/aeo-bot index --rebuild" to re-embed every file with the configured one.`);
  }
  if (m.format !== INDEX_FORMAT) {
    return new AppError('INDEX_MISMATCH', `The database index has format ${m.format}, this version reads ${INDEX_FORMAT}: ` +
      'run "bin/aeo-bot index --rebuild".');
  }
  return undefined;
}

/**
 * Updates the shared index from a knowledge folder: only files whose content hash changed are ingested and
 * embedded; files gone from the folder are deleted with their chunks. Everything happens in one transaction
 * under an advisory lock, so readers see the old index or the new one, never a mix, and two indexers queue.
 */
export class PostgresIndexer {
  private readonly log: Logger;

  constructor(
    private readonly pool: Pool,
    private readonly knowledgeDir: string,
    private readonly embeddings: IdentifiedEmbeddings,
    logger: Logger,
    private readonly limits: IngestLimits = DEFAULT_INGEST_LIMITS,
    private readonly mentions: Mentions = () => [],
    /** With remote embeddings: the local vectors whose mean over every chunk readers centre sentences on. */
    private readonly sentences?: LocalSentences,
  ) {
    this.log = logger.child({ module: 'postgres-indexer' });
  }

  async update(opts: { rebuild?: boolean } = {}): Promise<IndexUpdate> {
    const started = Date.now();
    const files = await scanKnowledge(this.knowledgeDir, this.limits.maxFileBytes);
    const out = await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_INDEX]);
      if (opts.rebuild) await client.query('DELETE FROM aeo_files; DELETE FROM aeo_index_meta; DELETE FROM aeo_terms; DELETE FROM aeo_field_df; DROP INDEX IF EXISTS aeo_chunks_embedding');
      const meta = (await client.query<MetaRow>('SELECT format, embedder_id, dims, center, generation, skipped, registry FROM aeo_index_meta WHERE id = 1 FOR UPDATE')).rows[0];
      if (meta) {
        const wrong = mismatch(meta, this.embeddings);
        if (wrong) throw wrong;
      }
      const known = new Map((await client.query<{ file: string; hash: string }>('SELECT file, hash FROM aeo_files')).rows.map((r) => [r.file, r.hash]));
      const wasSkipped = new Map((meta?.skipped ?? []).map((s) => [s.file, s]));
      const present = new Set(files.map((f) => f.rel));
      const removed = [...known.keys()].filter((f) => !present.has(f));
      // A file skipped before with the same content would be skipped again: it is not read twice.
      const skipped = files.flatMap((f) => (wasSkipped.get(f.rel)?.hash === f.hash ? [wasSkipped.get(f.rel)!] : []));
      const changed = files.filter((f) => known.get(f.rel) !== f.hash && wasSkipped.get(f.rel)?.hash !== f.hash);
      const generation = Number(meta?.generation ?? 0);
      const unfilled = (await client.query(
        `SELECT 1 FROM aeo_files WHERE covers IS NULL ${this.sentences ? 'OR sentence_n IS NULL' : ''} LIMIT 1`)).rowCount;
      if (meta && !changed.length && !removed.length && skipped.length === meta.skipped.length && !unfilled) {
        return { changed: [], removed: [], chunks: await countChunks(client), generation, ms: Date.now() - started };
      }
      const gone = [...removed, ...changed.map((f) => f.rel)];
      // Their chunks leave the term counts (files not yet filled by the backfill were never counted).
      const counted = (await client.query<{ file: string }>('SELECT file FROM aeo_files WHERE file = ANY($1::text[]) AND covers IS NOT NULL', [gone])).rows;
      for (const chunks of (await storedChunks(client, counted.map((r) => r.file))).values()) await countTerms(client, chunks, -1);
      await client.query(
        `UPDATE aeo_field_df t SET df = t.df - s.n
         FROM (SELECT p.term, p.field, count(*)::int AS n FROM aeo_postings p JOIN aeo_chunks c ON c.id = p.chunk_id
               WHERE c.file = ANY($1::text[]) GROUP BY p.term, p.field) s
         WHERE t.term = s.term AND t.field = s.field`, [gone]);
      await client.query('DELETE FROM aeo_files WHERE file = ANY($1::text[])', [gone]);
      const kept = await countChunks(client);
      const ingested = await this.ingest(changed, kept, skipped);
      const vectors = ingested.flatMap((i) => i.vectors);
      const center = meta?.center ?? mean(vectors.filter((v) => v.some((x) => x !== 0)), this.embeddings.dims);
      if (!meta) await createIndexMeta(client, this.embeddings, center);
      for (const i of ingested) await insertFile(client, i, center, this.embeddings.dims, this.mentions);
      const filled = await backfillFacts(client, this.mentions);
      if (filled) this.log.info({ files: filled }, 'replica facts filled for files indexed before migration 003');
      const summed = this.sentences ? await backfillSentenceSums(client, this.sentences) : 0;
      if (summed) this.log.info({ files: summed }, 'sentence vector sums filled for files indexed before migration 004');
      const registry = this.registryAfter(meta?.registry ?? null, ingested, removed, changed);
      const chunks = await finishUpdate(client, { buildMs: Date.now() - started, skipped, registry });
      if (!chunks) throw new AppError('KNOWLEDGE_EMPTY', `No usable knowledge in "${this.knowledgeDir}": every file was skipped.`, { skipped });
      return { changed: changed.map((f) => f.rel), removed, chunks, generation: generation + 1, ms: Date.now() - started };
    });
    this.log.info({ changed: out.changed.length, removed: out.removed.length, chunks: out.chunks, generation: out.generation, ms: out.ms }, 'database index updated');
    return out;
  }

  private async ingest(files: ScannedFile[], kept: number, skipped: (SkippedFile & { hash: string })[]): Promise<Ingested[]> {
    const out: Ingested[] = [];
    let total = kept;
    const skip = (f: ScannedFile, reason: string) => {
      this.log.warn({ file: f.rel, reason }, `skipping knowledge file ${f.rel}: ${reason}`);
      skipped.push({ file: f.rel, reason, hash: f.hash });
    };
    for (const file of files) {
      let chunks: Chunk[];
      let meta: DocMeta;
      let registry: MraRegistry | undefined;
      try {
        ({ chunks, meta, registry } = await ingestFile(file, this.limits));
      } catch (err) {
        skip(file, (err as Error).message);
        continue;
      }
      if (total + chunks.length > this.limits.maxIndexChunks) {
        skip(file, `index chunks ${total + chunks.length} would be over the limit of ${this.limits.maxIndexChunks} (MAX_INDEX_CHUNKS)`);
        continue;
      }
      total += chunks.length;
      const vectors = await this.embeddings.embedDocuments(chunks.map(embeddingText));
      out.push({
        file, chunks, meta, vectors, ...(registry ? { registry } : {}),
        ...(this.sentences ? { sentences: sentenceSum(chunks, this.sentences) } : {}),
      });
      // An INDEX_WRITER replica indexes on its answering thread: questions get a turn between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  }

  /** The MRA registry follows its file: replaced when it changed, dropped when it was removed. */
  private registryAfter(prev: MraRegistry | null, ingested: Ingested[], removed: string[], changed: ScannedFile[]): MraRegistry | null {
    const fresh = ingested.find((i) => i.registry)?.registry;
    if (fresh) return fresh;
    if (prev && (removed.includes(prev.file) || changed.some((f) => f.rel === prev.file))) return null;
    return prev;
  }
}

/** The first build fixes the vector column's dimensions and the centre later updates are centred on. */
export async function createIndexMeta(client: PoolClient, embedder: { id: string; dims: number }, center: number[]): Promise<void> {
  await client.query(`ALTER TABLE aeo_chunks ALTER COLUMN embedding TYPE vector(${Number(embedder.dims)})`);
  await client.query('INSERT INTO aeo_index_meta (id, format, embedder_id, dims, center) VALUES (1, $1, $2, $3, $4)',
    [INDEX_FORMAT, embedder.id, embedder.dims, center]);
}

/** BM25 statistics and a new generation (readers reload), the HNSW index made on the first build; the chunk count. */
export async function finishUpdate(
  client: PoolClient, done: { buildMs: number; skipped: (SkippedFile & { hash: string })[]; registry: MraRegistry | null },
): Promise<number> {
  const stats = await client.query<{ n: number }>(
    `UPDATE aeo_index_meta SET generation = generation + 1, built_at = now(), build_ms = $1, skipped = $2::jsonb, registry = $3::jsonb,
       doc_count = s.n, avg_len = s.avg
     FROM (SELECT count(*)::int AS n, ARRAY[coalesce(avg(lens[1]), 0), coalesce(avg(lens[2]), 0), coalesce(avg(lens[3]), 0)]::float8[] AS avg
           FROM aeo_chunks) s
     WHERE id = 1 RETURNING s.n AS n`,
    [done.buildMs, JSON.stringify(done.skipped), done.registry ? JSON.stringify(done.registry) : null],
  );
  // Built after the rows on a first build (faster than growing it row by row); kept up to date by PostgreSQL after.
  await client.query('CREATE INDEX IF NOT EXISTS aeo_chunks_embedding ON aeo_chunks USING hnsw (embedding vector_cosine_ops)');
  // Fresh planner statistics: without them (a first bulk load, before autovacuum gets to it) the pg_textsearch path
  // sorted every chunk of the language by its bm25 distance instead of reading the bm25 index (PGlite, 10k chunks:
  // 1.2 s against 53 ms a question), and the filters' join scanned the chunks once per posting.
  await client.query('ANALYZE aeo_chunks, aeo_postings, aeo_field_df');
  return stats.rows[0]?.n ?? 0;
}

async function countChunks(client: PoolClient): Promise<number> {
  return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM aeo_chunks')).rows[0]?.n ?? 0;
}

/**
 * Inserts one file, its chunks (vectors centred as the embedded index centres them), their postings and term counts,
 * and the jurisdictions the file covers (`mentions` finds those its text names).
 */
export async function insertFile(client: PoolClient, i: Ingested, center: number[], dims: number, mentions: Mentions = () => []): Promise<void> {
  await client.query('INSERT INTO aeo_files (file, hash, meta, chunk_count, covers, sentence_sum, sentence_n) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [i.file.rel, i.file.hash, JSON.stringify(i.meta), i.chunks.length, fileCovers(i.chunks, mentions), i.sentences?.sum ?? null, i.sentences?.n ?? null]);
  await countTerms(client, i.chunks, 1);
  const rows: ChunkRow[] = [];
  const postings: PostingRow[] = [];
  i.chunks.forEach((c, ord) => {
    const v = i.vectors[ord] ?? [];
    const built = chunkRow(c, ord, v.some((x) => x !== 0) ? centre(v, center) : unit(dims));
    rows.push(built.row);
    postings.push(...built.postings);
  });
  for (let at = 0; at < rows.length; at += BATCH) {
    await client.query(
      `INSERT INTO aeo_chunks (file, ord, language, jurisdictions, topics, lens, doc, embedding, held)
       SELECT file, ord, language, jurisdictions, topics, lens, doc::json, embedding::vector, held
       FROM jsonb_to_recordset($1::jsonb)
         AS r(file text, ord int, language text, jurisdictions text[], topics text[], lens int[], doc text, embedding text, held boolean)`,
      [JSON.stringify(rows.slice(at, at + BATCH))],
    );
  }
  for (let at = 0; at < postings.length; at += BATCH * 20) {
    await client.query(
      `INSERT INTO aeo_postings (term, field, chunk_id, tf, len)
       SELECT r.term, r.field, c.id, r.tf, r.len FROM jsonb_to_recordset($1::jsonb) AS r(file text, ord int, term text, field smallint, tf int, len int)
       JOIN aeo_chunks c ON c.file = r.file AND c.ord = r.ord`,
      [JSON.stringify(postings.slice(at, at + BATCH * 20))],
    );
  }
  await client.query(
    `INSERT INTO aeo_field_df AS t (term, field, df)
     SELECT p.term, p.field, count(*) FROM aeo_postings p JOIN aeo_chunks c ON c.id = p.chunk_id WHERE c.file = $1 GROUP BY p.term, p.field
     ON CONFLICT (term, field) DO UPDATE SET df = t.df + EXCLUDED.df`, [i.file.rel]);
  // The text the bm25 index (pg_textsearch, when present) picks candidates from: the postings' terms.
  await client.query('UPDATE aeo_chunks SET search_text = aeo_search_text(id) WHERE file = $1', [i.file.rel]);
}
