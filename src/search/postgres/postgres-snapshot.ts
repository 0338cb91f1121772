import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../errors.js';
import { CHUNKER_VERSION } from '../../knowledge/chunker.js';
import type { MraRegistry } from '../../knowledge/registry.js';
import type { Chunk, DocMeta, SkippedFile } from '../../knowledge/types.js';
import { INDEX_FORMAT_VERSION, type Manifest } from '../index-store.js';
import type { BackendInfo, ExternalIndex } from '../retriever.js';
import { centre } from '../vector-index.js';
import { ChunkCache } from './chunk-cache.js';
import { mismatch } from './postgres-indexer.js';
import { PostgresRetriever } from './postgres-retriever.js';
import { DatabaseTermFrequencies } from './term-frequencies.js';
import { inTransaction } from './transaction.js';

interface Meta {
  format: string; embedder_id: string; dims: number; center: number[]; generation: string; built_at: Date; build_ms: number;
  skipped: (SkippedFile & { hash: string })[]; registry: MraRegistry | null; doc_count: number;
}

/** Chunks of recent hits a replica keeps (a few MB): hits are read from the database, not from the snapshot. */
const HIT_CACHE = 2000;
/** Document frequencies of recently asked terms a replica keeps (~1-2 MB); aeo_terms is read per question. */
const TERM_CACHE = 20_000;

interface FileRow { file: string; hash: string; meta: DocMeta; chunk_count: number; covers: string[] | null }

/**
 * The mean of every chunk's local sentence vector, from the files' sums (migration 004); undefined unless every file
 * with chunks has one (recorded by an indexer with remote embeddings).
 */
async function sentenceCentre(client: PoolClient): Promise<number[] | undefined> {
  const { rows } = await client.query<{ n: string | null; missing: boolean }>(
    'SELECT sum(sentence_n)::text AS n, bool_or(sentence_n IS NULL AND chunk_count > 0) AS missing FROM aeo_files');
  const n = Number(rows[0]?.n ?? 0);
  if (rows[0]?.missing !== false || !n) return undefined;
  const sums = await client.query<{ s: number }>(
    `SELECT sum(u.v)::float8 AS s FROM aeo_files f, unnest(f.sentence_sum) WITH ORDINALITY AS u(v, d)
     WHERE f.sentence_n > 0 GROUP BY u.d ORDER BY u.d`);
  return sums.rows.map((r) => r.s / n);
}

export interface SnapshotOptions {
  embedder: { id: string; dims: number };
  textSearch: BackendInfo['textSearch'];
  onStale?: (generation: number) => void;
}

/**
 * One consistent read of the database index (a repeatable-read transaction): file front matter and covered
 * jurisdictions, the registry and the chunks the answer steps read whole (glossary, FAQ, programme pages). No other
 * chunk is read: searching goes to the database on every question and hits come from their rows; term document
 * frequencies are read per question (DatabaseTermFrequencies). What a replica holds grows with the files and the
 * curated pages, not with the chunks or their vocabulary.
 */
export async function loadSnapshot(pool: Pool, opts: SnapshotOptions): Promise<ExternalIndex> {
  const { meta, files, rows, sentences } = await inTransaction(pool, async (client) => {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('aeo_terms')::text AS t");
    if (!table.rows[0]?.t) throw new AppError('NOT_READY', 'The database index tables are not up to date: run "bin/aeo-bot migrate", then "bin/aeo-bot index".');
    const m = (await client.query<Meta>('SELECT * FROM aeo_index_meta WHERE id = 1')).rows[0];
    if (!m) throw new AppError('NOT_READY', 'The database holds no index yet: run "bin/aeo-bot index".');
    const f = (await client.query<FileRow>('SELECT file, hash, meta, chunk_count, covers FROM aeo_files')).rows;
    if (f.some((x) => x.covers === null)) {
      throw new AppError('NOT_READY', 'The database index predates migration 003: run "bin/aeo-bot index" (it fills what replicas read, embedding nothing again).');
    }
    const r = (await client.query<{ doc: string }>('SELECT doc::text AS doc FROM aeo_chunks WHERE held ORDER BY file, ord')).rows;
    return { meta: m, files: f, rows: r, sentences: await sentenceCentre(client) };
  }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const wrong = mismatch(meta, opts.embedder);
  if (wrong) throw wrong;
  const parsed = rows.map((r) => JSON.parse(r.doc) as Chunk);
  // The embedded index's order (files by name, chunks in file order): ties and page order read alike.
  const order = new Map([...new Set(parsed.map((c) => c.file))].sort((a, b) => a.localeCompare(b)).map((f, i) => [f, i]));
  const chunks = parsed.map((c, i) => ({ c, i })).sort((a, b) => order.get(a.c.file)! - order.get(b.c.file)! || a.i - b.i).map((x) => x.c);
  const generation = Number(meta.generation);
  const center = meta.center;
  const transform = (v: ArrayLike<number>) => {
    const a = Array.from(v);
    return a.some((x) => x !== 0) ? centre(a, center) : a;
  };
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION, embedder: { id: meta.embedder_id, dims: meta.dims }, chunker: CHUNKER_VERSION,
    builtAt: new Date(meta.built_at).toISOString(), buildMs: meta.build_ms, chunkCount: meta.doc_count,
    files: Object.fromEntries(files.map((f) => [f.file, { hash: f.hash, chunks: f.chunk_count, meta: f.meta }])), skipped: meta.skipped,
  };
  const candidates = opts.textSearch.ranking === 'pg_textsearch';
  const snapshot = { cache: new ChunkCache(HIT_CACHE), candidates, generation, transform, ...(opts.onStale ? { onStale: opts.onStale } : {}) };
  return {
    dir: `postgres (generation ${generation})`, manifest, chunks, df: new DatabaseTermFrequencies(pool, TERM_CACHE),
    covered: new Set(files.flatMap((f) => f.covers ?? [])),
    ...(meta.registry ? { registry: meta.registry } : {}),
    ...(sentences ? { sentenceCentre: sentences } : {}),
    vectors: { transform, center },
    retriever: (parts) => new PostgresRetriever(pool, snapshot, parts),
    backend: { kind: 'postgres', textSearch: opts.textSearch, generation },
  };
}
