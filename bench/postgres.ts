/**
 * The index on PostgreSQL + pgvector against the embedded index, on the same synthetic chunks and vectors: build
 * time (BM25 + vector index; embedding excluded, it is the same for both) and hybrid query latency (the retrieval
 * step of an ask: both channels, fusion, language filter), as ratios measured in one run. The database is PGlite
 * (PostgreSQL 18 + pgvector compiled to WebAssembly, single-threaded, on disk) behind a loopback socket and the `pg`
 * driver: no native PostgreSQL with pgvector installs here, so these ratios bound a native server from above.
 * Usage: npm run bench:postgres -- [--sizes 10000,100000] [--queries 60] [--out reports] [--database-url URL], or
 * npm run bench -- --only postgres (opt-in there: at 100k chunks PGlite takes about 20 minutes). --database-url
 * measures a real server instead: an EMPTY database, whose aeo_* tables the bench fills and drops at each size.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { SifEmbeddings } from '../src/embeddings/sif-embeddings.js';
import { loadWinkVectors } from '../src/embeddings/word-vectors.js';
import { Lexicon } from '../src/i18n/lexicon.js';
import type { Chunk, DocMeta } from '../src/knowledge/types.js';
import { silentLogger } from '../src/logging/logger.js';
import { FlatBm25Index } from '../src/search/flat-bm25.js';
import { HybridRetriever } from '../src/search/hybrid-retriever.js';
import { embeddingText, IndexStore } from '../src/search/index-store.js';
import { migrate, readMigrations } from '../src/search/postgres/migrations.js';
import { createIndexMeta, finishUpdate, insertFile } from '../src/search/postgres/postgres-indexer.js';
import { loadSnapshot } from '../src/search/postgres/postgres-snapshot.js';
import { detectTextSearch } from '../src/search/postgres/text-search.js';
import { inTransaction } from '../src/search/postgres/transaction.js';
import type { Retriever } from '../src/search/retriever.js';
import { TermExpander } from '../src/search/term-expander.js';
import { mean, VectorIndex } from '../src/search/vector-index.js';
import { startPglite } from '../test/helpers/pglite-server.js';
import { benchQueries, synthesizeChunks } from './lib/corpus.js';
import { CACHE_DIR, KNOWLEDGE, REPO } from './lib/paths.js';
import { readDevSet } from './lib/services.js';
import { fmtRatio, percentile } from './lib/stats.js';

interface SizeResult {
  size: number;
  queries: number;
  embeddedBuildMs: number; postgresBuildMs: number; buildRatio: number;
  embeddedP50: number; embeddedP95: number; postgresP50: number; postgresP95: number;
  p50Ratio: number; p95Ratio: number;
  /** Share of the embedded top 8 the database returns too (the same ranking gives 1). */
  top8Agreement: number;
  /** How the database ranked the lexical channel; with pg_textsearch, the all-postings path measured beside it. */
  ranking: string;
  postingsP50?: number; postingsP95?: number;
}

const K = 8;

interface Options { sizes: number[]; queries: number; out: string; databaseUrl?: string }

function args(argv: string[]): Options {
  const get = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  return {
    sizes: (get('--sizes') ?? '10000,100000').split(',').map(Number),
    queries: Number(get('--queries') ?? 60),
    out: resolve(REPO, get('--out') ?? 'reports'),
    ...(get('--database-url') ? { databaseUrl: get('--database-url')! } : {}),
  };
}

async function timeQueries(r: Retriever, queries: string[]): Promise<{ times: number[]; ids: string[][] }> {
  const opts = { k: K, filters: { languages: ['en'] }, language: 'en' };
  for (const q of queries.slice(0, 3)) await r.search(q, opts);
  const times: number[] = [];
  const ids: string[][] = [];
  for (const q of queries) {
    const t = performance.now();
    const hits = await r.search(q, opts);
    times.push(performance.now() - t);
    ids.push(hits.map((h) => h.chunk.id));
  }
  return { times, ids };
}

/** PGlite on a temporary folder behind a loopback socket, or the server at `url` (an empty database). */
async function database(url?: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (url) return { url, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'aeo-bench-pg-'));
  const server = await startPglite({ dataDir });
  return { url: server.url, stop: async () => { await server.stop(); await rm(dataDir, { recursive: true, force: true }); } };
}

const DROP = 'DROP TABLE IF EXISTS aeo_postings, aeo_chunks, aeo_files, aeo_index_meta, aeo_terms, aeo_field_df, aeo_migrations';

async function measure(size: number, base: Chunk[], queries: string[], embeddings: SifEmbeddings, expander: TermExpander, log: (m: string) => void, url?: string): Promise<SizeResult> {
  const chunks = synthesizeChunks(base, size);
  const vectors = await embeddings.embedDocuments(chunks.map(embeddingText));
  let t = performance.now();
  const bm25 = FlatBm25Index.build(chunks);
  const hnsw = await VectorIndex.build(embeddings, vectors, embeddings.dims);
  const embeddedBuildMs = performance.now() - t;
  const embedded = new HybridRetriever(chunks, bm25, hnsw, embeddings, 'hybrid', expander);
  log(`  ${size}: embedded build ${embeddedBuildMs.toFixed(0)} ms`);

  const server = await database(url);
  const pool = new pg.Pool({ connectionString: server.url, max: 2 });
  try {
    if (url) await pool.query(DROP);
    await migrate(pool, await readMigrations(join(REPO, 'migrations')), silentLogger());
    const byFile = new Map<string, number[]>();
    chunks.forEach((c, i) => byFile.set(c.file, [...(byFile.get(c.file) ?? []), i]));
    t = performance.now();
    // The indexer's own write path: rows and postings per file, statistics, then the HNSW index, in one transaction.
    await inTransaction(pool, async (client) => {
      const center = mean(vectors.filter((v) => v.some((x) => x !== 0)), embeddings.dims);
      await createIndexMeta(client, embeddings, center);
      for (const [file, idx] of byFile) {
        const first = chunks[idx[0]!]!;
        const meta: DocMeta = { title: first.title, sources: first.sources, jurisdictions: first.jurisdictions, topics: first.topics, language: first.language, kind: first.kind };
        await insertFile(client, { file: { rel: file, hash: 'bench' }, meta, chunks: idx.map((i) => chunks[i]!), vectors: idx.map((i) => vectors[i]!) }, center, embeddings.dims);
      }
      await finishUpdate(client, { buildMs: 0, skipped: [], registry: null });
    });
    const postgresBuildMs = performance.now() - t;
    log(`  ${size}: postgres build ${postgresBuildMs.toFixed(0)} ms`);
    const textSearch = await detectTextSearch(pool);
    const snapshot = await loadSnapshot(pool, { embedder: embeddings, textSearch });
    const database = snapshot.retriever({ embedder: embeddings, expander });
    const e = await timeQueries(embedded, queries);
    const p = await timeQueries(database, queries);
    // With pg_textsearch, the same queries scoring every posting of their terms (the path without the extension).
    const postings = textSearch.ranking === 'pg_textsearch'
      ? await timeQueries((await loadSnapshot(pool, { embedder: embeddings, textSearch: { ...textSearch, ranking: 'postings-bm25' } }))
        .retriever({ embedder: embeddings, expander }), queries)
      : undefined;
    const agree = e.ids.reduce((s, ids, i) => s + ids.filter((id) => p.ids[i]!.includes(id)).length / Math.max(1, ids.length), 0) / e.ids.length;
    const r = {
      size, queries: queries.length, embeddedBuildMs, postgresBuildMs, buildRatio: postgresBuildMs / embeddedBuildMs,
      embeddedP50: percentile(e.times, 50), embeddedP95: percentile(e.times, 95), postgresP50: percentile(p.times, 50), postgresP95: percentile(p.times, 95),
      p50Ratio: 0, p95Ratio: 0, top8Agreement: agree, ranking: textSearch.ranking,
      ...(postings ? { postingsP50: percentile(postings.times, 50), postingsP95: percentile(postings.times, 95) } : {}),
    };
    r.p50Ratio = r.postgresP50 / r.embeddedP50;
    r.p95Ratio = r.postgresP95 / r.embeddedP95;
    log(`  ${size}: query p50 ${r.embeddedP50.toFixed(1)} vs ${r.postgresP50.toFixed(1)} ms (${fmtRatio(r.p50Ratio)}, ${r.ranking}), ` +
      `top-8 agreement ${(agree * 100).toFixed(1)}%${r.postingsP50 ? `; all postings p50 ${r.postingsP50.toFixed(1)} ms` : ''}`);
    return r;
  } finally {
    if (url) await pool.query(DROP).catch(() => undefined);
    await pool.end();
    await server.stop();
  }
}

export function report(results: SizeResult[], server = 'PGlite'): string {
  const row = (r: SizeResult) => `| ${r.size.toLocaleString('en')} | ${r.embeddedBuildMs.toFixed(0)} | ${r.postgresBuildMs.toFixed(0)} | ${fmtRatio(r.buildRatio)} | ` +
    `${r.embeddedP50.toFixed(1)} / ${r.embeddedP95.toFixed(1)} | ${r.postgresP50.toFixed(1)} / ${r.postgresP95.toFixed(1)} | ${fmtRatio(r.p50Ratio)} / ${fmtRatio(r.p95Ratio)} | ` +
    `${r.ranking} | ${r.postingsP50 !== undefined ? `${r.postingsP50.toFixed(1)} / ${r.postingsP95!.toFixed(1)}` : '-'} | ${(r.top8Agreement * 100).toFixed(1)}% |`;
  return [`# Index backends: embedded vs PostgreSQL + pgvector (${server})`, '',
    'Same synthetic chunks and vectors; build = BM25 + vector index (embedding excluded); query = hybrid retrieval of an ask ' +
    `(k = 8, English filter). Ratios are PostgreSQL / embedded, measured in this run.${server === 'PGlite'
      ? ' PGlite is PostgreSQL in WebAssembly (one thread, behind a loopback socket): a native server is faster.' : ''}`, '',
    'Lexical ranking `pg_textsearch`: its bm25 index picks the candidates the exact BM25 scores; the all-postings column ' +
      'times the same queries scoring every posting of their terms (the path without the extension).', '',
    '| chunks | embedded build ms | postgres build ms | build ratio | embedded p50 / p95 ms | postgres p50 / p95 ms | ' +
      'query ratio p50 / p95 | lexical ranking | all postings p50 / p95 ms | top-8 agreement |',
    '|---|---|---|---|---|---|---|---|---|---|', ...results.map(row), ''].join('\n');
}

/** Measures both backends at `sizes` and writes bench-postgres.md / .json into `out` (also `npm run bench -- --only postgres`). */
export async function benchBackends(o: Options, log: (m: string) => void): Promise<SizeResult[]> {
  const embeddings = new SifEmbeddings(await loadWinkVectors(CACHE_DIR, silentLogger()));
  const tmp = await mkdtemp(join(tmpdir(), 'aeo-bench-idx-'));
  const base = (await new IndexStore(tmp, KNOWLEDGE, embeddings, silentLogger()).ensure()).chunks;
  await rm(tmp, { recursive: true, force: true });
  const dev = await readDevSet().catch(() => []);
  const queries = benchQueries(dev.map((d) => d.question), base, o.queries);
  const expander = new TermExpander(base.filter((c) => c.kind === 'glossary' && c.headings.length), Lexicon.load(join(REPO, 'prompts', 'lexicon.json')));
  const results: SizeResult[] = [];
  for (const size of o.sizes) results.push(await measure(size, base, queries, embeddings, expander, log, o.databaseUrl));
  await mkdir(o.out, { recursive: true });
  await writeFile(join(o.out, 'bench-postgres.json'), JSON.stringify(results, null, 2));
  await writeFile(join(o.out, 'bench-postgres.md'), report(results, o.databaseUrl ? 'server' : 'PGlite'));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchBackends(args(process.argv.slice(2)), (m) => process.stderr.write(`${m}\n`)).then((r) => process.stdout.write(report(r, process.argv.includes('--database-url') ? 'server' : 'PGlite')));
}
