import type { Pool } from 'pg';
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
import { inTransaction } from './transaction.js';

interface Meta {
  format: string; embedder_id: string; dims: number; center: number[]; generation: string; built_at: Date; build_ms: number;
  skipped: (SkippedFile & { hash: string })[]; registry: MraRegistry | null; doc_count: number;
}

/** Chunks of recent hits a replica keeps (a few MB): hits are read from the database, not from the snapshot. */
const HIT_CACHE = 2000;

interface FileRow { file: string; hash: string; meta: DocMeta; chunk_count: number; covers: string[] | null }

export interface SnapshotOptions {
  embedder: { id: string; dims: number };
  textSearch: BackendInfo['textSearch'];
  onStale?: (generation: number) => void;
}

/**
 * One consistent read of the database index (a repeatable-read transaction): file front matter and covered
 * jurisdictions, the registry, term document frequencies and the chunks the answer steps read whole (glossary, FAQ,
 * programme pages). No other chunk is read: searching goes to the database on every question and hits come from
 * their rows, so what a replica holds grows with the vocabulary and the curated pages, not with the corpus.
 */
export async function loadSnapshot(pool: Pool, opts: SnapshotOptions): Promise<ExternalIndex> {
  const { meta, files, rows, terms } = await inTransaction(pool, async (client) => {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('aeo_terms')::text AS t");
    if (!table.rows[0]?.t) throw new AppError('NOT_READY', 'The database index tables are not up to date: run "bin/aeo-bot migrate", then "bin/aeo-bot index".');
    const m = (await client.query<Meta>('SELECT * FROM aeo_index_meta WHERE id = 1')).rows[0];
    if (!m) throw new AppError('NOT_READY', 'The database holds no index yet: run "bin/aeo-bot index".');
    const f = (await client.query<FileRow>('SELECT file, hash, meta, chunk_count, covers FROM aeo_files')).rows;
    if (f.some((x) => x.covers === null)) {
      throw new AppError('NOT_READY', 'The database index predates migration 003: run "bin/aeo-bot index" (it fills what replicas read, embedding nothing again).');
    }
    const r = (await client.query<{ doc: string }>('SELECT doc::text AS doc FROM aeo_chunks WHERE held ORDER BY file, ord')).rows;
    const t = (await client.query<{ term: string; df: number }>('SELECT term, df FROM aeo_terms')).rows;
    return { meta: m, files: f, rows: r, terms: t };
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
    dir: `postgres (generation ${generation})`, manifest, chunks, df: new Map(terms.map((t) => [t.term, t.df])),
    covered: new Set(files.flatMap((f) => f.covers ?? [])),
    ...(meta.registry ? { registry: meta.registry } : {}),
    vectors: { transform, center },
    retriever: (parts) => new PostgresRetriever(pool, snapshot, parts),
    backend: { kind: 'postgres', textSearch: opts.textSearch, generation },
  };
}
